from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import BridgeCommon


@tagged("post_install", "-at_install")
class TestPointDashboard(BridgeCommon):

    def test_counts_per_point(self):
        self._create_order(point=self.point_a)
        self._create_order(point=self.point_a)
        collected = self._code_of(self._create_order(point=self.point_a))
        self._service().redeem(self._short(collected), "PTA")
        self._create_order(point=self.empty_point)
        self.point_a.invalidate_recordset()
        self.assertEqual(self.point_a.pickup_ready_count, 2)
        self.assertEqual(self.point_a.pickup_collected_today_count, 1)
        self.assertEqual(self.empty_point.pickup_waiting_count, 1)
        self.assertEqual(self.point_a.pickup_overdue_count, 0)

    def test_return_of_uncollected_goods_is_idempotent(self):
        code = self._code_of(self._create_order(point=self.point_a))
        self.point_a.pickup_return_warehouse_id = self.central
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self.point_a.invalidate_recordset()
            self.assertEqual(self.point_a.pickup_overdue_count, 1)
            returns = self.env["stock.warehouse"]._cron_propose_returns().filtered(
                lambda p: p.picking_type_id.warehouse_id == self.point_a)
            self.assertEqual(len(returns), 1)
            self.assertEqual(code.state, "expired")
            self.assertEqual(code.return_picking_id, returns)
            self.assertEqual(returns.location_dest_id, self.central.lot_stock_id)
            self.assertEqual(returns.move_ids.product_uom_qty, 2)
            self.assertEqual(returns.state, "assigned", "goods are on the point's shelf")
            self.assertEqual(code.event_ids[-1:].event_type, "returned")
            self.assertFalse(self.env["stock.warehouse"]._cron_propose_returns(),
                             "a second run does nothing")
            self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"],
                             "expired")

    def test_point_window_override(self):
        self.point_a.pickup_window_days = 2
        code = self._code_of(self._create_order(point=self.point_a))
        self.assertEqual(code.expiry_date, code.ready_date + timedelta(days=2))
