from odoo import models
from odoo.exceptions import UserError

from ..const import ACTIVE_STATES


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _pickup_codes_to_sync(self):
        """Issued codes whose order is served by these transfers.

        Runs inside standard stock operations (reserve, validate, backorder, return) of any
        Inventory user, who needs no Pickup group: the codes are read as superuser, acted
        upon by the system and never handed back to the user's screen.
        """
        pickings = self.sudo()
        orders = pickings.sale_id | pickings.move_ids.sale_line_id.order_id
        return orders.pickup_code_ids.filtered(lambda c: c.state == "issued")

    def action_assign(self):
        """Override of `stock` to mark pickup codes ready once their goods are reserved at
        the pickup point."""
        res = super().action_assign()
        self._pickup_codes_to_sync()._sync_ready()
        return res

    def _action_done(self):
        """Override of `stock`: a receipt or an internal transfer into a pickup point may
        complete the goods of waiting codes; a delivery validated in Inventory, not at the
        counter, leaves the codes nothing to hand over."""
        res = super()._action_done()
        dest_orders = self.sudo().move_ids.move_dest_ids.picking_id
        (self | dest_orders)._pickup_codes_to_sync()._sync_ready()
        if not self.env.context.get("pickup_handover"):
            self._pickup_revoke_emptied(self.env._("Delivered in Inventory, not with the code"))
            self.env["pickup.handover"]._transfers_done_elsewhere(self)
        return res

    def action_cancel(self):
        """Override of `stock`: a cancelled delivery (or cancelled order) leaves its codes
        nothing to hand over."""
        res = super().action_cancel()
        if not self.env.context.get("pickup_return"):
            self._pickup_revoke_emptied(self.env._("Delivery cancelled"))
        return res

    def _pickup_revoke_emptied(self, reason):
        """Revoke the live codes of these deliveries' orders at their points once no open
        delivery is left to hand over (the rest of a partial one keeps them alive). Without
        it a code would still verify "ok" and redeem with nothing to validate.

        Runs in any Inventory or Sales user's operation: as the system (see above).
        """
        outgoing = self.sudo().filtered(lambda p: p.picking_type_code == "outgoing"
                                        and p.state in ("done", "cancel"))
        if not outgoing:
            return
        codes = (outgoing.sale_id | outgoing.move_ids.sale_line_id.order_id).pickup_code_ids
        emptied = codes.filtered(
            lambda c: c.state in ACTIVE_STATES
            and c.warehouse_id in outgoing.picking_type_id.warehouse_id
            and not c._get_outgoing_pickings())
        emptied._set_state("revoked", revoke_reason=reason)

    # The one "set these quantities and validate" path of the pickup addons: the counter's
    # hand-over and the point's scan-in both go through it.

    def _pickup_set_quantities(self, quantities=None):
        """Mark what is handed over (or what arrived) as picked.

        :param dict quantities: {product id: quantity in the product's unit}, spread over the
            open moves in order; ``None`` takes every open move's full demand
        """
        remaining = dict(quantities or {})
        for move in self.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            if quantities is None:
                qty = move.product_uom_qty
            else:
                qty = min(remaining.get(move.product_id.id, 0.0), move.product_uom_qty)
                remaining[move.product_id.id] = remaining.get(move.product_id.id, 0.0) - qty
            move.quantity = qty
            move.picked = True

    def _pickup_validate(self, error, **context):
        """Validate what ``_pickup_set_quantities`` picked; what is left goes to a backorder
        without asking (the counter and the scan-in have nobody to answer a wizard).

        :param str error: the message raised when Odoo still asks for a manual step
        :param context: flags for the overrides of ``_action_done`` down the line
        """
        result = self.with_context(skip_backorder=True, skip_sms=True,
                                   **context).button_validate()
        if result is not True:
            raise UserError(error)
