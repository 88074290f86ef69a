from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


@tagged("post_install", "-at_install")
class TestSpoilageKpi(BridgeCommon):
    """The spoilage KPI counts perishable codes never collected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fresh = cls.env["product.category"].create({
            "name": "Fresh", "pickup_perishable": True, "pickup_window_hours": 24,
        })
        cls.bread = cls.env["product.product"].create({
            "name": "Sourdough", "is_storable": True, "list_price": 180,
            "categ_id": fresh.id})
        cls.env["stock.quant"]._update_available_quantity(
            cls.bread, cls.point_a.lot_stock_id, 50)

    def _fresh_code(self):
        return self._code_of(self._create_order(lines=[(self.bread, 1)]))

    def test_spoilage_kpi(self):
        kept = self._fresh_code()
        spoiled = self._fresh_code()
        self._code_of(self._create_order())  # not perishable: not counted
        self._service().redeem(self._short(kept), "PTA")
        start = fields.Datetime.now() - timedelta(hours=1)
        with freeze_time(spoiled.ready_date + timedelta(hours=25)):
            self.env["pickup.code"]._cron_expire()
            self.assertEqual(spoiled.state, "expired")
            self.env.flush_all()
            kpis = self.env["pickup.kpi"]._compute_kpis(
                self.company, start, fields.Datetime.now() + timedelta(seconds=1))
        self.assertAlmostEqual(kpis["spoilage_rate"], 0.5)
