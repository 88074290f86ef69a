from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.pickup_code.core import credential

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


@tagged("post_install", "-at_install")
class TestPickupKpi(BridgeCommon):

    def _story(self):
        """4 ready codes at PTA, 3 collected, 1 confirmed false pickup, 1 other dispute,
        2 failed scans: hand-computed KPIs below."""
        codes = self.env["pickup.code"]
        for _i in range(4):
            codes |= self._code_of(self._create_order(point=self.point_a))
        for code in codes[:3]:
            self.assertEqual(self._service().redeem(self._short(code), "PTA")["reason"], "ok")
        for _i in range(2):
            self._service().verify(credential.new_short_code(), "PTA")
        wrongful = self.env["pickup.dispute"].create(
            {"code_id": codes[0].id, "dispute_type": "not_collected"})
        wrongful.action_confirm_wrongful()
        self.env["pickup.dispute"].create({"code_id": codes[1].id, "dispute_type": "damaged"})
        self.env.flush_all()
        return codes

    def _window(self):
        now = fields.Datetime.now()
        return now - timedelta(days=1), now + timedelta(days=1)

    def test_kpis_match_hand_computed_values(self):
        self._story()
        kpis = self.env["pickup.kpi"]._compute_kpis(self.company, *self._window())
        self.assertAlmostEqual(kpis["false_pickup_rate"], 1 / 3)   # 1 wrongful / 3 collected
        self.assertAlmostEqual(kpis["dispute_rate"], 2 / 3)        # 2 disputes / 3 collected
        self.assertAlmostEqual(kpis["dispute_rate_by_type"]["damaged"], 1 / 3)
        self.assertAlmostEqual(kpis["pickup_rate"], 3 / 4)         # 3 collected / 4 ready
        self.assertEqual(kpis["no_show_rate"], 0.0)
        self.assertAlmostEqual(kpis["scan_failure_rate"], 2 / 5)   # 2 unknown / 5 scans
        self.assertEqual(kpis["anomaly_rate_per_1000"], 0.0)
        self.assertEqual(kpis["ready_to_collected"]["count"], 3)
        self.assertIsNone(kpis["inventory_accuracy"], "no adjustment at the points")
        by_point = self.env["pickup.kpi"]._compute_kpis(self.company, *self._window(),
                                                         warehouse=self.point_b)
        self.assertIsNone(by_point["pickup_rate"], "nothing at point B: undefined, not 0")

    def test_inventory_accuracy_from_adjustments(self):
        quant = self.env["stock.quant"].search([("product_id", "=", self.cake.id),
                                                ("location_id", "=", self.point_a.lot_stock_id.id)])
        self.assertEqual(quant.quantity, 100)
        quant.with_context(inventory_mode=True).write({"inventory_quantity": 90})
        quant.action_apply_inventory()
        self.env.flush_all()
        kpis = self.env["pickup.kpi"]._compute_kpis(self.company, *self._window(),
                                                     warehouse=self.point_a)
        self.assertAlmostEqual(kpis["inventory_accuracy"], 1 - 10 / 100)  # counted 90, system 100

    def test_alert_fires_once_then_recovers(self):
        self._story()
        rule = self.env["pickup.kpi.alert.rule"].create({
            "name": "Too many failed scans", "kpi": "scan_failure_rate", "window_days": 7,
            "comparison": ">", "threshold": 0.3,
            "group_id": self.env.ref("pickup_code.group_pickup_supervisor").id,
        })
        opened, _closed = rule._evaluate()
        self.assertEqual(len(opened), 1)
        self.assertTrue(opened.activity_ids, "the responsible group gets an activity")
        self.assertTrue(opened.message_ids.filtered(lambda m: m.partner_ids))
        opened_again, _closed = rule._evaluate()
        self.assertFalse(opened_again, "one alert while the breach persists")
        code = self._code_of(self._create_order(point=self.point_a))
        for _i in range(5):
            self._service().verify(self._short(code), "PTA")   # 2 failed / 10 scans = 0.2
        self.env.flush_all()
        _opened, closed = rule._evaluate()
        self.assertEqual(closed, opened)
        self.assertEqual(opened.state, "closed")
        self.assertAlmostEqual(opened.closing_value, 0.2)

    def test_counter_staff_cannot_open_kpi_reports(self):
        self._story()
        with self.assertRaises(AccessError):
            self.env["pickup.kpi.code.fact"].with_user(self.counter_a).search([])
        with self.assertRaises(AccessError):
            self.env["pickup.kpi"].with_user(self.counter_a).get_dashboard()
        dashboard = self.env["pickup.kpi"].with_user(self.supervisor).get_dashboard(30)
        self.assertAlmostEqual(dashboard["kpis"]["pickup_rate"], 3 / 4)
        self.assertEqual(len(dashboard["series"]), 30)
        self.assertIn("point", dashboard["breakdowns"])
        self.assertEqual(len(dashboard["forecast"]), 7)

    def test_dashboard_tour(self):
        self._story()
        self.start_tour("/odoo/action-pickup_kpi.action_pickup_kpi_dashboard",
                        "pickup_kpi_dashboard_tour", login="admin")
