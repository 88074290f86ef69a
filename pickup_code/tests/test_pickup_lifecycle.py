from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupLifecycle(PickupCommon):

    def test_confirmed_order_gets_one_ready_code_and_notifications(self):
        cron = self.env.ref("pickup_code.cron_pickup_notify")
        with self.mockSMSGateway(sms_allow_unlink=True):
            order = self._create_order(confirm=False)
            order.action_confirm()
            code = self._code_of(order)
            # The confirmation does not wait on the SMS gateway: queued, the cron triggered.
            self.assertEqual((code.notify_pending, self._sms), ("ready", []))
            self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
            self._send_queued_notifications()
        self.assertFalse(code.notify_pending)
        self.assertEqual(len(code), 1)
        self.assertEqual(code.state, "ready", "stock is at the point, so the goods are ready")
        self.assertEqual(code.warehouse_id, self.point_a)
        self.assertEqual(code.expiry_date, code.ready_date + timedelta(days=7))
        sms = self._sms_of(code)
        self.assertEqual([s["number"] for s in sms], ["+886912345678"])
        self.assertEqual(code.notify_state, "sent")
        mail = self.env["mail.mail"].search([("email_to", "ilike", "buyer1@example.com")]) \
            | self.env["mail.mail"].search([("recipient_ids", "in", self.buyer.ids)])
        self.assertTrue(mail, "an e-mail with the code is queued")
        # Issuing again changes nothing (idempotent).
        self.env["pickup.code"]._issue_for_orders(order)
        self.assertEqual(len(self._code_of(order)), 1)

    def test_paid_trigger_waits_for_the_invoice_payment(self):
        self.company.pickup_issue_trigger = "paid"
        order = self._create_order()
        self.assertFalse(order.pickup_code_ids, "not paid yet: no code")
        invoice = order._create_invoices()
        invoice.action_post()
        with self.mockSMSGateway(sms_allow_unlink=True):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids,
            ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(len(self._code_of(order)), 1)

    def test_failed_sms_falls_back_to_email(self):
        order = self._create_order(confirm=False)
        with self.mockSMSGateway(sim_error="server_error"):
            order.action_confirm()
            self._send_queued_notifications()
        code = self._code_of(order)
        self.assertEqual(code.notify_state, "mail_fallback")
        self.assertFalse(self._sms_records_holding(code),
                         "a failed SMS holding the code is not kept")

    def test_no_secret_in_chatter(self):
        order = self._create_order()
        code = self._code_of(order)
        with self.mockSMSGateway(sms_allow_unlink=True):
            code.action_resend()
        short, qr = self._short(code), self._qr(code)
        bodies = " ".join(str(m.body) for m in self.env["mail.message"].search(
            [("model", "=", "pickup.code"), ("res_id", "=", code.id)]))
        self.assertNotIn(qr, bodies)
        self.assertNotIn(short[:8], bodies.replace("-", ""))

    def test_resend_keeps_the_code_and_regenerate_replaces_it(self):
        code = self._code_of(self._create_order())
        short = self._short(code)
        with self.mockSMSGateway(sms_allow_unlink=True):
            code.action_resend()
        self.assertEqual(self._short(code), short)
        with self.mockSMSGateway(sms_allow_unlink=True):
            code.action_regenerate()
        self.assertEqual(code.state, "revoked")
        new_code = code.replaced_by_id
        self.assertEqual(new_code.state, "ready")
        self.assertNotEqual(self._short(new_code), short)
        self.assertEqual(self._service().verify(short, "PTA")["reason"], "revoked")
        self.assertEqual(self._service().verify(self._short(new_code), "PTA")["reason"], "ok")

    def test_revoke_needs_a_reason(self):
        code = self._code_of(self._create_order())
        with self.assertRaises(UserError):
            code.action_revoke("")
        code.action_revoke("Order cancelled")
        self.assertEqual(code.revoke_reason, "Order cancelled")

    def test_expiry_cron_and_one_reminder(self):
        code = self._code_of(self._create_order())
        with freeze_time(fields.Datetime.now() + timedelta(days=5, hours=1)), \
                self.mockSMSGateway(sms_allow_unlink=True):
            self.assertIn(code, self.env["pickup.code"]._cron_remind())
            self.assertTrue(code.reminder_sent)
            self.assertNotIn(code, self.env["pickup.code"]._cron_remind(), "only one reminder")
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self.env["pickup.code"]._cron_expire()
            self.assertEqual(code.state, "expired")
            self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"],
                             "expired")

    def test_delegate_gets_own_code(self):
        code = self._code_of(self._create_order())
        with self.mockSMSGateway(sms_allow_unlink=True):
            delegate = code._create_delegate("Aunt May", "0955111222", "family")
        self.assertEqual(delegate.delegate_phone, "+886955111222")
        self.assertNotEqual(self._short(delegate), self._short(code))
        self.assertEqual([s["number"] for s in self._sms_of(delegate)], ["+886955111222"])
        result = self._service().redeem(self._short(delegate), "PTA")
        self.assertEqual(result["reason"], "ok")
        self.assertEqual(delegate.handover_ids.collected_by, "delegate")
        self.assertEqual(delegate.handover_ids.collector_relation, "family")

    def test_bulk_issue_is_batched_and_idempotent(self):
        self.company.pickup_issue_trigger = "paid"
        orders = self.env["sale.order"]
        for _i in range(30):
            orders |= self._create_order(partner=self.buyer2)
        self.assertFalse(orders.pickup_code_ids)
        wizard = self.env["pickup.bulk.issue.wizard"].create({"order_ids": [(6, 0, orders.ids)]})
        with self.mockSMSGateway(sms_allow_unlink=True):
            wizard.action_issue()
            self.assertEqual(wizard.issued_count, 30)
            wizard.action_issue()
        self.assertEqual(len(orders.pickup_code_ids), 30)
        self.assertEqual(len(set(orders.pickup_code_ids.mapped("name"))), 30)
