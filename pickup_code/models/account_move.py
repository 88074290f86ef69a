from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        """Override of `sale` to issue pickup codes once an order's invoices are paid."""
        res = super()._invoice_paid_hook()
        # Any Accounting user registers payments: issuing is the system's act (scoped sudo).
        orders = self.sudo().line_ids.sale_line_ids.order_id
        orders._pickup_issue_if_due()
        return res
