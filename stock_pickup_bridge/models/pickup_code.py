from odoo import fields, models
from odoo.exceptions import UserError


class PickupCode(models.Model):
    _inherit = "pickup.code"

    return_picking_id = fields.Many2one("stock.picking", string="Return transfer", readonly=True,
                                        copy=False)

    def _get_pickup_window_days(self):
        """Override of `pickup_code`: a pickup point may set its own window."""
        return self.warehouse_id.pickup_window_days or super()._get_pickup_window_days()

    def _get_goods_expiry(self):
        """Extension point: the earliest expiry date of the goods reserved for this code, or
        None (`pickup_product_expiry` reads the lots; `pickup_perishable` ends a window there).
        """
        return None

    def _pickup_return_goods(self, reason):
        """Expire these codes and start one return transfer per point to the central warehouse.

        Idempotent: codes that already have a return transfer are skipped.

        :param str reason: why (shown on the codes and the transfer)
        :return: the return ``stock.picking`` records (confirmed, not validated)
        """
        codes = self.filtered(lambda c: not c.return_picking_id
                              and c.state in ("issued", "ready", "expired"))
        returns = self.env["stock.picking"]
        for point in codes.warehouse_id:
            point_codes = codes.filtered(lambda c, p=point: c.warehouse_id == p)
            destination = point._pickup_get_return_warehouse()
            moves = point_codes.sudo()._get_outgoing_pickings_all().move_ids.filtered(
                lambda m: m.state not in ("done", "cancel"))
            if not moves:
                point_codes._set_state("expired", revoke_reason=reason)
                continue
            quantities = {}
            for move in moves:
                quantities[move.product_id] = quantities.get(move.product_id, 0.0) \
                    + move.product_uom_qty
            moves.picking_id.with_context(pickup_return=True).action_cancel()
            picking = self.env["stock.picking"].sudo().with_company(point.company_id).create({
                "company_id": point.company_id.id,
                "picking_type_id": point.int_type_id.id,
                "location_id": point.lot_stock_id.id,
                "location_dest_id": destination.lot_stock_id.id,
                "origin": self.env._(
                    "Uncollected: %(codes)s", codes=", ".join(point_codes.mapped("name"))),
                "move_ids": [(0, 0, {
                    "name": product.display_name, "product_id": product.id,
                    "company_id": point.company_id.id,
                    "product_uom_qty": qty, "product_uom": product.uom_id.id,
                    "location_id": point.lot_stock_id.id,
                    "location_dest_id": destination.lot_stock_id.id,
                }) for product, qty in quantities.items()],
            })
            picking.action_confirm()
            # The parcels go back whole, from the shelves they lie on; the rest is left to
            # Odoo's reservation (anywhere in the point's stock, shelves included).
            for package in point_codes.sudo().entitlement_id.package_id:
                picking.move_ids._pickup_reserve_from_package(package)
            picking.move_ids.filtered(
                lambda m: m.state in ("confirmed", "partially_available"))._action_assign()
            point_codes._set_state("expired", revoke_reason=reason)
            point_codes.sudo().write({"return_picking_id": picking.id})
            self.env["pickup.event"]._log(point_codes, "returned", picking_id=picking.id,
                                          note=reason)
            returns |= picking
        return returns

    def _get_outgoing_pickings_all(self):
        pickings = self.env["stock.picking"]
        for code in self:
            pickings |= code._get_outgoing_pickings()
        return pickings

    def action_pickup_return(self):
        """Button: send the goods of these uncollected codes back to the central warehouse."""
        if not self.env.user.has_group("pickup_code.group_pickup_supervisor"):
            raise UserError(self.env._("Only a pickup supervisor can return uncollected goods."))
        returns = self._pickup_return_goods(self.env._("Not collected in time"))
        return returns._get_records_action(name=self.env._("Return transfers"))
