from odoo import models
from odoo.tools import float_compare

OPEN_STATES = ("confirmed", "waiting", "partially_available")


class StockMove(models.Model):
    _inherit = "stock.move"

    def _trigger_assign(self):
        """Override of `stock`: during a pickup scan-in the arrived goods are reserved by
        the scan-in itself, for the orders the parcel is labelled with first (Odoo would
        serve the oldest waiting moves of the product, somebody else's order)."""
        if self.env.context.get("pickup_scan_in"):
            return None
        return super()._trigger_assign()

    def _pickup_point_stock_moves(self, location):
        """The open moves of these moves' chains that take goods out of ``location`` (a
        pickup point's stock): the delivery itself in one step, its pick in two or three.

        :param location: the point's stock location (``stock.location``)
        """
        found = self.browse()
        todo = list(self.filtered(lambda m: m.state not in ("done", "cancel")))
        seen = set()
        while todo:
            move = todo.pop()
            if move.id in seen:
                continue
            seen.add(move.id)
            if move.location_id.parent_path.startswith(location.parent_path):
                found |= move
            else:
                todo.extend(move.move_orig_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")))
        return found

    def _pickup_missing_qty(self):
        """What this move still has to reserve, in the product's unit."""
        self.ensure_one()
        reserved = self.product_uom._compute_quantity(self.quantity, self.product_id.uom_id)
        return max(self.product_qty - reserved, 0.0)

    def _pickup_reserve_from_package(self, package):
        """Reserve these moves from ``package`` only (the entitlement's parcel), never from
        another order's parcel or loose stock. Moves chained to an earlier move are left to
        Odoo, which reserves what their origin brought, package included."""
        moves = self.filtered(lambda m: m.state in OPEN_STATES and not m.picked
                              and not m.move_orig_ids)
        for move in moves:
            need = move._pickup_missing_qty()
            if float_compare(need, 0.0, precision_rounding=move.product_id.uom_id.rounding) <= 0:
                continue
            location = package.location_id or move.location_id
            move._update_reserved_quantity(need, location, package_id=package, strict=True)
        moves._recompute_state()
        return moves
