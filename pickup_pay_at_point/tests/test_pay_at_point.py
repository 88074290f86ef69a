"""Pay at pickup (取貨付款): the code is issued on confirmation, the counter refuses the
hand-over until the payment is taken, a clerk without accounting rights takes it as an
Odoo payment on the order's invoice, and the cash-up sums it per point and clerk."""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon

from ..core import pay_at_point


@tagged("post_install", "-at_install")
class TestPayAtPoint(BridgeCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The goods leave with the payment: invoiced on delivered quantities, nothing yet.
        cls.cake.invoice_policy = "delivery"

    def _pay_at_point_order(self, point=None, qty=2, partner=None):
        order = self._create_order(partner=partner, point=point, lines=[(self.cake, qty)],
                                   confirm=False)
        order.pickup_pay_at_point = True
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
        code = self._code_of(order)
        self.assertEqual(code.state, "ready", "issued on confirmation, goods at the point")
        return order, code

    def test_refused_until_paid_then_handed_over(self):
        clerk = self.counter_a
        self.assertFalse(clerk.has_group("account.group_account_invoice"),
                         "a plain counter clerk, no accounting rights")
        order, code = self._pay_at_point_order()
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.pickup_amount_due, order.amount_total)
        service = self._service(clerk)

        answer = service.verify(self._short(code), "PTA")
        self.assertEqual((answer["verdict"], answer["reason"], answer["colour"]),
                         ("refused", "payment_required", "amber"))
        self.assertEqual(answer["amount_due"], order.amount_total)
        self.assertEqual(answer["amount_due_text"], order.currency_id.format(order.amount_total))
        self.assertIn(answer["amount_due_text"], answer["message"])
        # Redeem checks it too, handle or not: nothing is consumed.
        refused = service.redeem(self._short(code), "PTA")
        self.assertEqual(refused["reason"], "payment_required")
        self.assertEqual(code.state, "ready")

        paid = self.env["pickup.counter"].with_user(clerk).record_payment(code.id, "PTA", "cash")
        self.assertEqual(paid["amount"], order.amount_total)
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(invoice.amount_total, order.amount_total)
        payment = self.env["account.payment"].search([("pickup_point_id", "=", self.point_a.id)])
        self.assertEqual(len(payment), 1)
        self.assertEqual((payment.pickup_clerk_id, payment.create_uid), (clerk, clerk),
                         "the payment records who took it")
        self.assertEqual(payment.journal_id.type, "cash")
        self.assertEqual(payment.state, "paid")
        record = self.env["pickup.payment"].search([("sale_order_id", "=", order.id)])
        self.assertEqual((record.user_id, record.warehouse_id, record.method, record.amount),
                         (clerk, self.point_a, "cash", order.amount_total))
        self.assertEqual(order.pickup_amount_due, 0)

        ok = service.verify(self._short(code), "PTA")
        self.assertEqual((ok["reason"], ok["amount_due"]), ("ok", 0))
        self.assertEqual(service.redeem(self._short(code), "PTA", handle=ok["handle"])["reason"],
                         "ok")
        self.assertEqual(code.state, "redeemed")
        # Paid once: a second tap finds nothing due.
        with self.assertRaises(UserError):
            self.env["pickup.payment"].with_user(clerk)._take(code, "card")

    def test_issued_on_confirmation_where_codes_wait_for_payment(self):
        self.company.pickup_issue_trigger = "paid"
        _order, code = self._pay_at_point_order()
        self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"],
                         "payment_required")
        plain = self._create_order()
        self.assertFalse(self._code_of(plain), "an order paid online still waits for it")
        # Switched to pay at pickup after its confirmation: issued then.
        with self.mockSMSGateway(sms_allow_unlink=True):
            plain.pickup_pay_at_point = True
        self.assertEqual(self._code_of(plain).state, "ready")

    def test_only_the_points_staff_may_take_it(self):
        _order, code = self._pay_at_point_order()
        with self.assertRaises(AccessError):
            self.env["pickup.counter"].with_user(self.counter_b).record_payment(
                code.id, "PTB", "cash")
        with self.assertRaises(AccessError):  # not assigned to point A
            self.env["pickup.counter"].with_user(self.counter_b).record_payment(
                code.id, "PTA", "cash")
        plain = self._create_order()
        with self.assertRaises(AccessError):  # not a pay-at-pickup order
            self.env["pickup.counter"].with_user(self.counter_a).record_payment(
                self._code_of(plain).id, "PTA", "cash")
        self.assertFalse(self.env["pickup.payment"].search([]))

    def test_an_order_paid_online_is_not_asked_again(self):
        order, code = self._pay_at_point_order()
        invoice = order._pickup_get_invoice_to_pay()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids).create({})._create_payments()
        self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"], "ok")

    def test_cash_up_per_point_and_clerk_in_the_points_day(self):
        first, code1 = self._pay_at_point_order(qty=1)
        second, code2 = self._pay_at_point_order(qty=3, partner=self.buyer2)
        third, code3 = self._pay_at_point_order(point=self.point_b, qty=2)
        Counter = self.env["pickup.counter"]
        Counter.with_user(self.counter_a).record_payment(code1.id, "PTA", "cash")
        Counter.with_user(self.counter_a).record_payment(code2.id, "PTA", "cash")
        Counter.with_user(self.counter_b).record_payment(code3.id, "PTB", "card")
        today = pay_at_point.local_day(fields.Datetime.now(), self.point_a._get_pickup_tz())
        totals = self.env["pickup.payment"]._cash_up(today)
        self.assertEqual(totals, {
            (self.point_a, self.counter_a, "cash"): first.amount_total + second.amount_total,
            (self.point_b, self.counter_b, "card"): third.amount_total,
        })
        self.assertEqual(self.env["pickup.payment"]._cash_up(
            fields.Date.add(today, days=-1)), {})
        # The clerk reads the cash-up of the points they serve, without Sales or
        # Accounting rights.
        rows = self.env["pickup.payment"].with_user(self.counter_a).search_read(
            [], ["warehouse_id", "user_id", "order_ref", "buyer_name", "method", "amount",
                 "journal_name", "local_date"])
        self.assertEqual(sorted(r["order_ref"] for r in rows), sorted([first.name, second.name]))
        groups = self.env["pickup.payment"].with_user(self.manager).read_group(
            [("local_date", "=", today)], ["amount:sum"], ["warehouse_id", "user_id"],
            lazy=False)
        self.assertEqual(len(groups), 2)

    def test_portal_and_notices_say_the_amount_due(self):
        order, code = self._pay_at_point_order()
        due = order.currency_id.format(order.amount_total)
        self.assertEqual(code._pickup_amount_due_text(), due)
        ctx = code._get_notify_context()
        self.assertEqual(ctx["pickup_amount_due"], due)
        sms = code._render_pickup_sms("ready", ctx)
        self.assertIn(due, sms)
        mail = code._send_pickup_mail("ready", ctx)
        self.assertIn("pickup-amount-due", mail.body_html)
        self.assertIn(due, mail.body_html)
        plain = self._create_order()
        plain_ctx = self._code_of(plain)._get_notify_context()
        self.assertEqual(plain_ctx["pickup_amount_due"], "")
        self.assertNotIn("pickup-amount-due",
                         self._code_of(plain)._send_pickup_mail("ready", plain_ctx).body_html)
        # The buyer's pickup page says what to pay at the counter; a paid order's does not.
        new_test_user(self.env, "pk_pay_portal", groups="base.group_portal",
                      partner_id=self.buyer.id)
        self.authenticate("pk_pay_portal", "pk_pay_portal")
        page = self.url_open("/my/pickups/%s" % code.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn("pickup-amount-due", page.text)
        self.assertIn(due, page.text)
        plain_page = self.url_open("/my/pickups/%s" % self._code_of(plain).id)
        self.assertEqual(plain_page.status_code, 200)
        self.assertNotIn("pickup-amount-due", plain_page.text)
