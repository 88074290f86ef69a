from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.base.models.ir_mail_server import IrMailServer

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupNotify(PickupCommon):
    """A notification that neither SMS nor e-mail delivered is retried, then flagged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("pickup_code.notify_retry_minutes", "5,15")
        params.set_param("pickup_code.notify_max_attempts", "3")
        cls.cron = cls.env.ref("pickup_code.cron_pickup_notify")

    def _confirm(self, order, sim_error=None):
        with self.mockSMSGateway(sms_allow_unlink=True, sim_error=sim_error):
            order.action_confirm()
            self._send_queued_notifications()
        return self.env["pickup.code"].search([("sale_order_id", "=", order.id)])

    def _run_cron(self, sim_error=None, due=True):
        """Run the notification cron, first making the pending retries due."""
        if due:
            self.env["pickup.code"].sudo().search([("notify_retry_date", "!=", False)]).write(
                {"notify_retry_date": fields.Datetime.now()})
        with self.mockSMSGateway(sms_allow_unlink=True, sim_error=sim_error):
            self.env["pickup.code"]._cron_send_notifications()

    def _send_mail_queue(self, smtp_down):
        """Run Odoo's mail queue; with ``smtp_down`` the SMTP connection is refused."""
        mails = self.env["mail.mail"].sudo().search([("state", "=", "outgoing")])
        if not smtp_down:
            mails.send()
            return mails
        with patch.object(IrMailServer, "connect", side_effect=ConnectionRefusedError(111, "x")):
            mails.send()
        return mails

    def test_sms_and_mail_down_retries_with_backoff_then_flags_staff(self):
        self.buyer.email = False  # e-mail cannot carry it either
        order = self._create_order(confirm=False)
        order.user_id = False  # no salesperson: the point's supervisor is told (not OdooBot)
        before = fields.Datetime.now()
        code = self._confirm(order, sim_error="server_error")
        self.assertEqual((code.notify_state, code.notify_attempt_count, code.notify_pending),
                         ("retrying", 1, "ready"))
        self.assertAlmostEqual((code.notify_retry_date - before).total_seconds(), 300, delta=5)
        self._run_cron(sim_error="server_error", due=False)
        self.assertFalse(self._sms_of(code), "not due yet: the gateway is not hammered")
        self.assertEqual(code.notify_attempt_count, 1)

        self._run_cron(sim_error="server_error")
        self.assertEqual((code.notify_state, code.notify_attempt_count), ("retrying", 2))
        self.assertFalse(code.activity_ids)
        self._run_cron(sim_error="server_error")
        self.assertEqual((code.notify_state, code.notify_attempt_count), ("failed", 3))
        self.assertFalse(code.notify_pending, "given up: no longer queued")
        responsible = code.activity_ids.user_id
        self.assertEqual(responsible, self.supervisor, responsible.login)
        self.assertIn("could not be notified", code.activity_ids.note)
        self.assertIn("could not be notified", code.message_ids[0].body)
        self.assertIn(code, self.env["pickup.code"].search([("notify_state", "=", "failed")]))
        self.assertFalse(self._sms_records_holding(code),
                         "no failed SMS holding the code is kept")

        # Staff fix the contact data and re-send: delivered, the count starts again.
        self.buyer.email = "buyer1@example.com"
        with self.mockSMSGateway(sms_allow_unlink=True):
            code.action_resend()
        self.assertEqual((code.notify_state, code.notify_attempt_count), ("sent", 0))

    def test_mail_the_smtp_server_refused_is_counted_deleted_and_retried(self):
        code = self._confirm(self._create_order(confirm=False), sim_error="server_error")
        self.assertEqual(code.notify_state, "mail_fallback")
        mail = code.sudo().notify_mail_id
        self.assertTrue(mail, "the queued e-mail is followed")
        self._send_mail_queue(smtp_down=True)
        self.assertEqual(mail.state, "exception")

        self._run_cron(sim_error="server_error", due=False)
        self.assertFalse(mail.exists(), "a failed e-mail holds the code: deleted")
        self.assertEqual((code.notify_state, code.notify_attempt_count), ("retrying", 1))
        self.assertIn("E-mail not delivered", code.notify_error)

        self._run_cron()  # the gateway is back
        self.assertEqual((code.notify_state, code.notify_attempt_count, code.notify_pending),
                         ("sent", 0, False))
        self.assertEqual(len(self._sms_of(code)), 1)

    def test_sent_mail_after_a_failed_sms_clears_the_failures(self):
        code = self._confirm(self._create_order(confirm=False), sim_error="server_error")
        self._send_mail_queue(smtp_down=True)
        self._run_cron(sim_error="server_error", due=False)
        self._run_cron(sim_error="server_error")  # SMS still down, a new e-mail is queued
        self.assertEqual((code.notify_state, code.notify_attempt_count), ("mail_fallback", 1))
        self._send_mail_queue(smtp_down=False)
        self.assertFalse(code.sudo().notify_mail_id, "delivered and auto-deleted")
        self._run_cron(due=False)
        self.assertEqual((code.notify_state, code.notify_attempt_count, code.notify_error),
                         ("mail_fallback", 0, False))

    def test_failed_mail_is_not_a_loss_when_the_sms_went_out(self):
        code = self._confirm(self._create_order(confirm=False))
        self.assertEqual(code.notify_state, "sent")
        mail = code.sudo().notify_mail_id
        self._send_mail_queue(smtp_down=True)
        self._run_cron(due=False)
        self.assertFalse(mail.exists(), "the failed e-mail holding the code is deleted")
        self.assertEqual((code.notify_state, code.notify_attempt_count), ("sent", 0))
        self.assertFalse(code.notify_pending)

    def test_a_retry_that_got_through_is_not_sent_again(self):
        self.buyer.email = False
        code = self._confirm(self._create_order(confirm=False), sim_error="server_error")
        self._run_cron()
        sent_first = len(self._sms_of(code))
        self._run_cron()
        self.assertEqual((sent_first, len(self._sms_of(code))), (1, 0),
                         "one SMS, then nothing queued")
        self.assertEqual(code.notify_state, "sent")

    def test_a_code_collected_meanwhile_is_not_notified_again(self):
        self.buyer.email = False
        code = self._confirm(self._create_order(confirm=False), sim_error="server_error")
        self.assertEqual(code.notify_state, "retrying")
        self.assertEqual(self._service().redeem(self._short(code), "PTA")["reason"], "ok")
        self._run_cron()
        self.assertFalse(self._sms_of(code), "no 'your code is ready' after the pickup")
        self.assertFalse(code.notify_pending)

    def test_deadline_is_written_in_the_buyers_time_zone(self):
        """Queued news is sent by the cron (UTC): the deadline still reads in local time."""
        self.buyer.tz = "Asia/Taipei"
        self.env.user.tz = "UTC"
        code = self._confirm(self._create_order(confirm=False))
        local = fields.Datetime.context_timestamp(
            code.with_context(tz="Asia/Taipei"), code.expiry_date).strftime("%Y-%m-%d %H:%M")
        utc = code.expiry_date.strftime("%Y-%m-%d %H:%M")
        self.assertNotEqual(local, utc)
        self.assertEqual(code._get_notify_context()["pickup_deadline"], local)
        self.assertIn(local, " ".join(sms["body"] for sms in self._sms_of(code)))
