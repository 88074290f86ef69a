"""A campaign is issued and notified set-based: the queries do not grow with its size (a
per-code loop of queries would), and every buyer still gets their own code."""

from odoo import Command
from odoo.tests import tagged

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupBulk(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"pickup_issue_trigger": "paid", "pickup_sms_enabled": True})
        cls.env["res.lang"]._activate_lang("zh_TW")
        cls.buyer2.lang = "zh_TW"  # two languages in every batch: one render each
        # Only this test's codes in the queue (demo data may have queued some).
        cls.env["pickup.code"].sudo().search([("notify_pending", "!=", False)]).write(
            {"notify_pending": False})

    def _campaign(self, count):
        """``count`` confirmed orders at point A (goods in stock), buyers alternating."""
        orders = self.env["sale.order"].create([{
            "partner_id": (self.buyer if i % 2 else self.buyer2).id,
            "warehouse_id": self.point_a.id,
            "order_line": [Command.create({"product_id": self.cake.id, "product_uom_qty": 1})],
        } for i in range(count)])
        orders.action_confirm()
        self.assertFalse(orders.pickup_code_ids, "issued on payment: nothing yet")
        return orders

    def _count(self, func):
        """:return: (result, queries) of ``func`` on a cold cache, its writes flushed."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = func()
        self.env.flush_all()
        return result, self.env.cr.sql_log_count - before

    def _issue_and_notify(self, count):
        orders = self._campaign(count)
        codes, issue_queries = self._count(
            lambda: self.env["pickup.code"]._issue_for_orders(orders))
        self.assertEqual(len(codes), count)
        self.assertEqual(set(codes.mapped("state")), {"ready"})
        self.assertEqual(set(codes.mapped("notify_pending")), {"ready"})
        self._clear_sms_sent()
        with self.mockSMSGateway(sms_allow_unlink=True):
            sent, notify_queries = self._count(
                lambda: self.env["pickup.code"]._cron_send_notifications())
        self.assertEqual(sent, codes)
        return codes, issue_queries, notify_queries

    def test_issuing_and_notifying_cost_the_same_queries_for_3_or_12_orders(self):
        self._issue_and_notify(2)  # caches of the server process filled once
        _small, issue_small, notify_small = self._issue_and_notify(3)
        codes, issue_large, notify_large = self._issue_and_notify(12)
        self.assertEqual(issue_large, issue_small,
                         "issuing: %s queries for 3 orders, %s for 12" % (issue_small,
                                                                         issue_large))
        self.assertEqual(notify_large, notify_small,
                         "notifying: %s queries for 3 codes, %s for 12" % (notify_small,
                                                                          notify_large))
        # Rendered once per language, filled per buyer: each SMS carries its own code.
        self.assertEqual(len(self._sms), 12)
        for code in codes:
            self.assertEqual(len(self._sms_of(code)), 1, code.name)
            body = self._sms_of(code)[0]["body"]
            self.assertIn(code._get_notify_context()["pickup_deadline"], body)
            self.assertIn(code._get_link_url(), body)
            self.assertNotIn("%%", body)
        self.assertEqual(set(codes.mapped("notify_state")), {"sent"})
        for code in codes:
            chinese = code.partner_id == self.buyer2
            self.assertEqual("取貨" in self._sms_of(code)[0]["body"], chinese,
                             "each buyer reads their own language")

    def test_queued_mails_hold_markers_and_their_own_deadline(self):
        codes, _issue, _notify = self._issue_and_notify(4)
        mails = codes.sudo().notify_mail_id
        self.assertEqual(len(mails), 4, "one e-mail per code, created in the mail queue")
        for code in codes:
            mail = code.sudo().notify_mail_id
            ctx = code._get_notify_context()
            self.assertEqual(mail.pickup_code_id, code)
            self.assertEqual(mail.recipient_ids, code.partner_id)
            self.assertNotIn(ctx["pickup_short_code"], mail.body_html, "no secret queued")
            self.assertIn("%%PICKUP_SHORT_CODE%%", mail.body_html)
            self.assertIn(ctx["pickup_deadline"], mail.body_html)
            self.assertNotIn("%%PICKUP_DEADLINE%%", mail.body_html)
            self.assertIn(code.sale_order_id.name, mail.subject)
            # Filled with this code's own secrets as it goes to the SMTP server.
            self.assertIn(ctx["pickup_short_code"], mail._prepare_outgoing_body())
        self.assertEqual(len(codes.message_ids.filtered(
            lambda m: "Pickup message" in (m.body or ""))), 4, "one chatter line per code")

    def test_a_campaign_larger_than_a_batch_is_issued_in_the_background(self):
        """From the orders' Action menu: queued for the issuing cron, which tells the manager
        after each batch (delivered as the batch commits)."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("pickup_code.issue_inline_limit", "2")
        # get_param is cached past the test's rollback: leave no "2" to the next test.
        self.addCleanup(params.set_param, "pickup_code.issue_inline_limit", False)
        orders = self._campaign(3)
        wizard = self.env["pickup.bulk.issue.wizard"].with_user(self.manager).with_context(
            active_model="sale.order", active_ids=orders.ids).create({})
        self.assertEqual(wizard.order_ids, orders)
        answer = wizard.action_issue()
        self.assertIn("3 orders queued", answer["params"]["message"])
        self.assertFalse(orders.pickup_code_ids, "nothing issued in the manager's request")
        self.assertEqual(orders.sudo().pickup_issue_queued_uid, self.manager)
        cron = self.env.ref("pickup_code.cron_pickup_bulk_issue")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        codes = self.env["pickup.code"].with_context(
            ir_cron_progress_id=progress.id)._cron_issue_queued()
        self.assertEqual(codes.sale_order_id, orders)
        self.assertFalse(orders.sudo().pickup_issue_queued_uid, "the queue is empty")
        self.assertEqual((progress.done, progress.remaining), (3, 0))
        self.env.cr.precommit.run()  # the bus notifications go out as the batch commits
        sent = self.env["bus.bus"].sudo().search(
            [("channel", "like", '"res.partner",%s]' % self.manager.partner_id.id)])
        self.assertTrue(any("3 codes issued for 3 orders; 0 orders to go" in bus.message
                            for bus in sent), sent.mapped("message"))
        # Run again (a crash, a second trigger): nothing queued, nothing issued twice.
        self.assertFalse(self.env["pickup.code"]._cron_issue_queued())
        self.assertEqual(len(orders.pickup_code_ids), 3)
