"""One scan path: verify once, and the redeem that follows re-uses what it established."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupScanPath(PickupCommon):

    def _counting(self):
        """Count evaluations of the policy and look-ups of the transfers (Odoo's own
        methods run: the counters only wrap them)."""
        Rule = type(self.env["pickup.policy.rule"])
        Code = type(self.env["pickup.code"])
        return (patch.object(Rule, "_get_required_steps", autospec=True,
                             side_effect=Rule._get_required_steps),
                patch.object(Code, "_get_outgoing_pickings", autospec=True,
                             side_effect=Code._get_outgoing_pickings))

    def test_a_hand_over_evaluates_policy_and_transfers_once(self):
        code = self._code_of(self._create_order())
        service = self._service()
        policy_patch, pickings_patch = self._counting()
        with policy_patch as policy, pickings_patch as pickings:
            checked = service.verify(self._short(code), "PTA")
            self.assertEqual(checked["reason"], "ok")
            self.assertEqual((policy.call_count, pickings.call_count), (1, 1))
            policy.reset_mock()
            pickings.reset_mock()
            done = service.redeem(self._short(code), "PTA", handle=checked["handle"])
            self.assertEqual(done["reason"], "ok")
            self.assertEqual(policy.call_count, 0, "the steps come from the verify")
            self.assertEqual(pickings.call_count, 1)
        self.assertEqual(code.state, "redeemed")
        self.assertEqual(code.attempt_ids.mapped("action"), ["redeem", "verify"])

    def test_a_redeem_without_handle_evaluates_each_once(self):
        code = self._code_of(self._create_order())
        policy_patch, pickings_patch = self._counting()
        with policy_patch as policy, pickings_patch as pickings:
            self.assertEqual(self._service().redeem(self._short(code), "PTA")["reason"], "ok")
            self.assertEqual((policy.call_count, pickings.call_count), (1, 1))

    def test_a_handle_is_only_its_clerks_and_points(self):
        code = self._code_of(self._create_order())
        handle = self._service().verify(self._short(code), "PTA")["handle"]
        other = self.env["res.users"].create({
            "name": "Other clerk", "login": "pk_other_clerk",
            "groups_id": [(6, 0, self.counter_a.groups_id.ids)],
            "pickup_warehouse_ids": [(6, 0, self.point_a.ids)]})
        # Someone else's handle is ignored: the code text is checked as for a fresh scan.
        answer = self.env["pickup.service"].with_user(other).redeem("garbage", "PTA",
                                                                    handle=handle)
        self.assertEqual(answer["reason"], "malformed")
        self.assertEqual(code.state, "ready")

    def test_a_handle_does_not_outlive_the_entitlement_it_saw(self):
        code = self._code_of(self._create_order())
        with self.mockSMSGateway(sms_allow_unlink=True):
            delegate = code._create_delegate("Aunt May", "0955111222", "family")
        handle = self._service().verify(self._short(code), "PTA")["handle"]
        self.assertEqual(self._service().redeem(self._short(delegate), "PTA")["reason"], "ok")
        again = self._service().redeem(self._short(code), "PTA", handle=handle)
        self.assertEqual(again["reason"], "already_redeemed")
        self.assertEqual(len(code.entitlement_id.handover_ids), 1)

    def test_a_revoked_code_refuses_its_handle(self):
        code = self._code_of(self._create_order())
        handle = self._service().verify(self._short(code), "PTA")["handle"]
        code.sudo().action_revoke("Lost phone")
        self.assertEqual(self._service().redeem("", "PTA", handle=handle)["reason"], "revoked")
