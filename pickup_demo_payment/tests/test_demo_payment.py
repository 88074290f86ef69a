"""Both issue triggers, end to end on the demo story (demo data of a fresh database).

On confirmation (the demo company's setting): Lin pays her quotation with Odoo's demo provider,
the payment confirms the order and the code arrives. On payment: an order confirmed without
payment gets no code until an Accounting user (no Pickup group) registers the invoice payment.
"""

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.sms.tests.common import SMSCase


@tagged("post_install", "-at_install")
class TestDemoPayment(SMSCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("pickup_code.demo_company_tw")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.quotation = cls.env.ref("pickup_demo_payment.demo_order_lin_to_pay")
        cls.provider = cls.env.ref("pickup_demo_payment.demo_provider_tw")

    def _codes(self, order):
        return order.sudo().pickup_code_ids

    def test_demo_company_books_with_taiwan_chart_and_demo_provider(self):
        self.assertEqual(self.company.chart_template, "tw")
        self.assertEqual(self.provider.state, "test")
        self.assertEqual(self.quotation.state, "sent")
        self.assertTrue(self.quotation._has_to_be_paid(), "the buyer can pay it on the portal")

    def test_paying_the_quotation_on_the_portal_issues_the_code(self):
        order = self.quotation
        self.assertFalse(self._codes(order))
        Tx = self.env["payment.transaction"].sudo()
        tx = Tx.create({
            "provider_id": self.provider.id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order.amount_total, "currency_id": order.currency_id.id,
            "partner_id": order.partner_id.id, "operation": "online_direct",
            "reference": Tx._compute_reference("demo", prefix=order.name),
            "sale_order_ids": [Command.set(order.ids)],
        })
        with self.mockSMSGateway(sms_allow_unlink=True):
            # What the demo provider's payment form posts, then Odoo's status page runs.
            Tx._handle_notification_data("demo", {
                "reference": tx.reference, "payment_details": "4242",
                "simulated_state": "done"})
            tx._post_process()
        self.assertEqual(tx.state, "done")
        self.assertEqual(order.state, "sale", "the payment confirmed the order")
        code = self._codes(order)
        self.assertEqual(len(code), 1)
        self.assertEqual(code.state, "ready", "the bakery boxes wait at TPE")

    def test_on_payment_trigger_waits_for_the_registered_payment(self):
        self.company.pickup_issue_trigger = "paid"
        accountant = new_test_user(
            self.env, "demo_accountant", groups="account.group_account_invoice",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)])
        self.assertFalse(accountant.has_group("pickup_code.group_pickup_user"))
        order = self.env["sale.order"].create({
            "partner_id": self.env.ref("pickup_code.demo_partner_lin").id,
            "company_id": self.company.id,
            "warehouse_id": self.env.ref("pickup_code.demo_warehouse_tpe").id,
            "order_line": [Command.create({
                "product_id": self.env.ref("pickup_code.demo_product_bakery_box").id,
                "product_uom_qty": 1})],
        })
        order.action_confirm()
        self.assertFalse(self._codes(order), "confirmed but not paid: no code yet")
        invoice = order._create_invoices()
        invoice.action_post()
        with self.mockSMSGateway(sms_allow_unlink=True):
            self.env["account.payment.register"].with_user(accountant).with_context(
                active_model="account.move", active_ids=invoice.ids,
            ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(len(self._codes(order)), 1, "the payment issued the code")
