from odoo import models
from odoo.tools import float_is_zero


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _check_goods(self, scan):
        """Override of `pickup_code`: an order paid at the pickup point is handed over only
        once it is paid (``payment_required``, with the amount due).

        Checked at verify (the counter shows the amount) and again at redeem, before the
        claim: a handle from an earlier verify never skips it.
        """
        reason, details = super()._check_goods(scan)
        if reason:
            return reason, details
        order = scan.code.sudo().sale_order_id
        if order.pickup_pay_at_point:
            due = order._pickup_get_amount_due()
            if not float_is_zero(due, precision_rounding=order.currency_id.rounding):
                return "payment_required", {"amount_due": order.currency_id.format(due)}
        return None, {}

    def _answer(self, scan, reason, details=None):
        """Override of `pickup_code`: for an order paid at the pickup point, say what is
        still due (``amount_due``, a number in ``currency``, and ``amount_due_text``)."""
        result = super()._answer(scan, reason, details)
        order = scan.code.sudo().sale_order_id if scan.code else None
        if order and order.pickup_pay_at_point and result.get("code"):
            due = order._pickup_get_amount_due()
            result.update({
                "amount_due": due,
                "amount_due_text": order.currency_id.format(due),
                "currency": order.currency_id.name,
            })
        return result

    def _get_reason_message(self, reason, details):
        """Override of `pickup_code`: the message of this addon's reason."""
        if reason == "payment_required":
            return self.env._(
                "%(amount)s is due: take the payment (cash or card), then hand over.",
                amount=details.get("amount_due", ""))
        return super()._get_reason_message(reason, details)
