"""The group leader: the campaign's modes, one hand-over of the members' orders with the
identity steps for the total value, and the members told."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PickupCommon

ID_STEPS = {"id_check": {"doc_type": "national_id", "last4": "123A"}}


@tagged("post_install", "-at_install")
class TestPickupLeader(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["crm.team"].create({
            "name": "Spring group-buy", "pickup_leader_mode": "optional"})
        # Buyer One leads (their ID is on file); two members name them as their leader.
        cls.leader = cls.buyer
        cls.member1 = cls.buyer2
        cls.member2 = cls.env["res.partner"].create({
            "name": "Member Three", "mobile": "0933111789", "email": "m3@example.com",
            "country_id": cls.env.ref("base.tw").id})
        (cls.member1 | cls.member2).pickup_leader_id = cls.leader

    def _member_order(self, member, team=None, leader=True):
        order = self.env["sale.order"].create({
            "partner_id": member.id, "warehouse_id": self.point_a.id,
            "team_id": (team or self.campaign).id,
            "order_line": [Command.create({"product_id": self.cake.id, "product_uom_qty": 2})],
        })
        if not leader:
            order.pickup_leader_id = False
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
            self._send_queued_notifications()
        return order

    def _verify_with_list(self, code):
        """A verify and, as the counter does, the list of what goes with it (and the
        scanned order's steps in that hand-over)."""
        check = self._service().verify(self._short(code), "PTA")
        if check["reason"] == "ok" and check["together_count"]:
            listed = self._service().together(check["handle"], "PTA")
            check.update(together=listed["together"], steps=listed["steps"])
        return check

    @staticmethod
    def _leader_code(order):
        return order.pickup_code_ids.filtered("leader_id")

    def test_the_order_proposes_the_member_s_leader(self):
        order = self._member_order(self.member1)
        self.assertEqual(order.pickup_leader_id, self.leader)
        member_code, leader_code = self._code_of(order).filtered(
            lambda c: not c.leader_id), self._leader_code(order)
        self.assertEqual(leader_code.partner_id, self.leader)
        self.assertEqual(leader_code.parent_id, member_code)
        self.assertEqual(leader_code.entitlement_id, member_code.entitlement_id)
        self.assertEqual((member_code.state, leader_code.state), ("ready", "ready"))
        self.assertEqual(leader_code.expiry_date, member_code.expiry_date)
        with self.assertRaises(ValidationError):
            self.member1.pickup_leader_id = self.member1

    def test_forbidden_issues_no_leader_code(self):
        self.campaign.pickup_leader_mode = "forbidden"
        order = self._member_order(self.member1)
        self.assertFalse(self._leader_code(order))
        self.assertEqual(len(order.pickup_code_ids), 1)

    def test_the_leader_s_code_is_never_sent(self):
        order = self._member_order(self.member1)
        leader_code = self._leader_code(order)
        self.assertEqual(leader_code.notify_state, "pending")
        self.assertFalse(self._sms_of(leader_code))

    def test_leader_collects_two_members_in_one_hand_over(self):
        first = self._member_order(self.member1)
        second = self._member_order(self.member2)
        own = self._create_order(partner=self.leader)  # the leader's own order goes too
        elsewhere = self._member_order(self.member1)
        elsewhere_code = self._leader_code(elsewhere)
        elsewhere_code.sudo().entitlement_id.code_ids.write({"warehouse_id": self.point_b.id})
        check = self._verify_with_list(self._leader_code(first))
        self.assertEqual(check["reason"], "ok", check["message"])
        offered = {offer["code_id"] for offer in check["together"]}
        self.assertEqual(offered, {self._leader_code(second).id, self._code_of(own).id})
        with self.mockSMSGateway(sms_allow_unlink=True):
            result = self._service().redeem(
                self._short(self._leader_code(first)), "PTA", handle=check["handle"],
                together=[offer["handle"] for offer in check["together"]])
        self.assertEqual(result["reason"], "ok", result["message"])
        self.assertEqual([r["reason"] for r in result["together"]], ["ok", "ok"])
        for order in (first, second, own):
            self.assertEqual(set(order.pickup_code_ids.mapped("state")), {"redeemed"})
            self.assertEqual(order.picking_ids.mapped("state"), ["done"])
        for order in (first, second):
            handover = order.pickup_code_ids.entitlement_id.handover_ids
            self.assertEqual(len(handover), 1)
            self.assertEqual(handover.collected_by, "leader")
            self.assertEqual(handover.leader_id, self.leader)
            self.assertEqual(handover.code_id, self._leader_code(order))
        self.assertEqual(self._code_of(own).entitlement_id.handover_ids.collected_by, "buyer")
        # Each member is told their goods are with the leader (not the leader's own order).
        bodies = {sms["number"]: sms["body"] for sms in self._sms}
        for member in (self.member1, self.member2):
            number = "+886" + member.mobile[1:]
            self.assertIn(number, bodies)
            self.assertIn("group leader Buyer One", bodies[number])
        self.assertNotIn("+886912345678", bodies)
        self.assertEqual(elsewhere_code.state, "ready")

    def test_optional_the_member_collects_and_the_leader_code_is_spent(self):
        order = self._member_order(self.member1)
        member_code = self._code_of(order).filtered(lambda c: not c.leader_id)
        done = self._service().redeem(self._short(member_code), "PTA")
        self.assertEqual(done["reason"], "ok", done["message"])
        again = self._service().verify(self._short(self._leader_code(order)), "PTA")
        self.assertEqual(again["reason"], "already_redeemed")
        self.assertEqual(len(member_code.entitlement_id.handover_ids), 1)
        self.assertEqual(member_code.entitlement_id.handover_ids.collected_by, "buyer")

    def test_forced_only_the_leader_collects(self):
        self.campaign.pickup_leader_mode = "forced"
        order = self._member_order(self.member1)
        member_code = self._code_of(order).filtered(lambda c: not c.leader_id)
        refused = self._service().redeem(self._short(member_code), "PTA")
        self.assertEqual(refused["reason"], "leader_only")
        self.assertIn("Buyer One", refused["message"])
        self.assertEqual(member_code.state, "ready")
        self.assertFalse(member_code.entitlement_id.handover_ids)
        done = self._service().redeem(self._short(self._leader_code(order)), "PTA")
        self.assertEqual(done["reason"], "ok", done["message"])
        self.assertEqual(member_code.state, "redeemed")

    def test_forced_the_member_is_not_sent_a_code_the_counter_refuses(self):
        """Forced: the member's own code does not collect, so its "ready" news is not sent
        (nor re-sent); an optional campaign's member still gets theirs."""
        self.campaign.pickup_leader_mode = "forced"
        forced = self._code_of(self._member_order(self.member1)).filtered(
            lambda c: not c.leader_id)
        self.assertEqual(forced._pickup_leader_collects(), self.leader)
        self.assertFalse(forced.last_notify_date)
        self.assertEqual(forced.notify_state, "pending")  # "Not sent"
        self.campaign.pickup_leader_mode = "optional"
        optional = self._code_of(self._member_order(self.member2)).filtered(
            lambda c: not c.leader_id)
        self.assertTrue(optional.last_notify_date)
        self.campaign.pickup_leader_mode = "forced"
        forced._notify_buyer("reminder")
        self.assertFalse(forced.notify_pending)

    def test_forced_without_a_leader_the_member_collects(self):
        self.campaign.pickup_leader_mode = "forced"
        order = self._member_order(self.member1, leader=False)
        self.assertFalse(self._leader_code(order))
        done = self._service().redeem(self._short(self._code_of(order)), "PTA")
        self.assertEqual(done["reason"], "ok", done["message"])

    def test_forbidden_after_issuing_stops_the_leader_code(self):
        order = self._member_order(self.member1)
        self.campaign.pickup_leader_mode = "forbidden"
        refused = self._service().verify(self._short(self._leader_code(order)), "PTA")
        self.assertEqual(refused["reason"], "leader_only")

    def test_the_steps_are_asked_for_the_total_value(self):
        # Each member's order (2 cakes) is below the threshold, the two together above it.
        self.high_value_rule.active = False
        first = self._member_order(self.member1)
        second = self._member_order(self.member2)
        self.assertLess(first.amount_total, 1500)
        self.assertGreater(first.amount_total + second.amount_total, 1500)
        self.env["pickup.policy.rule"].create({
            "name": "Group total", "min_amount": 1500, "step_id_check": True})
        scanned, sibling = self._leader_code(first), self._leader_code(second)
        check = self._verify_with_list(scanned)
        self.assertEqual(check["steps"], ["id_check"])
        self.assertEqual(check["together"][0]["steps"], ["id_check"])
        refused = self._service().redeem(self._short(scanned), "PTA", handle=check["handle"],
                                         together=[check["together"][0]["handle"]])
        self.assertEqual(refused["reason"], "id_required")
        self.assertEqual(sibling.state, "ready")
        # The leader's ID is the one checked (theirs is on file).
        wrong = self._service().redeem(
            self._short(scanned), "PTA", handle=check["handle"],
            together=[check["together"][0]["handle"]],
            steps={"id_check": {"doc_type": "national_id", "last4": "999Z"}})
        self.assertEqual(wrong["reason"], "id_mismatch")
        done = self._service().redeem(self._short(scanned), "PTA", handle=check["handle"],
                                      together=[check["together"][0]["handle"]],
                                      steps=ID_STEPS)
        self.assertEqual(done["reason"], "ok", done["message"])
        self.assertEqual(done["together"][0]["reason"], "ok")
        self.assertEqual(sibling.entitlement_id.handover_ids.steps_done, "id_check")

    def test_a_buyer_s_own_orders_keep_each_order_s_steps(self):
        # Not a leader's hand-over: the steps stay each order's own (no total).
        self.high_value_rule.active = False
        first, second = self._create_order(), self._create_order()
        self.env["pickup.policy.rule"].create({
            "name": "Group total", "min_amount": 1500, "step_id_check": True})
        self.assertLess(first.amount_total, 1500)
        check = self._verify_with_list(self._code_of(first))
        self.assertEqual(check["steps"], [])
        self.assertEqual(check["together"][0]["code_id"], self._code_of(second).id)
        self.assertEqual(check["together"][0]["steps"], [])

    def test_regenerating_the_leader_s_code_keeps_it_the_leader_s(self):
        order = self._member_order(self.member1)
        old = self._leader_code(order)
        new = self.env["pickup.code"].browse(old.action_regenerate()["res_id"])
        self.assertEqual(old.state, "revoked")
        self.assertEqual((new.leader_id, new.partner_id, new.parent_id, new.state),
                         (self.leader, self.leader, old.parent_id, "ready"))
        done = self._service().redeem(self._short(new), "PTA")
        self.assertEqual(done["reason"], "ok", done["message"])
        self.assertEqual(old.parent_id.state, "redeemed")
