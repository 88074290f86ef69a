"""A second pair of eyes on the web checkout: what a buyer sees of codes that are not theirs."""
from odoo.tests import tagged

from odoo.addons.pickup_code.core.credential import format_short_code
from odoo.addons.pickup_code.tests.browser import PHONE, open_page

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestCollectAdversarial(CollectCommon):

    def _pay(self, order, reference):
        order.transaction_ids = self.env["payment.transaction"].sudo().create({
            "provider_id": self.env.ref("payment.payment_provider_demo").id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order.amount_total, "currency_id": order.currency_id.id,
            "partner_id": order.partner_id.id, "reference": reference, "state": "done"})

    def _leader_order(self, mode, reference):
        leader = self.env["res.partner"].create({"name": "Collect Leader",
                                                 "mobile": "0911000111"})
        self.web_buyer.pickup_leader_id = leader
        campaign = self.env["crm.team"].create({"name": "Web group-buy",
                                                "pickup_leader_mode": mode})
        order = self._cart(partner=self.web_buyer, store=self.point_a)
        order.team_id = campaign
        self.assertEqual(order.pickup_leader_id, leader)
        order.action_confirm()
        self._pay(order, reference)
        leader_code = order.pickup_code_ids.filtered("leader_id")
        self.assertEqual(len(leader_code), 1, "the campaign issues the leader's credential")
        return order, order.pickup_code_ids - leader_code, leader_code

    def _confirmation(self, order):
        self.authenticate(None, None)
        self._set_session(sale_last_order_id=order.id)
        return self.url_open("/shop/confirmation").text

    def test_a_member_never_sees_the_group_leader_s_code_on_the_confirmation_page(self):
        """The leader's credential for the member's order is the leader's: shown to the
        member (as it was, next to the member's own), the member held the credential of
        goods the leader is accountable for, and in a forced campaign collected with it
        the order that only the leader may collect."""
        order, member_code, leader_code = self._leader_order("optional", "COLLECT-ADV-1")
        self.assertEqual(order._pickup_collect_shown_codes(), member_code)
        html = self._confirmation(order)
        self.assertNotIn(leader_code._get_qr_text(), html)
        self.assertNotIn(format_short_code(self._short(leader_code)), html)
        self.assertIn(member_code._get_qr_text(), html)

    def test_forced_the_confirmation_page_names_the_leader_not_a_refused_code(self):
        """Forced: the member's own code is refused at the counter, so the page names the
        leader who collects instead of sending the member there with it."""
        order, member_code, leader_code = self._leader_order("forced", "COLLECT-ADV-4")
        self.assertFalse(order._pickup_collect_shown_codes())
        html = self._confirmation(order)
        for code in member_code | leader_code:
            self.assertNotIn(code._get_qr_text(), html)
            self.assertNotIn(format_short_code(self._short(code)), html)
        self.assertIn("pickup-collect-leader", html)
        self.assertIn("Collect Leader", html)
        self.assertNotIn("0911000111", html)
        self.assertNotIn("pickup-collect-waiting", html)

    def test_the_confirmation_page_in_chinese_on_a_phone(self):
        """390 px, zh_TW: no English left in our parts, nothing wider than the screen."""
        self.env["res.lang"]._activate_lang("zh_TW")
        self.web_buyer.lang = self.portal_user.lang = "zh_TW"
        for mode, reference in (("optional", "COLLECT-ADV-5"), ("forced", "COLLECT-ADV-6")):
            order, _member_code, _leader_code = self._leader_order(mode, reference)
            with open_page(self, login="pk_collect_portal", size=PHONE) as page:
                self._set_session(sale_last_order_id=order.id)
                page.open("/zh_TW/shop/confirmation")
                text = page.eval("[...document.querySelectorAll('.pickup-collect-code, "
                                 ".pickup-collect-leader')].map(e => e.innerText).join(' ')")
                self.assertTrue(text)
                for english in ("pickup code", "Show it", "Opening hours", "Open my",
                                "group leader", "collects this order"):
                    self.assertNotIn(english, text)
                self.assertIn("您的團長" if mode == "forced" else "您的領貨碼", text)
                self.assertLessEqual(page.page_width(), PHONE[0] + 1)
                with open("/tmp/adv2_confirmation_%s_390_zh_TW.png" % mode, "wb") as f:
                    f.write(page.screenshot(full_page=True))

    def test_a_cancelled_order_shows_no_code_even_when_paid(self):
        order = self._cart(partner=self.web_buyer, store=self.point_a)
        order.action_confirm()
        self._pay(order, "COLLECT-ADV-2")
        code = self._code_of(order)
        self.assertTrue(order._pickup_collect_shown_codes())
        order._action_cancel()
        self.assertFalse(order._pickup_collect_shown_codes())
        self.authenticate(None, None)
        self._set_session(sale_last_order_id=order.id)
        html = self.url_open("/shop/confirmation").text
        self.assertNotIn(format_short_code(self._short(code)), html)
        self.assertNotIn("pickup-collect-waiting", html)

    def test_another_visitor_s_session_never_shows_the_order_s_code(self):
        order = self._cart(partner=self.web_buyer, store=self.point_a)
        order.action_confirm()
        self._pay(order, "COLLECT-ADV-3")
        code = self._code_of(order)
        self.authenticate(None, None)  # a fresh session, without this order
        response = self.url_open("/shop/confirmation")
        self.assertNotIn(format_short_code(self._short(code)), response.text)
        self.assertNotIn(code._get_qr_text(), response.text)
        # Guessing the order in the query string does not help either.
        response = self.url_open("/shop/confirmation?sale_last_order_id=%s" % order.id)
        self.assertNotIn(code._get_qr_text(), response.text)

    def test_a_guest_cannot_name_a_group_leader_in_the_checkout_address_form(self):
        """The checkout's address form writes only web-form fields: a forged
        ``pickup_leader_id`` makes nobody the guest's leader (nor the guest anyone's)."""
        leader = self.env["res.partner"].create({"name": "Someone's leader"})
        order = self._cart(partner=self.env.ref("base.public_partner"))
        self.authenticate(None, None)
        self._set_session(sale_order_id=order.id)
        page = self.url_open("/shop/address").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open("/shop/address/submit", data={
            "csrf_token": token, "address_type": "billing", "use_delivery_as_billing": "true",
            "name": "Guest Buyer", "email": "guest@example.com", "phone": "0955000111",
            "street": "3 Guest Rd", "city": "Taipei", "zip": "100",
            "country_id": self.env.ref("base.tw").id, "pickup_leader_id": leader.id})
        self.assertEqual(response.status_code, 200)
        order.invalidate_recordset()
        self.assertEqual(order.partner_id.name, "Guest Buyer", response.text[:300])
        self.assertFalse(order.partner_id.pickup_leader_id)
        self.assertFalse(order.pickup_leader_id)
