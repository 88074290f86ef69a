from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_is_zero

from ..core import pay_at_point

METHODS = [("cash", "Cash"), ("card", "Card")]
# The journal type each counter method pays into (the company's first of that type).
METHOD_JOURNAL_TYPES = {"cash": "cash", "card": "bank"}


class PickupPayment(models.Model):
    """One payment taken at a pickup counter: who took it, where, how much, and the Odoo
    payment it is (``account.payment`` on the order's invoice). Read by the cash-up."""

    _name = "pickup.payment"
    _description = "Payment taken at a pickup point"
    _order = "payment_date desc, id desc"
    _rec_name = "sale_order_id"

    payment_date = fields.Datetime("Taken at", required=True, readonly=True, index=True,
                                   default=fields.Datetime.now)
    local_date = fields.Date(
        "Day (point's time)", compute="_compute_local_date", store=True, index=True,
        help="The calendar day at the pickup point's time zone: what the day's cash-up counts.")
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", required=True,
                                   readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Taken by", required=True, readonly=True,
                              index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    code_id = fields.Many2one("pickup.code", string="Pickup code", readonly=True)
    # Counter staff read this list without Sales or Accounting rights: the order, buyer and
    # journal are kept as text for them; the records are for those who may open them.
    order_ref = fields.Char("Order", readonly=True)
    buyer_name = fields.Char("Buyer", readonly=True)
    journal_name = fields.Char("Journal", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Sale order", required=True,
                                    readonly=True, groups="sales_team.group_sale_salesman")
    method = fields.Selection(METHODS, required=True, readonly=True)
    journal_id = fields.Many2one("account.journal", required=True, readonly=True,
                                 groups="account.group_account_invoice")
    amount = fields.Monetary(required=True, readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    payment_id = fields.Many2one("account.payment", readonly=True,
                                 groups="account.group_account_invoice")
    invoice_ids = fields.Many2many("account.move", string="Invoices", readonly=True,
                                   groups="account.group_account_invoice")

    @api.depends("payment_date", "warehouse_id")
    def _compute_local_date(self):
        for payment in self:
            payment.local_date = pay_at_point.local_day(
                payment.payment_date, payment.warehouse_id._get_pickup_tz()) \
                if payment.payment_date else False

    @api.model
    def _take(self, code, method):
        """Take the payment of ``code``'s order at its point: post the invoice (made now
        when there is none), register the Odoo payment on it, record who took it.

        Counter staff have no accounting rights: the caller checked that this user serves
        the code's point (``pickup.counter.record_payment``); the accounting is done as
        superuser here, for this order only, and records the clerk.

        :param code: the ``pickup.code`` being handed over
        :param str method: ``cash`` or ``card``
        :return: the new ``pickup.payment``
        """
        if method not in METHOD_JOURNAL_TYPES:
            raise UserError(self.env._("Unknown payment method %(method)s.", method=method))
        code = code.sudo()
        order, point = code.sale_order_id, code.warehouse_id
        if not order.pickup_pay_at_point:
            raise AccessError(self.env._("Order %(order)s is not paid at the pickup point.",
                                         order=order.name))
        # Two counters (or two taps) paying the same order: the second waits, then finds
        # nothing due.
        self.env.cr.execute(SQL("SELECT id FROM sale_order WHERE id = %s FOR UPDATE",
                                order.id))
        order.invalidate_recordset()
        due = order._pickup_get_amount_due()
        if float_is_zero(due, precision_rounding=order.currency_id.rounding):
            raise UserError(self.env._("Order %(order)s is paid already.", order=order.name))
        journal = self._get_journal(order.company_id, method)
        clerk = self.env.user
        order = order.with_company(order.company_id)
        invoices = order._pickup_get_invoice_to_pay()
        register = self.env["account.payment.register"].sudo().with_company(
            order.company_id).with_context(active_model="account.move",
                                           active_ids=invoices.ids)
        wizard = register.create({
            "journal_id": journal.id,
            "payment_date": pay_at_point.local_day(fields.Datetime.now(),
                                                   point._get_pickup_tz()),
            "communication": order.name,
        })
        payment = wizard._create_payments().sudo()
        payment.write({"pickup_point_id": point.id, "pickup_clerk_id": clerk.id})
        record = self.sudo().create({
            "warehouse_id": point.id, "user_id": clerk.id, "company_id": order.company_id.id,
            "code_id": code.id, "sale_order_id": order.id, "method": method,
            "order_ref": order.name, "buyer_name": order.partner_id.display_name,
            "journal_id": journal.id, "journal_name": journal.display_name,
            "amount": payment.amount,
            "currency_id": payment.currency_id.id, "payment_id": payment.id,
            "invoice_ids": [(6, 0, invoices.ids)],
        })
        order.message_post(body=self.env._(
            "%(amount)s paid at pickup point %(point)s (%(method)s), taken by %(clerk)s.",
            amount=payment.currency_id.format(payment.amount), point=point.code,
            method=dict(self._fields["method"]._description_selection(self.env))[method],
            clerk=clerk.name))
        return record

    @api.model
    def _get_journal(self, company, method):
        journal = self.env["account.journal"].sudo().search([
            ("company_id", "=", company.id), ("type", "=", METHOD_JOURNAL_TYPES[method]),
        ], order="sequence, id", limit=1)
        if not journal:
            raise UserError(self.env._(
                "%(company)s has no journal for payments by %(method)s.",
                company=company.name, method=method))
        return journal

    @api.model
    def _cash_up(self, day, points=None):
        """The payments of ``day`` (the points' own calendar day) per point, clerk and
        method: ``{(point, clerk, method): amount}``."""
        domain = [("local_date", "=", day)]
        if points is not None:
            domain.append(("warehouse_id", "in", points.ids))
        return {(point, clerk, method): amount for point, clerk, method, amount in
                self._read_group(domain, ["warehouse_id", "user_id", "method"],
                                 ["amount:sum"])}


class AccountPayment(models.Model):
    _inherit = "account.payment"

    pickup_point_id = fields.Many2one("stock.warehouse", string="Paid at pickup point",
                                      readonly=True, copy=False, index="btree_not_null")
    pickup_clerk_id = fields.Many2one("res.users", string="Taken by (pickup counter)",
                                      readonly=True, copy=False)
