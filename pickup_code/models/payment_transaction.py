from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _post_process(self):
        """Override of `sale` to issue pickup codes once an online payment is done."""
        res = super()._post_process()
        self.filtered(lambda tx: tx.state == "done").sudo().sale_order_ids._pickup_issue_if_due()
        return res
