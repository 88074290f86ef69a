from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BridgeCommon


@tagged("post_install", "-at_install")
class TestInventoryAnomalies(BridgeCommon):
    """庫存異常: counts that differ from the system, parcels that do not match stock."""

    def _stock_empty_point(self, qty):
        self.env["stock.quant"]._update_available_quantity(
            self.cake, self.empty_point.lot_stock_id, qty)

    def test_inventory_adjustment_difference_raises_one_anomaly(self):
        self._stock_empty_point(5)
        quant = self.env["stock.quant"].search([
            ("product_id", "=", self.cake.id),
            ("location_id", "=", self.empty_point.lot_stock_id.id)])
        quant.inventory_quantity = 3
        quant.action_apply_inventory()
        anomaly = self.env["pickup.anomaly"].search([
            ("anomaly_type", "=", "inventory_mismatch"),
            ("warehouse_id", "=", self.empty_point.id)])
        self.assertEqual(len(anomaly), 1)
        self.assertIn("counted 3", anomaly.detail)
        self.assertIn("system 5", anomaly.detail)
        self.assertEqual(anomaly.activity_ids.user_id, self.supervisor)
        quant.inventory_quantity = 3
        quant.action_apply_inventory()
        self.assertEqual(len(self.env["pickup.anomaly"].search([
            ("anomaly_type", "=", "inventory_mismatch"),
            ("warehouse_id", "=", self.empty_point.id)])), 1, "a matching count raises nothing")

    def test_count_elsewhere_is_not_a_pickup_anomaly(self):
        self.env["stock.quant"]._update_available_quantity(
            self.cake, self.central.lot_stock_id, 5)
        quant = self.env["stock.quant"].search([
            ("product_id", "=", self.cake.id), ("location_id", "=", self.central.lot_stock_id.id)])
        quant.inventory_quantity = 1
        quant.action_apply_inventory()
        self.assertFalse(self.env["pickup.anomaly"].search([
            ("anomaly_type", "=", "inventory_mismatch"), ("warehouse_id", "=", self.central.id)]))

    def test_waiting_parcels_against_stock(self):
        self._stock_empty_point(2)
        code = self._code_of(self._create_order(point=self.empty_point))
        self.assertEqual(code.state, "ready")
        Warehouse = self.env["stock.warehouse"]
        self.assertFalse(self.empty_point._pickup_parcel_stock_differences(), "all matches")
        self.assertFalse(Warehouse._cron_pickup_check_parcel_stock().filtered(
            lambda a: a.warehouse_id == self.empty_point))
        # One box disappears from the shelf without anyone counting.
        self.env["stock.quant"]._update_available_quantity(
            self.cake, self.empty_point.lot_stock_id, -1)
        self.assertEqual(self.empty_point._pickup_parcel_stock_differences(), {self.cake: -1.0})
        raised = Warehouse._cron_pickup_check_parcel_stock().filtered(
            lambda a: a.warehouse_id == self.empty_point)
        self.assertEqual(raised.anomaly_type, "parcel_stock_mismatch")
        self.assertIn("-1", raised.detail)
        self.assertFalse(Warehouse._cron_pickup_check_parcel_stock().filtered(
            lambda a: a.warehouse_id == self.empty_point), "one open anomaly per point")

    def test_uncollected_parcels_on_their_way_back_are_no_mismatch(self):
        self._stock_empty_point(2)
        code = self._code_of(self._create_order(point=self.empty_point))
        with freeze_time(code.expiry_date + timedelta(days=1)):
            self.env["pickup.code"]._cron_expire()
            self.assertEqual(code.state, "expired")
            self.assertFalse(self.empty_point._pickup_parcel_stock_differences(),
                             "expired, still on the shelf until it is sent back")
            self.env["stock.warehouse"]._cron_propose_returns()
            self.assertTrue(code.return_picking_id)
            self.assertFalse(self.empty_point._pickup_parcel_stock_differences(),
                             "reserved by the return transfer")

    def test_reading_ranges_are_checked(self):
        code = self._code_of(self._create_order())
        with self.assertRaises(ValidationError):
            self.env["pickup.event"]._log(code, "in_transit", has_position=True,
                                          latitude=91.0, longitude=0.0)
