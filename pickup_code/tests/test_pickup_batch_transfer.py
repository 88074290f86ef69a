"""Transfers validated after the hand-over, in batches (company setting ``batch``)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupBatchTransfer(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.pickup_transfer_timing = "batch"

    def _validate_pending(self):
        return self.env["pickup.handover"]._cron_validate_pending_transfers()

    def test_a_full_hand_over_leaves_the_transfer_to_the_cron(self):
        order = self._create_order(lines=[(self.cake, 2)])
        code = self._code_of(order)
        answer = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(answer["reason"], "ok")
        # Exactly-once is decided at the counter: the code is collected at once...
        self.assertEqual(code.state, "redeemed")
        self.assertEqual(self._service().redeem(self._short(code), "PTA")["reason"],
                         "already_redeemed")
        handover = code.entitlement_id.handover_ids
        self.assertEqual(handover.transfer_state, "pending")
        self.assertEqual(handover.pending_picking_ids, order.picking_ids)
        # ... the delivery is validated by the cron its trigger wakes.
        self.assertEqual(order.picking_ids.mapped("state"), ["assigned"])
        cron = self.env.ref("pickup_code.cron_pickup_validate_transfers")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        self.assertEqual(self._validate_pending(), handover)
        self.assertEqual(handover.transfer_state, "done")
        self.assertEqual(order.picking_ids.mapped("state"), ["done"])
        self.assertEqual(order.order_line.qty_delivered, 2)
        # The code stays collected; validating it did not revoke or touch it.
        self.assertEqual(code.state, "redeemed")
        self.assertFalse(self._validate_pending())

    def test_a_partial_hand_over_validates_at_the_counter(self):
        order = self._create_order(lines=[(self.cake, 3)])
        code = self._code_of(order)
        answer = self._service().redeem(
            self._short(code), "PTA", lines=[{"product_id": self.cake.id, "qty": 1}],
            partial_reason="One box today")
        self.assertTrue(answer["backorder"])
        handover = code.entitlement_id.handover_ids
        self.assertEqual(handover.transfer_state, "done")
        self.assertEqual(handover.picking_id.state, "done")
        # The rest is a full hand-over of the backorder: that one waits for the cron.
        rest = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(rest["reason"], "ok")
        last = code.entitlement_id.handover_ids.sorted("id")[-1]
        self.assertEqual(last.transfer_state, "pending")
        self._validate_pending()
        self.assertEqual(set(order.picking_ids.mapped("state")), {"done"})
        self.assertEqual(order.order_line.qty_delivered, 3)

    def test_a_delivery_validated_in_inventory_meanwhile_is_left_alone(self):
        order = self._create_order()
        code = self._code_of(order)
        self._service().redeem(self._short(code), "PTA")
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 2, "picked": True})
        picking.button_validate()
        handover = code.entitlement_id.handover_ids
        self._validate_pending()
        self.assertEqual(handover.transfer_state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2)

    def test_a_transfer_that_needs_a_person_alerts_the_supervisor(self):
        jam = self.env["product.product"].create({"name": "Jam jar", "is_storable": True})
        self.env["stock.quant"]._update_available_quantity(jam, self.point_a.lot_stock_id, 5)
        order = self._create_order(lines=[(jam, 1)])
        code = self._code_of(order)
        self._service().redeem(self._short(code), "PTA")
        handover = code.entitlement_id.handover_ids
        picking = order.picking_ids
        # Lots were switched on for the product meanwhile: Odoo now asks for one, a person
        # must enter it.
        jam.tracking = "lot"
        self._validate_pending()
        self.assertEqual(handover.transfer_state, "failed")
        anomaly = self.env["pickup.anomaly"].search([
            ("anomaly_type", "=", "transfer_failed"), ("code_id", "=", code.id)])
        self.assertEqual(len(anomaly), 1)
        self.assertIn(picking.name, anomaly.detail)
        # Nothing is retried on its own: a failed hand-over waits for a person.
        self.assertFalse(self._validate_pending())

    def test_a_failed_validation_is_fixed_in_inventory_or_retried(self):
        """The anomaly says "validate it in Inventory": a plain Inventory user doing so
        clears the hand-over; once the cause is gone a supervisor may send it back to the
        cron instead."""
        jam = self.env["product.product"].create({"name": "Jam jar", "is_storable": True})
        self.env["stock.quant"]._update_available_quantity(jam, self.point_a.lot_stock_id, 5)
        codes = [self._code_of(self._create_order(lines=[(jam, 1)])) for _i in range(2)]
        for code in codes:
            self._service().redeem(self._short(code), "PTA")
        jam.tracking = "lot"
        self._validate_pending()
        fixed_in_inventory, retried = (c.entitlement_id.handover_ids for c in codes)
        self.assertEqual((fixed_in_inventory | retried).mapped("transfer_state"),
                         ["failed", "failed"])
        # A stock user without any Pickup group enters the lot and validates.
        clerk = new_test_user(self.env, "pk_plain_stock", groups="stock.group_stock_user")
        picking = fixed_in_inventory.pending_picking_ids.with_user(clerk)
        lot = self.env["stock.lot"].create({"name": "JAM-1", "product_id": jam.id})
        picking.move_ids.move_line_ids.write({"lot_id": lot.id, "quantity": 1})
        picking.move_ids.picked = True
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(fixed_in_inventory.transfer_state, "done")
        self.assertEqual(retried.transfer_state, "failed")
        # Only a supervisor retries; the cron then validates it like any other.
        with self.assertRaises(AccessError):
            retried.with_user(self.counter_a).action_retry_transfer_validation()
        jam.tracking = "none"
        retried.with_user(self.supervisor).action_retry_transfer_validation()
        self.assertEqual(retried.transfer_state, "pending")
        self.assertEqual(self._validate_pending(), retried)
        self.assertEqual(retried.transfer_state, "done")
        self.assertEqual(retried.pending_picking_ids.state, "done")
        with self.assertRaises(UserError):
            retried.with_user(self.supervisor).action_retry_transfer_validation()

    def test_at_the_counter_is_the_default(self):
        company = self.env["res.company"].create({"name": "Other shop"})
        self.assertEqual(company.pickup_transfer_timing, "counter")

    def test_a_delivery_cancelled_or_cut_in_inventory_meanwhile_alerts(self):
        """The goods left with the buyer: a delivery cancelled, or validated in part with
        the rest left in a backorder, is no 'Validated' hand-over."""
        cancelled_order = self._create_order()
        cancelled = self._code_of(cancelled_order)
        self._service().redeem(self._short(cancelled), "PTA")
        cancelled_order.picking_ids.action_cancel()
        cut_order = self._create_order(lines=[(self.cake, 3)])
        cut = self._code_of(cut_order)
        self._service().redeem(self._short(cut), "PTA")
        picking = cut_order.picking_ids
        picking.move_ids.write({"quantity": 2, "picked": True})
        picking.with_context(cancel_backorder=False)._action_done()
        self._validate_pending()
        for code in (cancelled, cut):
            self.assertEqual(code.entitlement_id.handover_ids.transfer_state, "failed")
            anomaly = self.env["pickup.anomaly"].search([
                ("anomaly_type", "=", "transfer_failed"), ("code_id", "=", code.id)])
            self.assertEqual(len(anomaly), 1, code.name)
        self.assertIn("cancelled", self.env["pickup.anomaly"].search([
            ("code_id", "=", cancelled.id)]).detail)
