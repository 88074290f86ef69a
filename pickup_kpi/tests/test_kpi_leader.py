"""Pickup KPIs by group leader: the code facts carry the leader who collected for the
member, so dispute and false-pickup rates can be grouped by leader."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.pickup_code.tests.common import PickupCommon


@tagged("post_install", "-at_install")
class TestKpiByLeader(PickupCommon):

    def _member_order(self, member, team):
        order = self.env["sale.order"].create({
            "partner_id": member.id, "warehouse_id": self.point_a.id, "team_id": team.id,
            "order_line": [Command.create({"product_id": self.cake.id, "product_uom_qty": 1})],
        })
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
        return order.pickup_code_ids

    def test_disputes_and_false_pickups_grouped_by_leader(self):
        team = self.env["crm.team"].create({"name": "KPI campaign", "pickup_leader_mode": "forced"})
        self.buyer2.pickup_leader_id = self.buyer
        member3 = self.env["res.partner"].create({"name": "KPI member",
                                                  "pickup_leader_id": self.buyer.id})
        first = self._member_order(self.buyer2, team)
        second = self._member_order(member3, team)
        own = self._code_of(self._create_order(partner=self.buyer2))  # no leader
        for codes in (first, second):
            leader_code = codes.filtered("leader_id")
            with self.mockSMSGateway(sms_allow_unlink=True):
                self.assertEqual(self._service().redeem(self._short(leader_code), "PTA")["reason"],
                                 "ok")
        self.assertEqual(self._service().redeem(self._short(own), "PTA")["reason"], "ok")
        # The member says "not me" (on their own code) and it is confirmed; a staff dispute
        # on the leader's code (the hand-over's credential) counts on the same order.
        member_code = first.filtered(lambda c: not c.leader_id)
        dispute = self.env["pickup.dispute"]._create_from_portal(member_code, "not_collected",
                                                                  "Never got it")
        dispute.action_confirm_wrongful()
        self.env["pickup.dispute"].create({"code_id": second.filtered("leader_id").id,
                                           "dispute_type": "damaged"})
        self.env.flush_all()
        Fact = self.env["pickup.kpi.code.fact"]
        rows = {row["leader_id"][0] if row["leader_id"] else False: row
                for row in Fact.read_group(
                    [("warehouse_id", "=", self.point_a.id)],
                    ["collected_count:sum", "dispute_count:sum", "wrongful_count:sum"],
                    ["leader_id"])}
        by_leader = rows[self.buyer.id]
        self.assertEqual((by_leader["collected_count"], by_leader["dispute_count"],
                          by_leader["wrongful_count"]), (2, 2, 1))
        self.assertEqual((rows[False]["collected_count"], rows[False]["dispute_count"]), (1, 0))
        # One row per order: the leader's credential is no second row.
        self.assertEqual(Fact.search_count([("code_id", "in", (first | second).ids)]), 2)
