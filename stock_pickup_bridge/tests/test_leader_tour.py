from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.sms.tests.common import SMSCase


@tagged("post_install", "-at_install")
class TestLeaderTour(SMSCase):
    """A group leader collects two members' orders at the counter (one scan, together), marks
    one handed out in the portal, and that member confirms receipt in theirs: three tours
    in Chromium (counter as the clerk, the leader's portal, the member's portal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.pickup_issue_trigger = "confirmed"
        cls.point = env["stock.warehouse"].create({
            "name": "Tour point", "code": "TOUR", "is_pickup_point": True})
        cls.product = env["product.product"].create({
            "name": "Tour tea box", "is_storable": True, "list_price": 300})
        env["stock.quant"]._update_available_quantity(cls.product, cls.point.lot_stock_id, 10)
        cls.campaign = env["crm.team"].create({"name": "Tour group-buy",
                                               "pickup_leader_mode": "forced"})
        cls.leader_user = new_test_user(env, "tour_leader", groups="base.group_portal")
        cls.leader = cls.leader_user.partner_id
        cls.members = env["res.users"]
        for n in (1, 2):
            user = new_test_user(env, "tour_member%s" % n, groups="base.group_portal")
            user.partner_id.write({"name": "Tour member %s" % n,
                                   "mobile": "091200000%s" % n,
                                   "country_id": env.ref("base.tw").id,
                                   "pickup_leader_id": cls.leader.id})
            cls.members |= user

    def _member_order(self, member):
        order = self.env["sale.order"].create({
            "partner_id": member.partner_id.id, "warehouse_id": self.point.id,
            "team_id": self.campaign.id,
            "order_line": [Command.create({"product_id": self.product.id,
                                           "product_uom_qty": 1})]})
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
        return order

    def test_leader_collects_two_members_then_hands_out_and_member_confirms(self):
        orders = [self._member_order(member) for member in self.members]
        leader_codes = [order.pickup_code_ids.filtered("leader_id") for order in orders]
        self.assertEqual([code.state for code in leader_codes], ["ready", "ready"])
        self.env["ir.config_parameter"].sudo().set_param(
            "stock_pickup_bridge.tour_code", leader_codes[0]._get_credentials().short_code)
        with self.mockSMSGateway(sms_allow_unlink=True):
            self.start_tour("/odoo/action-stock_pickup_bridge.action_pickup_counter",
                            "pickup_counter_leader_tour", login="admin")
        handovers = self.env["pickup.handover"]
        for order in orders:
            order.invalidate_recordset()
            self.assertEqual(set(order.pickup_code_ids.mapped("state")), {"redeemed"})
            handovers |= order.pickup_code_ids.entitlement_id.handover_ids
        self.assertEqual(handovers.mapped("collected_by"), ["leader", "leader"])
        # One scan: one verify and one redeem of the scanned code, the other one's redeem.
        scans = self.env["pickup.attempt"].search([("code_id", "=", leader_codes[0].id)])
        self.assertEqual(sorted(scans.mapped("action")), ["redeem", "verify"])
        # Both members were told their goods are with the leader.
        self.assertEqual(len([sms for sms in self._sms if "group leader" in sms["body"]]), 2)

        self.browser_size = "390,844"
        self.touch_enabled = True
        self.start_tour("/my/pickups/leader", "pickup_leader_handed_tour", login="tour_leader")
        handovers.invalidate_recordset()
        handed = handovers.filtered("member_handed_date")
        self.assertEqual(len(handed), 1, "one member's order marked handed out")
        self.assertEqual(handed.member_handed_by_id, self.leader_user)
        member_code = handed.code_id.parent_id
        member_user = self.members.filtered(
            lambda u: u.partner_id == member_code.partner_id)
        self.start_tour("/my/pickups/%s" % member_code.id, "pickup_leader_receipt_tour",
                        login=member_user.login)
        handed.invalidate_recordset()
        self.assertTrue(handed.member_received_date)
        self.assertEqual(handed.member_received_by_id, member_user)
        self.assertFalse((handovers - handed).member_received_date)
