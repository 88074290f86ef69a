"""A counter clerk (or an API key of one) attacking the offline sync and the together list:
each test is a finding or a hole that was tried and found closed."""

import json
import time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PickupCommon

API = "/pickup/api/v1"


@tagged("post_install", "-at_install")
class TestPickupAdversarialOffline(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.pickup_offline_qr = True
        cls.api_key = cls.env["res.users.apikeys"].with_user(cls.counter_a).sudo(False) \
            ._generate(None, "counter A scanner",
                       fields.Datetime.add(fields.Datetime.now(), days=1))

    def setUp(self):
        super().setUp()
        self.queued_at = int(time.time()) - 600  # kept with the item, as the counter does

    def _sync(self, code, key, steps=None, user=None, point="PTA"):
        return self._service(user).sync_offline_handover(
            code._get_signed_token(), point, key, self.queued_at, steps=steps,
            station="desk-1")

    def _conflicts(self, code):
        return self.env["pickup.anomaly"].search([
            ("anomaly_type", "=", "offline_conflict"), ("code_id", "=", code.id)])

    def _assert_untouched(self, code):
        code.invalidate_recordset()
        self.assertEqual(code.state, "ready")
        self.assertFalse(code.entitlement_id.handover_ids)
        self.assertNotIn("done", code.sale_order_id.picking_ids.mapped("state"))

    def _post(self, path, payload=None, raw=None):
        return self.url_open(API + path, data=raw if raw is not None else json.dumps(payload),
                             headers={"Content-Type": "application/json",
                                      "Authorization": "Bearer %s" % self.api_key})

    # -- together -----------------------------------------------------------------------

    def test_handle_of_a_revoked_code_opens_no_other_order(self):
        """Finding: a stolen QR is shown, the clerk verifies it, the buyer has it revoked.
        The verify's handle (15 minutes) still listed the buyer's other ready orders with
        fresh handles, and redeeming one of those handed the other order over: revoking the
        stolen code did not stop the thief collecting the rest."""
        stolen = self._code_of(self._create_order(partner=self.buyer2))
        other = self._code_of(self._create_order(partner=self.buyer2))
        check = self._service().verify(self._short(stolen), "PTA")
        self.assertEqual((check["reason"], check["together_count"]), ("ok", 1))
        stolen.action_revoke("reported stolen")
        offer = self._service().together(check["handle"], "PTA")["together"]
        self.assertEqual(offer, [], "a revoked code's handle lists nothing")
        result = self._service().redeem(self._short(stolen), "PTA", handle=check["handle"],
                                        together=[o["handle"] for o in offer])
        self.assertEqual(result["reason"], "revoked")
        self._assert_untouched(other)

    def test_together_never_crosses_buyers_points_or_users(self):
        mine, my_other = self._code_of(self._create_order()), self._code_of(self._create_order())
        theirs = self._code_of(self._create_order(partner=self.buyer2))
        self._code_of(self._create_order(point=self.point_b))  # mine, but at PTB
        check = self._service().verify(self._short(mine), "PTA")
        handle = check["handle"]
        offer = self._service().together(handle, "PTA")["together"]
        self.assertEqual([o["code_id"] for o in offer], [my_other.id])
        self.assertNotIn("Buyer Two", json.dumps(offer))
        # Another clerk, another point, a tampered handle: nothing.
        self.assertEqual(self._service(self.counter_b).together(handle, "PTB"),
                         {"together": [], "steps": []})
        with self.assertRaises(AccessError):
            self._service(self.counter_b).together(handle, "PTA")
        with self.assertRaises(AccessError):
            self._service().together(handle, "PTB")
        self.assertEqual(self._service().together(handle[:-2] + "xx", "PTA"),
                         {"together": [], "steps": []})
        # Another buyer's valid handle never joins this buyer's hand-over.
        foreign = self._service().verify(self._short(theirs), "PTA")["handle"]
        result = self._service().redeem(self._short(mine), "PTA", handle=handle,
                                        together=[foreign])
        self.assertEqual(result["reason"], "ok")
        self._assert_untouched(theirs)

    def test_together_handle_of_an_order_needing_its_own_checks_is_ignored(self):
        """A clerk who verified the buyer's valuable order (item scan, approval: its own
        checks) cannot slip its handle into a plain order's hand-over."""
        plain = self._code_of(self._create_order())
        valuable = self._code_of(self._create_order(lines=[(self.cooker, 1)]))
        self.assertIn("item_scan", valuable._get_required_steps_tuple())
        own = self._service().verify(self._short(valuable), "PTA")
        check = self._service().verify(self._short(plain), "PTA")
        offered = self._service().together(check["handle"], "PTA")["together"]
        self.assertNotIn(valuable.id, [o["code_id"] for o in offered])
        result = self._service().redeem(self._short(plain), "PTA", handle=check["handle"],
                                        together=[own["handle"]])
        self.assertEqual(result["reason"], "ok")
        self._assert_untouched(valuable)

    def test_together_api_answers_malformed_bodies_with_4xx(self):
        code = self._code_of(self._create_order())
        for raw in ("", "[]", '"x"', "{", '{"point": "PTA"}', '{"point": 5, "handle": "x"}',
                    '{"point": "PTA", "handle": 5}', '{"point": "NOPE", "handle": "x"}',
                    '{"point": "PTB", "handle": "x"}', '{"point": "", "handle": ""}'):
            with self.subTest(body=raw):
                response = self._post("/together", raw=raw)
                self.assertTrue(400 <= response.status_code < 500,
                                "%s answered %s" % (raw, response.status_code))
        for together in ("x", 5, [1], [None], [{"a": 1}], [[1]], ["x"] * 50):
            with self.subTest(together=together):
                response = self._post("/redeem", {"code": self._short(code), "point": "PTA",
                                                  "handle": 7, "together": together})
                self.assertLess(response.status_code, 500)
        self.assertEqual(len(code.entitlement_id.handover_ids), 1)

    # -- offline sync -------------------------------------------------------------------

    def test_offline_sync_refuses_what_the_counter_could_not_check(self):
        code = self._code_of(self._create_order())
        first = self._sync(code, "adv-key-0001")
        second = self._sync(code, "adv-key-0002")  # same token, another key
        self.assertEqual((first["outcome"], second["outcome"]), ("confirmed", "conflict"))
        self.assertEqual(len(code.entitlement_id.handover_ids), 1)
        # A clerk of A cannot sync at B, by code or id.
        at_b = self._code_of(self._create_order(point=self.point_b))
        for point in ("PTB", self.point_b.id):
            with self.assertRaises(AccessError):
                self._sync(at_b, "adv-key-0003", point=point)
        self._assert_untouched(at_b)
        # B's token queued at A (a token names no point): refused, the goods stay at B.
        wrong = self._sync(at_b, "adv-key-0004")
        self.assertEqual((wrong["reason"], wrong["outcome"]), ("wrong_pickup_point", "conflict"))
        self._assert_untouched(at_b)
        self.assertEqual(self._conflicts(at_b).warehouse_id, self.point_a)
        # An approval with the supervisor's real password and PIN, an item scan, an OTP:
        # none of them is taken from a queued item.
        self.high_value_rule.active = False
        rule = self.env["pickup.policy.rule"].create({"name": "adv", "min_amount": 0})
        claims = {
            "step_approval": {"approval": {"method": "password_pin", "login": "pk_supervisor",
                                           "password": "pk_supervisor_pw", "pin": "4826"}},
            "step_item_scan": {"item_scan": ["PCK-CAKE", "PCK-CAKE"]},
            "step_otp": {"otp": "000000"},
        }
        for index, (step, steps) in enumerate(claims.items()):
            rule.write(dict.fromkeys(claims, False) | {step: True})
            victim = self._code_of(self._create_order())
            result = self._sync(victim, "adv-key-01%02d" % index, steps=steps)
            self.assertEqual((result["verdict"], result["outcome"]), ("refused", "conflict"))
            self._assert_untouched(victim)
            anomaly = self._conflicts(victim)
            self.assertEqual(len(anomaly), 1)
            self.assertEqual(anomaly.with_user(self.supervisor2).search_count(
                [("id", "=", anomaly.id)]), 1, "the point's supervisor sees it")
            self.assertEqual(anomaly.with_user(self.counter_b).search_count(
                [("id", "=", anomaly.id)]), 0, "another point's clerk does not")
        self.assertFalse(self.env["pickup.attempt"]._find_chain_breaks(self.company))

    def test_offline_time_before_the_goods_were_ready_is_a_conflict(self):
        """Finding: a queued item's time was taken as given, however far back: a clerk (or a
        tablet whose clock reset) could record a hand-over "at" 1970 or a month before the
        order existed, and the hand-over's evidence said so. The goods cannot have left
        before they were ready at the point: that is a conflict for the supervisor."""
        code = self._code_of(self._create_order())
        ready = int(code.ready_date.timestamp())
        for index, when in enumerate((1000, ready - 30 * 86400, ready - 2 * 86400)):
            result = self._service().sync_offline_handover(
                code._get_signed_token(), "PTA", "adv-back-%04d" % index, when,
                station="desk-1")
            self.assertEqual((result["verdict"], result["outcome"]), ("refused", "conflict"))
        self._assert_untouched(code)
        self.assertTrue(self._conflicts(code))
        # A tablet whose clock is a time zone behind the server's is not a conflict.
        result = self._service().sync_offline_handover(
            code._get_signed_token(), "PTA", "adv-back-0009", ready - 8 * 3600,
            station="desk-1")
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(int(code.handover_ids.offline_date.timestamp()), ready - 8 * 3600)
