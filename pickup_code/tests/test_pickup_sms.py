"""SMS as Odoo hands them to the gateway: which notices, what they cost, what they carry;
and e-mail a buyer waits for leaves at once, without the mail queue cron."""

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from ..core import credential, link_token, sms as sms_lib
from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupSms(PickupCommon, MockEmail):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As the demo: a Taiwanese company name and point, a buyer reading Chinese.
        cls.company.name = "好物團購 Good Buy Shop"  # the demo's length (names are unique)
        cls.point_a.name = "台北取貨點"
        cls.env["res.lang"]._activate_lang("zh_TW")
        cls.soup = cls.env["product.product"].create({
            "name": "Soup kit", "is_storable": True, "list_price": 300})

    def _order_waiting_for_goods(self, lang):
        """An order whose goods are not at the point yet: its code is issued, not ready.
        (Call inside ``mockSMSGateway``.)"""
        self.buyer.lang = lang
        order = self._create_order(lines=[(self.soup, 1)], confirm=False)
        order.action_confirm()
        self._send_queued_notifications()
        code = self._code_of(order)
        self.assertEqual(code.state, "issued")
        return order, code

    def _goods_arrive(self, code):
        self.env["stock.quant"]._update_available_quantity(
            self.soup, self.point_a.lot_stock_id, 1)
        code._get_outgoing_pickings().action_assign()
        code._sync_ready()
        self.assertEqual(code.state, "ready")

    def _order_sms(self, lang):
        """Every SMS the gateway got for one order, from issue to the ready notice."""
        with self.mockSMSGateway(sms_allow_unlink=True):
            _order, code = self._order_waiting_for_goods(lang)
            self._goods_arrive(code)
            self._send_queued_notifications()
        return code, [sms["body"] for sms in self._sms_of(code)]

    def _assert_carries_code_and_deadline(self, code, body):
        ctx = code._get_notify_context()
        self.assertIn(ctx["pickup_short_code"], body)
        self.assertIn(ctx["pickup_deadline"] or "", body)
        self.assertIn(code._get_link_url(), body, "the short link, not the portal URL")

    def test_an_order_costs_at_most_two_segments_in_chinese(self):
        code, bodies = self._order_sms("zh_TW")
        self.assertEqual(len(bodies), 1, "issued by e-mail and portal, ready by SMS: %s" % bodies)
        body = bodies[0]
        self.assertIn("取貨", body, "rendered in the buyer's language")
        self.assertIn(code._get_notify_context()["pickup_deadline"], body)
        self._assert_carries_code_and_deadline(code, body)
        cost = sms_lib.measure(body)
        self.assertEqual(cost.encoding, "UCS-2")
        self.assertLessEqual(sum(sms_lib.segments(b) for b in bodies), 2, body)

    def test_an_order_costs_at_most_two_segments_in_english(self):
        code, bodies = self._order_sms("en_US")
        self.assertEqual(len(bodies), 1)
        self._assert_carries_code_and_deadline(code, bodies[0])
        self.assertIn("until", bodies[0])
        self.assertLessEqual(sms_lib.segments(bodies[0]), 2, bodies[0])

    def test_the_code_alone_goes_by_email_until_the_goods_are_ready(self):
        with self.mockSMSGateway(sms_allow_unlink=True):
            _order, code = self._order_waiting_for_goods("zh_TW")
        self.assertFalse(self._sms_of(code), "issued: no SMS by default")
        self.assertEqual(code.notify_state, "sent", "the e-mail carries it: not a fallback")
        self.assertTrue(code.sudo().notify_mail_id)

    def test_every_notice_by_sms_when_the_company_wants_it(self):
        self.company.pickup_sms_notices = "all"
        with self.mockSMSGateway(sms_allow_unlink=True):
            _order, code = self._order_waiting_for_goods("zh_TW")
        body = self._sms_of(code)[0]["body"]
        self.assertIn("%s 天內取貨" % self.company.pickup_window_days, body,
                      "before the goods are ready the deadline is the window")
        self.assertLessEqual(sms_lib.segments(body), 2, body)

    def test_a_delegate_and_a_resend_go_by_sms_with_code_and_deadline(self):
        code = self._code_of(self._create_order())
        self.assertEqual(code.state, "ready")
        with self.mockSMSGateway(sms_allow_unlink=True):
            delegate = code._create_delegate("Aunt May", "0955111222", "family")
            code.action_resend()
        bodies = {sms["number"]: sms["body"] for sms in self._sms}
        self._assert_carries_code_and_deadline(delegate, bodies["+886955111222"])
        self._assert_carries_code_and_deadline(code, bodies["+886912345678"])

    def test_reminder_by_sms_only_when_configured(self):
        code = self._code_of(self._create_order())
        with self.mockSMSGateway(sms_allow_unlink=True):
            code._notify_buyer("reminder", now=True)
        self.assertFalse(self._sms_of(code))
        self.company.pickup_sms_notices = "ready_reminder"
        with self.mockSMSGateway(sms_allow_unlink=True):
            code._notify_buyer("reminder", now=True)
        self._assert_carries_code_and_deadline(code, self._sms_of(code)[0]["body"])

    def test_the_short_link_is_base_url_and_16_symbols(self):
        code = self._code_of(self._create_order())
        url = code._get_link_url()
        self.assertEqual(url, "%s/p/%s" % (code.get_base_url(), code._get_link_token()))
        self.assertEqual(len(code._get_link_token()), 16)
        short = code._get_credentials().short_code
        self.assertNotIn(short, url, "the token is not the code")
        self.assertNotIn(credential.format_short_code(short), url)
        self.assertEqual(self.url_open(url).status_code, 200)
        other = self._code_of(self._create_order(partner=self.buyer2))
        forged = link_token.sign(b"not the pepper", other.id, other.sudo().qr_hash)
        self.assertEqual(self.url_open("/p/%s" % forged).status_code, 404,
                         "opens only the code it was signed for")
        self.assertEqual(self._service().redeem(short, "PTA")["reason"], "ok")
        self.assertEqual(self.url_open(url).status_code, 200, "collected: says by whom")
        code.sudo().state = "expired"
        self.assertEqual(self.url_open(url).status_code, 404, "it expires with the code")

    # === E-mail a buyer waits for === #

    def _sent_to_smtp(self, code):
        """E-mails built for the SMTP server that carry this code."""
        short = code._get_notify_context()["pickup_short_code"]
        return [mail for mail in self._mails if short in (mail["body"] or "")]

    def test_resend_mails_at_once_without_the_mail_cron(self):
        code = self._code_of(self._create_order())
        with self.mock_mail_gateway(), self.mockSMSGateway(sms_allow_unlink=True):
            code.action_resend()
        self.assertEqual(len(self._sent_to_smtp(code)), 1, "handed to the SMTP layer")
        mail = self._new_mails.filtered(lambda m: m.pickup_code_id == code)
        self.assertEqual(mail.state, "sent")
        self.assertNotIn("%%PICKUP", self._sent_to_smtp(code)[0]["body"])

    def test_new_code_and_delegate_mail_at_once(self):
        code = self._code_of(self._create_order())
        with self.mock_mail_gateway(), self.mockSMSGateway(sms_allow_unlink=True):
            code.with_user(self.supervisor).action_regenerate()
            new = code.replaced_by_id
            new._create_delegate("Aunt May", "0955111222", "family")
        self.assertEqual(len(self._sent_to_smtp(new)), 1, "the new code, mailed at once")
        delegate = new.delegate_ids
        self.assertEqual(len(self._sent_to_smtp(delegate)), 1, "the delegate's code too")
        self.assertEqual(set(self._new_mails.mapped("state")), {"sent"})

    def test_news_nobody_waits_for_stays_queued(self):
        with self.mock_mail_gateway():
            code = self._code_of(self._create_order())
        self.assertFalse(self._sent_to_smtp(code), "left to the mail queue")
        self.assertEqual(code.sudo().notify_mail_id.state, "outgoing")
