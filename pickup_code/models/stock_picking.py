from odoo import models

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
