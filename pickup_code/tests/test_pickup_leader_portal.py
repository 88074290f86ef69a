"""The group leader's portal page: members' orders by name and the last 3 digits of the
phone only; "Handed to member" and the member's "Confirm receipt" recorded on the hand-over,
and shown on a dispute."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .browser import PHONE, open_page, save_screenshot
from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupLeaderPortal(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["crm.team"].create({
            "name": "Portal group-buy", "pickup_leader_mode": "forced"})
        cls.leader = cls.buyer
        cls.member = cls.buyer2
        cls.member.write({"pickup_leader_id": cls.leader.id, "street": "12 Secret Lane"})
        cls.leader_user = new_test_user(cls.env, "pk_leader", groups="base.group_portal",
                                        partner_id=cls.leader.id)
        cls.member_user = new_test_user(cls.env, "pk_member", groups="base.group_portal",
                                        partner_id=cls.member.id)
        # new_test_user names the partner after the login: the members' names again.
        cls.leader.name, cls.member.name = "Buyer One", "Buyer Two"

    def _member_order(self):
        order = self.env["sale.order"].create({
            "partner_id": self.member.id, "warehouse_id": self.point_a.id,
            "team_id": self.campaign.id,
            "order_line": [Command.create({"product_id": self.cake.id, "product_uom_qty": 2})],
        })
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
            self._send_queued_notifications()
        return order

    def _codes(self, order):
        codes = order.pickup_code_ids
        return codes.filtered(lambda c: not c.leader_id), codes.filtered("leader_id")

    def _assert_private(self, html):
        for secret in ("0922333444", "922333444", "922 333 444", "+886922333444",
                       "buyer2@example.com", "Secret Lane"):
            self.assertNotIn(secret, html)

    def _csrf(self, html):
        return html.split('name="csrf_token" value="')[1].split('"')[0]

    def test_the_leader_sees_name_and_last_three_digits_only(self):
        order = self._member_order()
        member_code, leader_code = self._codes(order)
        self.authenticate("pk_leader", "pk_leader")
        html = self.url_open("/my/pickups/leader").text
        self.assertIn("Buyer Two", html)
        self.assertIn("••• 444", html)
        self.assertIn(order.name, html)
        self.assertIn('data-pickup-qr="%s"' % leader_code._get_qr_text(), html)
        self._assert_private(html)
        # The leader's credential is on this page, not in the leader's own list, and the
        # leader never opens the member's own code.
        listing = self.url_open("/my/pickups").text
        self.assertIn("/my/pickups/leader", listing)
        self.assertNotIn("/my/pickups/%s\"" % leader_code.id, listing)
        self._assert_private(listing)
        page = self.url_open("/my/pickups/%s" % member_code.id, allow_redirects=False)
        self.assertEqual(page.status_code, 303)
        self._assert_private(self.url_open("/my/pickups/%s" % leader_code.id).text)

    def test_the_member_never_sees_the_leader_s_code(self):
        order = self._member_order()
        _member_code, leader_code = self._codes(order)
        self.authenticate("pk_member", "pk_member")
        listing = self.url_open("/my/pickups").text
        self.assertIn(order.name, listing)
        self.assertNotIn(leader_code._get_qr_text(), listing)
        page = self.url_open("/my/pickups/%s" % leader_code.id, allow_redirects=False)
        self.assertEqual(page.status_code, 303)
        self.assertNotIn(leader_code._get_qr_text(), self.url_open("/my/pickups/leader").text)

    def test_handed_to_member_then_receipt_confirmed_then_a_dispute_shows_both(self):
        order = self._member_order()
        member_code, leader_code = self._codes(order)
        done = self._service().redeem(self._short(leader_code), "PTA")
        self.assertEqual(done["reason"], "ok", done["message"])
        handover = member_code.entitlement_id.handover_ids
        # The member cannot mark it handed in the leader's name.
        self.authenticate("pk_member", "pk_member")
        token = self._csrf(self.url_open("/my/pickups/%s" % member_code.id).text)
        self.url_open("/my/pickups/leader/%s/handed" % handover.id,
                      data={"csrf_token": token}, allow_redirects=False)
        self.assertFalse(handover.member_handed_date)
        self.authenticate("pk_leader", "pk_leader")
        html = self.url_open("/my/pickups/leader").text
        self.assertIn("pickup-leader-hand", html)
        self._assert_private(html)
        self.url_open("/my/pickups/leader/%s/handed" % handover.id,
                      data={"csrf_token": self._csrf(html)}, allow_redirects=False)
        handover.invalidate_recordset()
        self.assertTrue(handover.member_handed_date)
        self.assertEqual(handover.member_handed_by_id, self.leader_user)
        self.assertIn("pickup-leader-handed", self.url_open("/my/pickups/leader").text)
        # The leader cannot confirm the member's receipt.
        self.url_open("/my/pickups/%s/received" % leader_code.id,
                      data={"csrf_token": self._csrf(html)}, allow_redirects=False)
        handover.invalidate_recordset()
        self.assertFalse(handover.member_received_date)
        self.authenticate("pk_member", "pk_member")
        page = self.url_open("/my/pickups/%s" % member_code.id).text
        self.assertIn("pickup-confirm-receipt", page)
        self.assertIn("Buyer One", page)
        self.url_open("/my/pickups/%s/received" % member_code.id,
                      data={"csrf_token": self._csrf(page)}, allow_redirects=False)
        handover.invalidate_recordset()
        self.assertTrue(handover.member_received_date)
        self.assertEqual(handover.member_received_by_id, self.member_user)
        self.assertIn("pickup-received", self.url_open("/my/pickups/%s" % member_code.id).text)
        # A dispute of the member names the leader's hand-over, with both steps' dates.
        dispute = self.env["pickup.dispute"]._create_from_portal(
            member_code, "wrong_items", "One box was missing")
        self.assertEqual(dispute.handover_id, handover)
        self.assertEqual(dispute.leader_id, self.leader)
        self.assertEqual(dispute.member_handed_date, handover.member_handed_date)
        self.assertEqual(dispute.member_received_date, handover.member_received_date)

    def test_leader_page_in_a_browser_at_phone_and_desktop_width(self):
        """The leader's page fits a phone; screenshots with ``PICKUP_SCREENSHOTS=1``:
        static/description/portal_leader_390.png and portal_leader_1280.png."""
        ready = self._member_order()
        collected = self._member_order()
        other = self.env["res.partner"].create({
            "name": "Member Four", "mobile": "0955666321", "pickup_leader_id": self.leader.id,
            "country_id": self.env.ref("base.tw").id})
        self.member, member = other, self.member
        third = self._member_order()
        self.member = member
        _code, leader_code = self._codes(collected)
        self.assertEqual(self._service().redeem(self._short(leader_code), "PTA")["reason"], "ok")
        names = (ready.name, third.name)  # read before the browser signs in as the leader
        for size, name in ((PHONE, "portal_leader_390.png"),
                           ((1280, 900), "portal_leader_1280.png")):
            with open_page(self, "/my/pickups/leader", login="pk_leader", size=size) as page:
                text = page.eval("document.body.innerText")
                self.assertIn(names[0], text)
                self.assertIn(names[1], text)
                self.assertIn("••• 321", text)
                self.assertIn("Handed to member", text)
                self._assert_private(page.eval("document.documentElement.outerHTML"))
                if size == PHONE:
                    self.assertLessEqual(page.page_width(), PHONE[0] + 1)
                save_screenshot(__file__, name, page.screenshot(full_page=True))

    def test_the_leader_page_and_the_member_s_news_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_TW")
        (self.leader | self.member).lang = "zh_TW"
        (self.leader_user | self.member_user).lang = "zh_TW"
        order = self._member_order()
        member_code, leader_code = self._codes(order)
        with self.mockSMSGateway(sms_allow_unlink=True):
            done = self._service().redeem(self._short(leader_code), "PTA")
        self.assertEqual(done["reason"], "ok", done["message"])
        self.assertIn("已由您的團長 Buyer One", self._sms[0]["body"])
        self.authenticate("pk_leader", "pk_leader")
        html = self.url_open("/my/pickups/leader").text
        self.assertIn("團長：團員的訂單", html)
        self.assertIn("已交給團員", html)
        self._assert_private(html)
        self.authenticate("pk_member", "pk_member")
        page = self.url_open("/my/pickups/%s" % member_code.id).text
        self.assertIn("您的團長", page)
        self.assertIn("確認已收到", page)
