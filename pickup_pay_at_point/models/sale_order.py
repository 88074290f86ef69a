from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..core import pay_at_point


class SaleOrder(models.Model):
    _inherit = "sale.order"

    pickup_pay_at_point = fields.Boolean(
        "Pay at pickup point", copy=False, tracking=True,
        help="取貨付款: the buyer pays at the pickup point's counter. The order is confirmed "
             "unpaid and its pickup code issued at once; the counter takes the payment "
             "before it hands the goods over.")
    pickup_amount_due = fields.Monetary(
        "Due at pickup", compute="_compute_pickup_amount_due", currency_field="currency_id",
        help="What the buyer still pays at the pickup point.")

    @api.depends("pickup_pay_at_point", "amount_total", "invoice_ids.amount_residual",
                 "invoice_ids.state", "transaction_ids.state")
    def _compute_pickup_amount_due(self):
        for order in self:
            order.pickup_amount_due = order._pickup_get_amount_due() \
                if order.pickup_pay_at_point else 0.0

    def _pickup_get_amount_due(self):
        """What is still to pay on this order: its total less what its posted invoices
        were paid and what online payments brought (read as superuser: counter staff have
        no accounting rights)."""
        self.ensure_one()
        order = self.sudo()
        if order._pickup_is_paid():
            return 0.0
        invoices = order.invoice_ids.filtered(lambda m: m.state == "posted"
                                              and m.move_type in ("out_invoice", "out_refund"))
        paid = sum((inv.amount_total - inv.amount_residual)
                   * (-1 if inv.move_type == "out_refund" else 1) for inv in invoices)
        paid += sum(order.transaction_ids.filtered(lambda tx: tx.state == "done")
                    .mapped("amount"))
        return pay_at_point.amount_due(order.amount_total, paid, order.currency_id.rounding)

    def _pickup_issue_if_due(self):
        """Override of `pickup_code`: an order paid at the pickup point gets its code on
        confirmation, whatever the company's trigger (it will not be paid before)."""
        at_point = self.filtered(lambda o: o.state == "sale" and o.pickup_pay_at_point)
        if at_point:
            self.env["pickup.code"]._issue_for_orders(at_point)
        return super()._pickup_issue_if_due() | at_point

    def write(self, vals):
        """Override of `sale`: an order switched to pay at pickup after its confirmation
        gets its code now (where codes otherwise wait for the payment)."""
        res = super().write(vals)
        if vals.get("pickup_pay_at_point"):
            self.sudo()._pickup_issue_if_due()
        return res

    def _pickup_get_invoice_to_pay(self):
        """The posted customer invoice the counter's payment goes on: an open one, else one
        made now for what is not invoiced yet (the ordered quantities: the goods leave with
        the payment, so delivered-quantity products are invoiced too). Caller: sudo.
        """
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state != "cancel"
            and m.payment_state in ("not_paid", "partial"))
        invoices.filtered(lambda m: m.state == "draft").action_post()
        if invoices:
            return invoices
        lines = self.order_line.filtered(
            lambda line: not line.display_type and line.product_uom_qty > line.qty_invoiced)
        if not lines:
            raise UserError(self.env._("Order %(order)s has nothing left to invoice.",
                                       order=self.name))
        values = self._prepare_invoice()
        values["invoice_line_ids"] = [
            Command.create(line._prepare_invoice_line(
                quantity=line.product_uom_qty - line.qty_invoiced))
            for line in lines]
        invoice = self.env["account.move"].with_company(self.company_id).create(values)
        invoice.action_post()
        return invoice
