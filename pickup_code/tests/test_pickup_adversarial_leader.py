"""A second pair of eyes on the group leader, as the leader, the member and an attacker."""

import json

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .browser import PHONE, open_page
from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupAdversarialLeader(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["crm.team"].create({
            "name": "Adversarial group-buy", "pickup_leader_mode": "forced"})
        cls.leader, cls.member = cls.buyer, cls.buyer2
        cls.member.write({"pickup_leader_id": cls.leader.id, "street": "12 Secret Lane"})
        cls.leader_user = new_test_user(cls.env, "pk_adv_leader", groups="base.group_portal",
                                        partner_id=cls.leader.id)
        cls.member_user = new_test_user(cls.env, "pk_adv_member", groups="base.group_portal",
                                        partner_id=cls.member.id)
        cls.leader.name, cls.member.name = "Buyer One", "Buyer Two"

    def _member_order(self, product=None):
        order = self.env["sale.order"].create({
            "partner_id": self.member.id, "warehouse_id": self.point_a.id,
            "team_id": self.campaign.id,
            "order_line": [Command.create({"product_id": (product or self.cake).id,
                                           "product_uom_qty": 1})],
        })
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
            self._send_queued_notifications()
        codes = order.pickup_code_ids
        return codes.filtered(lambda c: not c.leader_id), codes.filtered("leader_id")

    def test_the_leader_can_show_the_code_of_a_member_s_high_value_order(self):
        """A member's order that needs a second person has a rotating QR, shown live on the
        code's own page only: the leader's page must lead there, or the leader (who must
        collect in a forced campaign) has no way to show any code for it."""
        _member_code, leader_code = self._member_order(self.cooker)
        self.assertEqual(leader_code.state, "ready")
        self.assertTrue(leader_code.rotating)
        self.authenticate("pk_adv_leader", "pk_adv_leader")
        html = self.url_open("/my/pickups/leader").text
        self.assertIn('href="/my/pickups/%s"' % leader_code.id, html)
        self.assertIn("pickup-leader-live", html)
        page = self.url_open("/my/pickups/%s" % leader_code.id).text
        self.assertIn("pickup-qr", page)
        self.assertNotIn("Secret Lane", page)
        self.assertNotIn("0922333444", page)

    def test_a_campaign_forbidden_after_issuing_shows_the_leader_no_qr(self):
        """The seller forbids leaders after the codes went out: the counter refuses the
        leader's codes, so the leader's page must not send the leader there with a QR."""
        _member_code, leader_code = self._member_order()
        self.campaign.pickup_leader_mode = "forbidden"
        self.assertEqual(self._service().verify(self._short(leader_code), "PTA")["reason"],
                         "leader_only")
        self.authenticate("pk_adv_leader", "pk_adv_leader")
        html = self.url_open("/my/pickups/leader").text
        self.assertNotIn(leader_code._get_qr_text(), html)
        self.assertNotIn("pickup-leader-point", html)

    def test_the_leader_s_and_member_s_posts_need_the_csrf_token(self):
        member_code, leader_code = self._member_order()
        self.assertEqual(self._service().redeem(self._short(leader_code), "PTA")["reason"], "ok")
        handover = member_code.entitlement_id.handover_ids
        self.authenticate("pk_adv_leader", "pk_adv_leader")
        self.url_open("/my/pickups/leader/%s/handed" % handover.id, data={},
                      allow_redirects=False)
        self.authenticate("pk_adv_member", "pk_adv_member")
        self.url_open("/my/pickups/%s/received" % member_code.id, data={},
                      allow_redirects=False)
        handover.invalidate_recordset()
        self.assertFalse(handover.member_handed_date)
        self.assertFalse(handover.member_received_date)

    def test_a_leader_reads_nothing_more_of_the_member_over_rpc(self):
        _member_code, leader_code = self._member_order()
        Code = self.env["pickup.code"].with_user(self.leader_user)
        values = Code.search_read([], [
            "name", "sale_order_id", "partner_id", "entitlement_id", "warehouse_id",
            "amount_total", "delegate_name", "delegate_phone", "leader_id", "parent_id"])
        self.assertEqual([v["id"] for v in values], leader_code.ids)
        text = repr(values)
        for secret in ("0922333444", "buyer2@example.com", "Secret Lane"):
            self.assertNotIn(secret, text)
        self.assertFalse(self.env["res.partner"].with_user(self.leader_user).search(
            [("id", "=", self.member.id)]))
        self.assertFalse(self.env["sale.order"].with_user(self.leader_user).search(
            [("id", "=", leader_code.sale_order_id.id)]))

    def test_forced_the_member_s_code_is_refused_over_the_json_api(self):
        member_code, leader_code = self._member_order()
        key = self.env["res.users.apikeys"].with_user(self.counter_a).sudo(False)._generate(
            None, "adversarial scanner", fields.Datetime.add(fields.Datetime.now(), days=1))
        headers = {"Content-Type": "application/json", "Authorization": "Bearer %s" % key}

        def post(path, short):
            return self.url_open("/pickup/api/v1" + path, headers=headers, data=json.dumps(
                {"code": short, "point": "PTA"})).json()

        for path in ("/verify", "/redeem"):
            answer = post(path, self._short(member_code))
            self.assertEqual(answer["reason"], "leader_only", answer)
        self.assertFalse(member_code.entitlement_id.handover_ids)
        answer = post("/redeem", self._short(leader_code))
        self.assertEqual(answer["reason"], "ok", answer)
        self.assertEqual(post("/redeem", self._short(member_code))["reason"],
                         "already_redeemed")

    def test_forced_the_member_s_page_shows_no_code_the_counter_refuses(self):
        """In a forced campaign the member's own code is refused at the counter: the member's
        page must say that the leader collects, not show a QR and short code to go with."""
        member_code, _leader_code = self._member_order()
        self.authenticate("pk_adv_member", "pk_adv_member")
        page = self.url_open("/my/pickups/%s" % member_code.id).text
        self.assertNotIn(member_code._get_qr_text(), page)
        self.assertIn("Buyer One", page)

    def test_forced_the_member_s_page_in_chinese_names_the_leader(self):
        self.env["res.lang"]._activate_lang("zh_TW")
        self.member_user.lang = "zh_TW"
        member_code, leader_code = self._member_order(self.cooker)
        self.authenticate("pk_adv_member", "pk_adv_member")
        page = self.url_open("/zh_TW/my/pickups/%s" % member_code.id).text
        self.assertIn("會為您領取此訂單", page)
        self.assertNotIn("pickup-qr", page)
        self.authenticate("pk_adv_leader", "pk_adv_leader")
        self.leader_user.lang = "zh_TW"
        self.assertIn("顯示此訂單的即時 QR 碼", self.url_open("/zh_TW/my/pickups/leader").text)
        self.assertIn("pickup-qr", self.url_open("/my/pickups/%s" % leader_code.id).text)

    def test_the_leader_page_in_chinese_on_a_phone(self):
        """390 px, zh_TW: no English left on the leader's page, nothing wider than the
        screen (screenshot in /tmp for the reviewer)."""
        self.env["res.lang"]._activate_lang("zh_TW")
        (self.leader | self.member).lang = "zh_TW"
        self.leader_user.lang = "zh_TW"
        self._member_order()
        self._member_order(self.cooker)
        _code, collected = self._member_order()
        self.assertEqual(self._service().redeem(self._short(collected), "PTA")["reason"], "ok")
        with open_page(self, "/zh_TW/my/pickups/leader", login="pk_adv_leader") as page:
            text = page.eval("document.querySelector('.pickup-leader').innerText")
            for english in ("Group leader", "Collect at", "with one scan", "Collected",
                            "Handed to member", "live QR", "On the way"):
                self.assertNotIn(english, text)
            self.assertIn("顯示此訂單的即時 QR 碼", text)
            self.assertLessEqual(page.page_width(), PHONE[0] + 1)
            with open("/tmp/adv2_leader_390_zh_TW.png", "wb") as f:
                f.write(page.screenshot(full_page=True))

    def test_a_portal_user_cannot_make_themselves_a_member_s_leader(self):
        """Neither the account form nor RPC writes a group leader: the member's partner and
        orders keep theirs (the leader's code would otherwise be issued to the attacker)."""
        attacker_partner = self.env["res.partner"].create({
            "name": "Attacker", "email": "attacker@example.com", "mobile": "0900111222",
            "country_id": self.env.ref("base.tw").id})
        attacker = new_test_user(self.env, "pk_adv_attacker", groups="base.group_portal",
                                 partner_id=attacker_partner.id)
        member_code, _leader_code = self._member_order()
        order = member_code.sale_order_id
        self.authenticate("pk_adv_attacker", "pk_adv_attacker")
        page = self.url_open("/my/account").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        self.url_open("/my/account", data={
            "csrf_token": token, "name": "Attacker", "email": "attacker@example.com",
            "phone": "0900111222", "street": "1 Road", "city": "Taipei",
            "country_id": self.env.ref("base.tw").id,
            "pickup_leader_id": self.leader.id}, allow_redirects=False)
        attacker_partner.invalidate_recordset()
        self.assertFalse(attacker_partner.pickup_leader_id)
        for model, record in (("res.partner", self.member), ("sale.order", order)):
            with self.assertRaises(AccessError):
                self.env[model].with_user(attacker).browse(record.id).write(
                    {"pickup_leader_id": attacker_partner.id})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.member_user).browse(self.member.id).write(
                {"pickup_leader_id": attacker_partner.id})
        self.assertEqual(self.member.pickup_leader_id, self.leader)
        self.assertEqual(order.pickup_leader_id, self.leader)
