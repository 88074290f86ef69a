"""One order, one hand-over: the entitlement is claimed, its credentials only unlock it."""

from odoo.tests import tagged

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupEntitlement(PickupCommon):

    def _with_delegate(self, order=None):
        code = self._code_of(order or self._create_order())
        with self.mockSMSGateway(sms_allow_unlink=True):
            delegate = code._create_delegate("Aunt May", "0955111222", "family")
        return code, delegate

    def _handovers(self, code):
        return code.entitlement_id.handover_ids

    def test_buyer_and_delegate_share_one_entitlement(self):
        code, delegate = self._with_delegate()
        self.assertEqual(delegate.entitlement_id, code.entitlement_id)
        self.assertEqual(code.entitlement_id.state, "ready")
        self.assertEqual(code.entitlement_id.code_ids, code | delegate)

    def test_delegate_then_buyer_hands_over_once(self):
        code, delegate = self._with_delegate()
        first = self._service().redeem(self._short(delegate), "PTA")
        self.assertEqual(first["reason"], "ok")
        self.assertEqual((code.state, delegate.state), ("redeemed", "redeemed"))
        again = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(again["reason"], "already_redeemed")
        # It says who collected, not only when and where.
        self.assertEqual(again["details"]["collector_name"], "Aunt May")
        self.assertIn("Aunt May", again["message"])
        self.assertIn(self.counter_a.name, again["message"])
        self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"],
                         "already_redeemed")
        self.assertEqual(len(self._handovers(code)), 1)
        self.assertEqual(code.sale_order_id.picking_ids.mapped("state"), ["done"])

    def test_buyer_then_delegate_hands_over_once(self):
        code, delegate = self._with_delegate()
        self.assertEqual(self._service().redeem(self._qr(code), "PTA")["reason"], "ok")
        again = self._service().redeem(self._qr(delegate), "PTA")
        self.assertEqual(again["reason"], "already_redeemed")
        self.assertEqual(again["details"]["collector_name"], "Buyer One")
        self.assertEqual(len(self._handovers(code)), 1)

    def test_partial_then_the_rest_with_the_same_code(self):
        order = self._create_order(lines=[(self.cake, 3)])
        code = self._code_of(order)
        partial = self._service().redeem(
            self._short(code), "PTA", lines=[{"product_id": self.cake.id, "qty": 1}],
            partial_reason="Buyer carries one box today")
        self.assertEqual(partial["reason"], "ok")
        self.assertTrue(partial["backorder"])
        # The entitlement stays open with what remains; the same code keeps working.
        self.assertEqual(code.state, "ready")
        self.assertTrue(code.entitlement_id.is_partial)
        self.assertEqual([(line["product"], line["qty"]) for line in partial["lines"]],
                         [(self.cake.display_name, 2.0)])
        check = self._service().verify(self._short(code), "PTA")
        self.assertEqual(check["reason"], "ok")
        self.assertTrue(check["partly_collected"])
        self.assertEqual(code._get_remaining_lines()[0]["qty"], 2.0)
        rest = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(rest["reason"], "ok")
        self.assertEqual(code.state, "redeemed")
        self.assertFalse(code.entitlement_id.is_partial)
        self.assertEqual(len(self._handovers(code)), 2)
        self.assertEqual(set(order.picking_ids.mapped("state")), {"done"})
        self.assertEqual(sum(order.order_line.mapped("qty_delivered")), 3)
        self.assertEqual(self._service().redeem(self._short(code), "PTA")["reason"],
                         "already_redeemed")

    def test_partial_by_the_buyer_then_the_rest_by_the_delegate(self):
        order = self._create_order(lines=[(self.cake, 2)])
        code, delegate = self._with_delegate(order)
        self._service().redeem(self._short(code), "PTA",
                               lines=[{"product_id": self.cake.id, "qty": 1}],
                               partial_reason="One box now")
        self.assertEqual(delegate.state, "ready")
        rest = self._service().redeem(self._short(delegate), "PTA")
        self.assertEqual(rest["reason"], "ok")
        self.assertEqual(self._handovers(code).mapped("collected_by"), ["delegate", "buyer"])
        self.assertEqual((code.state, delegate.state), ("redeemed", "redeemed"))

    def test_the_rest_of_a_partial_pickup_is_reminded_and_returned(self):
        code = self._code_of(self._create_order(lines=[(self.cake, 2)]))
        self._service().redeem(self._short(code), "PTA",
                               lines=[{"product_id": self.cake.id, "qty": 1}],
                               partial_reason="One box now")
        self.assertIn(code, self.env["pickup.code"].sudo().search(
            [("state", "=", "ready"), ("expiry_date", "!=", False)]))
        # The portal still shows it, with what is left.
        self.assertEqual(code._get_remaining_lines()[0]["product_id"], self.cake.id)

    def test_a_stale_claim_loses(self):
        """The claim is conditional on the hand-over count the scan saw: a hand-over of any
        credential in between makes it fail, and nothing is changed."""
        code, _delegate = self._with_delegate()
        entitlement = code.entitlement_id
        seen = entitlement.handover_count
        self.assertTrue(entitlement._claim(seen))
        self.assertFalse(entitlement._claim(seen))

    def test_regenerated_code_keeps_the_entitlement_and_the_delegate(self):
        code, delegate = self._with_delegate()
        with self.mockSMSGateway(sms_allow_unlink=True):
            code.with_user(self.supervisor).action_regenerate()
        new = code.replaced_by_id
        self.assertEqual(new.entitlement_id, code.entitlement_id)
        self.assertEqual(self._service().redeem(self._short(delegate), "PTA")["reason"], "ok")
        self.assertEqual(new.state, "redeemed")
        self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"], "revoked")

    def test_counter_retry_with_its_key_returns_the_first_answer(self):
        code = self._code_of(self._create_order())
        service = self._service()
        first = service.redeem(self._short(code), "PTA", idempotency_key="tap-1")
        self.assertEqual(first["reason"], "ok")
        anomalies = self.env["pickup.anomaly"].sudo().search_count([("code_id", "=", code.id)])
        retry = service.redeem(self._short(code), "PTA", idempotency_key="tap-1")
        self.assertEqual(retry, first)
        self.assertEqual(
            self.env["pickup.anomaly"].sudo().search_count([("code_id", "=", code.id)]),
            anomalies, "an honest retry raises no replay anomaly")
        # Another tap (another key) is a new attempt and is told the truth.
        self.assertEqual(service.redeem(self._short(code), "PTA", idempotency_key="tap-2")
                         ["reason"], "already_redeemed")

    def test_station_header_rotation_is_still_limited(self):
        """A guesser that names a new station on every call meets the user's limit."""
        self.company.pickup_rate_limit = 20
        service = self._service()
        reasons = [service.verify("ZZZZ-ZZZZ-%s" % i, "PTA", station="rotating-%d" % i)["reason"]
                   for i in range(25)]
        self.assertIn("rate_limited", reasons[:21])
        self.assertEqual(reasons.index("rate_limited"), 20)

    def test_a_whole_point_is_limited_across_users(self):
        self.company.pickup_rate_limit = 4
        Users = self.env["res.users"]
        clerks = [self.counter_a] + [
            Users.create({"name": "Clerk %d" % i, "login": "pk_clerk_%d" % i,
                          "groups_id": [(6, 0, self.counter_a.groups_id.ids)],
                          "pickup_warehouse_ids": [(6, 0, self.point_a.ids)]})
            for i in range(3)]
        reasons = []
        for _round in range(4):
            for clerk in clerks:
                reasons.append(self._service(clerk).verify(
                    "garbage", "PTA", station="s-%s" % clerk.id)["reason"])
        # 3 × 4 = 12 failures at the point before the 13th scan is refused.
        self.assertEqual(reasons.index("rate_limited"), 12)

    # --- found by the adversarial pass ------------------------------------------------

    def test_delivery_validated_in_inventory_leaves_no_live_code(self):
        order = self._create_order()
        code, delegate = self._with_delegate(order)
        picking = code._get_outgoing_pickings()
        picking.move_ids.write({"quantity": 2, "picked": True})
        picking.button_validate()
        self.assertEqual((code.state, delegate.state), ("revoked", "revoked"))
        answer = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(answer["reason"], "revoked")
        self.assertFalse(self._handovers(code), "no hand-over without goods")

    def test_cancelled_order_or_delivery_leaves_no_live_code(self):
        code = self._code_of(self._create_order())
        code.sale_order_id.with_context(disable_cancel_warning=True)._action_cancel()
        self.assertEqual(code.state, "revoked")
        self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"], "revoked")
        other = self._code_of(self._create_order())
        other._get_outgoing_pickings().action_cancel()
        self.assertEqual(other.state, "revoked")

    def test_a_partial_delivery_in_inventory_keeps_the_code_for_the_rest(self):
        order = self._create_order(lines=[(self.cake, 3)])
        code = self._code_of(order)
        picking = code._get_outgoing_pickings()
        picking.move_ids.write({"quantity": 1, "picked": True})
        picking.with_context(cancel_backorder=False)._action_done()
        self.assertEqual(code.state, "ready", "the backorder is still to collect")

    def test_a_delegates_code_can_be_regenerated(self):
        code, delegate = self._with_delegate()
        with self.mockSMSGateway(sms_allow_unlink=True):
            delegate.with_user(self.supervisor).action_regenerate()
        new = delegate.replaced_by_id
        self.assertTrue(new.is_delegate)
        self.assertEqual((new.delegate_name, new.entitlement_id), ("Aunt May", code.entitlement_id))
        self.assertEqual(new.state, "ready")
        self.assertEqual(self._service().redeem(self._short(new), "PTA")["reason"], "ok")
        self.assertEqual(self._handovers(code).collected_by, "delegate")

    def test_half_a_unit_is_not_a_hand_over(self):
        code = self._code_of(self._create_order(lines=[(self.cake, 3)]))
        answer = self._service().redeem(self._short(code), "PTA",
                                        lines=[{"product_id": self.cake.id, "qty": 0.5}],
                                        partial_reason="half")
        self.assertEqual(answer["reason"], "items_incomplete")
        self.assertEqual(code.state, "ready")

    def test_an_unknown_channel_is_a_label_not_an_error(self):
        code = self._code_of(self._create_order())
        answer = self._service().verify(self._short(code), "PTA", channel="bogus")
        self.assertEqual(answer["reason"], "ok")
        self.assertEqual(code.attempt_ids[:1].channel, "counter")

    def test_a_rate_limited_answer_is_not_replayed_to_a_retry(self):
        code = self._code_of(self._create_order())
        self.company.pickup_rate_limit = 2
        service = self._service()
        for _i in range(2):
            service.verify("garbage", "PTA")
        self.assertEqual(service.redeem(self._short(code), "PTA", idempotency_key="k")
                         ["reason"], "rate_limited")
        self.company.pickup_rate_limit = 50  # as if the minute had passed
        self.assertEqual(service.redeem(self._short(code), "PTA", idempotency_key="k")
                         ["reason"], "ok")
