"""What a manager sees, in zh_TW, on the KPI dashboard over the demo history. The screenshot
is written to ``static/description/`` only with ``PICKUP_SCREENSHOTS=1`` (see the README)."""
import json
import logging

from odoo.tests import HttpCase, tagged

from odoo.addons.pickup_code.tests.browser import ScreensMixin, open_page, save_screenshot

_logger = logging.getLogger(__name__)

DASHBOARD_URL = "/odoo/action-pickup_kpi.action_pickup_kpi_dashboard"
DASHBOARD_SIZE = (1280, 1500)
DEMO_HISTORY_KEY = "pickup_code.generated_history.demo"


@tagged("post_install", "-at_install")
class TestPickupKpiScreens(ScreensMixin, HttpCase):

    def test_kpi_dashboard_on_demo_history(self):
        manager = self._demo("pickup_code.demo_user_manager")
        manifest = self.env["ir.config_parameter"].sudo().get_param(DEMO_HISTORY_KEY)
        if not manifest:
            _logger.warning("SKIPPED: no demo KPI history in this database; run "
                            "'make demo-history' (data/generate_history.py --demo) first.")
            self.skipTest("no demo KPI history (make demo-history)")
        counts = json.loads(manifest)["counts"]
        self.assertEqual(self.env["sale.order"].sudo().search_count(
            [("client_order_ref", "=", "GEN:demo")]), counts["sale_order"],
            "a second run replaces the first one's rows")
        self.assertFalse(self.env["pickup.attempt"].sudo()._find_chain_breaks(),
                         "the history keeps the attempt log's hash chains intact")
        manager.lang = "zh_TW"
        data = self.env["pickup.kpi"].with_user(manager).get_dashboard(90)
        self.assertGreater(data["kpis"]["counts"]["redemptions"], 1000)
        self.assertTrue(data["outliers"]["robust_z"], "the planted outlier days are found")
        self.assertGreaterEqual(len(data["breakdowns"]["point"]), 2)
        with open_page(self, DASHBOARD_URL, login=manager.login, size=DASHBOARD_SIZE) as page:
            self._wait_for(page, ".o_pickup_kpi_card[data-kpi='pickup_rate']")
            self._wait_for(page, ".o_pickup_kpi_dashboard svg polyline")
            card = page.eval("document.querySelector(\".o_pickup_kpi_card[data-kpi="
                             "'pickup_rate'] .fs-3\").innerText")
            self.assertRegex(card, r"[1-9]", "the pickup rate card shows a figure")
            self._wait_for(page, "body:not(:has(.o_loading_indicator))")
            save_screenshot(__file__, "kpi_dashboard_zh_TW.png", page.screenshot())
