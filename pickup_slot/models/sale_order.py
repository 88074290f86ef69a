from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_cancel(self):
        """A cancelled order gives its slot back (also one booked before the code was
        issued)."""
        entitlements = self.env["pickup.entitlement"].sudo().search(
            [("sale_order_id", "in", self.ids), ("pickup_slot_id", "!=", False)])
        res = super()._action_cancel()
        entitlements._pickup_release_slot()
        return res
