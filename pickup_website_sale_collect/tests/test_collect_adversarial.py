"""A second pair of eyes on the web checkout: what a buyer sees of codes that are not theirs."""
from odoo.tests import tagged

from odoo.addons.pickup_code.core.credential import format_short_code

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestCollectAdversarial(CollectCommon):

    def _pay(self, order, reference):
        order.transaction_ids = self.env["payment.transaction"].sudo().create({
            "provider_id": self.env.ref("payment.payment_provider_demo").id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order.amount_total, "currency_id": order.currency_id.id,
            "partner_id": order.partner_id.id, "reference": reference, "state": "done"})

    def test_a_member_never_sees_the_group_leader_s_code_on_the_confirmation_page(self):
        """A member who buys in a forced group-leader campaign must not get the leader's
        credential: with it the member collects the order the campaign says only the leader
        collects (the member's own code is refused at the counter), and takes the leader's
        credential for goods the leader is accountable for."""
        leader = self.env["res.partner"].create({"name": "Collect Leader",
                                                 "mobile": "0911000111"})
        self.web_buyer.pickup_leader_id = leader
        campaign = self.env["crm.team"].create({"name": "Web group-buy",
                                                "pickup_leader_mode": "forced"})
        order = self._cart(partner=self.web_buyer, store=self.point_a)
        order.team_id = campaign
        self.assertEqual(order.pickup_leader_id, leader)
        order.action_confirm()
        self._pay(order, "COLLECT-ADV-1")
        leader_code = order.pickup_code_ids.filtered("leader_id")
        member_code = order.pickup_code_ids - leader_code
        self.assertEqual(len(leader_code), 1, "the campaign issues the leader's credential")
        self.assertEqual(order._pickup_collect_shown_codes(), member_code)
        self.authenticate(None, None)
        self._set_session(sale_last_order_id=order.id)
        html = self.url_open("/shop/confirmation").text
        self.assertNotIn(leader_code._get_qr_text(), html)
        self.assertNotIn(format_short_code(self._short(leader_code)), html)
        self.assertIn(member_code._get_qr_text(), html)

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
