"""Hand-overs queued by the counter while offline, synced when the server is back: the
normal redeem on channel ``offline``, a conflict becomes an anomaly, a replay is harmless."""

import time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupOfflineSync(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.pickup_offline_qr = True

    def _token(self, code):
        return code._get_signed_token()

    def setUp(self):
        super().setUp()
        # One queued time per test, as the counter keeps it with the item: a replay sends
        # the same (computed per call, a second boundary made a replay a "mismatch").
        self.queued_at = int(time.time()) - 600

    def _sync(self, code, key, queued_at=None, steps=None, user=None, point="PTA"):
        return self._service(user).sync_offline_handover(
            self._token(code), point, key, queued_at or self.queued_at,
            steps=steps, station="desk-1")

    def _conflicts(self, code):
        return self.env["pickup.anomaly"].search([
            ("anomaly_type", "=", "offline_conflict"), ("code_id", "=", code.id)])

    def test_synced_item_is_handed_over_once_with_its_offline_time(self):
        code = self._code_of(self._create_order())
        queued_at = int(time.time()) - 3600
        result = self._sync(code, "offline-key-0001", queued_at=queued_at)
        self.assertEqual((result["verdict"], result["outcome"]), ("ok", "confirmed"))
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
        handover = code.handover_ids
        self.assertEqual(len(handover), 1)
        self.assertEqual(int(handover.offline_date.timestamp()), queued_at)
        self.assertEqual(handover.picking_id.state, "done")
        attempt = self.env["pickup.attempt"].search(
            [("code_id", "=", code.id), ("action", "=", "redeem")])
        self.assertEqual(attempt.mapped("channel"), ["offline"])
        self.assertEqual(int(attempt.offline_date.timestamp()), queued_at)
        self.assertFalse(self.env["pickup.attempt"]._find_chain_breaks(self.company),
                         "the offline time is covered by the log's hash chain")
        # The answer was lost: the counter sends the same item again.
        again = self._sync(code, "offline-key-0001", queued_at=queued_at)
        self.assertEqual(again, result, "the first verdict, not 'already collected'")
        self.assertEqual(len(code.handover_ids), 1)
        self.assertEqual(len(self.env["pickup.attempt"].search(
            [("code_id", "=", code.id), ("action", "=", "redeem")])), 1)
        self.assertFalse(self._conflicts(code))

    def test_collected_elsewhere_meanwhile_is_a_conflict_for_the_supervisor(self):
        code = self._code_of(self._create_order())
        token = self._token(code)
        online = self._service().redeem(token, "PTA", station="desk-2")
        self.assertEqual(online["verdict"], "ok")
        result = self._sync(code, "offline-key-0002")
        self.assertEqual((result["verdict"], result["reason"], result["outcome"]),
                         ("refused", "already_redeemed", "conflict"))
        anomaly = self._conflicts(code)
        self.assertEqual(len(anomaly), 1)
        self.assertEqual((anomaly.warehouse_id, anomaly.station, anomaly.user_id),
                         (self.point_a, "desk-1", self.counter_a))
        self.assertIn("desk-1", anomaly.detail)
        self.assertIn(self.counter_a.name, anomaly.detail)
        self.assertIn(self.supervisor, anomaly.activity_ids.user_id,
                      "the point's supervisor is told")
        self.assertEqual(len(code.handover_ids), 1, "nothing handed over twice")
        # Replayed: the same answer, no second anomaly.
        self.assertEqual(self._sync(code, "offline-key-0002"), result)
        self.assertEqual(len(self._conflicts(code)), 1)

    def test_policy_steps_not_recorded_offline_are_refused_not_skipped(self):
        order = self._create_order(lines=[(self.cooker, 1)])  # the high-value rule's steps
        code = self._code_of(order)
        self.assertIn("approval", code._get_required_steps_tuple())
        # The ID was checked offline, but the approval and the signature cannot be.
        steps = {"id_check": {"doc_type": "national_id", "last4": "123A"},
                 "approval": {"method": "password_pin", "login": "pk_supervisor",
                              "password": "pk_supervisor_pw", "pin": "4826"}}
        result = self._sync(code, "offline-key-0003", steps=steps)
        self.assertEqual((result["verdict"], result["outcome"]), ("refused", "conflict"))
        self.assertNotEqual(result["reason"], "ok")
        code.invalidate_recordset()
        self.assertEqual(code.state, "ready")
        self.assertFalse(code.handover_ids)
        self.assertEqual(len(self._conflicts(code)), 1)

    def test_id_check_recorded_offline_is_checked_on_sync(self):
        self.env["pickup.policy.rule"].create({
            "name": "ID only", "min_amount": 0, "step_id_check": True})
        code = self._code_of(self._create_order())
        self.assertEqual(code._get_required_steps_tuple(), ("id_check",))
        refused = self._sync(code, "offline-key-0004")
        self.assertEqual((refused["reason"], refused["outcome"]), ("id_required", "conflict"))
        ok = self._sync(code, "offline-key-0005",
                        steps={"id_check": {"doc_type": "national_id", "last4": "123A"}})
        self.assertEqual((ok["verdict"], ok["outcome"]), ("ok", "confirmed"))
        self.assertEqual(code.handover_ids.id_doc_type, "national_id")

    def test_only_signed_tokens_and_own_points(self):
        code = self._code_of(self._create_order())
        service = self._service()
        with self.assertRaises(UserError):
            service.sync_offline_handover(self._short(code), "PTA", "offline-key-0006",
                                          int(time.time()))
        with self.assertRaises(UserError):
            service.sync_offline_handover(self._token(code), "PTA", "bad key",
                                          int(time.time()))
        # The same key sent with another token is refused, not replayed.
        other = self._code_of(self._create_order())
        self._sync(code, "offline-key-0007")
        with self.assertRaises(UserError):
            self._sync(other, "offline-key-0007")
        other.invalidate_recordset()
        self.assertEqual(other.state, "ready")
