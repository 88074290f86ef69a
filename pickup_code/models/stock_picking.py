from odoo import models


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
        complete the goods of waiting codes."""
        res = super()._action_done()
        dest_orders = self.sudo().move_ids.move_dest_ids.picking_id
        (self | dest_orders)._pickup_codes_to_sync()._sync_ready()
        return res
