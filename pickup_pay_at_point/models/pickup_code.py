from odoo import models


class PickupCode(models.Model):
    _inherit = "pickup.code"

    def _get_notify_context(self):
        """Override of `pickup_code`: notices of an order paid at the pickup point may say
        the amount due (``pickup_amount_due``, formatted; empty when nothing is due)."""
        ctx = super()._get_notify_context()
        order = self.sudo().sale_order_id
        due = order._pickup_get_amount_due() if order.pickup_pay_at_point else 0.0
        ctx["pickup_amount_due"] = order.currency_id.format(due) if due else ""
        return ctx

    def _pickup_amount_due_text(self):
        """The amount due at the counter, formatted, or '' (the portal page shows it)."""
        self.ensure_one()
        order = self.sudo().sale_order_id
        due = order._pickup_get_amount_due() if order.pickup_pay_at_point else 0.0
        return order.currency_id.format(due) if due else ""
