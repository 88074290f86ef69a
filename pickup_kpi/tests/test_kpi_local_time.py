from datetime import datetime

from odoo.tests import tagged

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


@tagged("post_install", "-at_install")
class TestPickupKpiLocalTime(BridgeCommon):
    """The KPI facts' day, weekday and hour slot are the point's local time, not the server's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point_a.pickup_tz = "Asia/Taipei"

    def test_kpi_hour_slot_reads_the_points_zone(self):
        code = self._code_of(self._create_order())
        self._service().redeem(self._short(code), "PTA")
        # 02:00 UTC is 10:00 in Taipei: a morning pickup there, whatever the server's clock.
        code.sudo().write({"redeem_date": datetime(2030, 3, 4, 2, 0)})
        self.env.flush_all()
        fact = self.env["pickup.kpi.code.fact"].search([("code_id", "=", code.id)])
        self.assertEqual(fact.hour_slot, "morning")
        self.assertEqual(str(fact.redeem_day), "2030-03-04")
        code.sudo().write({"redeem_date": datetime(2030, 3, 4, 17, 0)})  # 01:00 next day
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(str(fact.redeem_day), "2030-03-05")
        self.assertEqual(fact.weekday, "2")  # Tuesday in Taipei (Monday in UTC)
