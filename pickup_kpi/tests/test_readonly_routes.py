from odoo.tests import HttpCase, tagged

from odoo.addons.pickup_code.tests.readonly import ReadonlyDispatchMixin


@tagged("post_install", "-at_install")
class TestKpiReadonlyRoutes(ReadonlyDispatchMixin, HttpCase):
    """The KPI dashboard and the KPI reports are read-only requests:
    Odoo 18 runs them on a read-only cursor (the replica when ``db_replica_host`` is set), and
    they work there without falling back to the primary."""

    def test_dashboard_method_is_readonly_and_runs_on_a_readonly_cursor(self):
        method = type(self.env["pickup.kpi"]).get_dashboard
        self.assertTrue(getattr(method, "_readonly", False), "get_dashboard is @api.readonly")
        self.authenticate("pickup_manager", "pickup_manager")
        result, modes = self._dispatch_modes(lambda: self.make_jsonrpc_request(
            "/web/dataset/call_kw/pickup.kpi/get_dashboard",
            {"model": "pickup.kpi", "method": "get_dashboard", "args": [],
             "kwargs": {"days": 30}}))
        self.assertEqual(modes, [True])
        self.assertEqual(len(result["series"]), 30)
        self.assertIn("pickup_rate", result["kpis"])

    def test_kpi_reports_read_on_a_readonly_cursor(self):
        """The KPI report views (list/pivot/graph) read through Odoo's read-only methods."""
        self.authenticate("pickup_manager", "pickup_manager")
        for model in ("pickup.kpi.code.fact", "pickup.kpi.attempt.fact",
                      "pickup.kpi.daily.segment"):
            result, modes = self._dispatch_modes(lambda model=model: self.make_jsonrpc_request(
                "/web/dataset/call_kw/%s/web_read_group" % model,
                {"model": model, "method": "web_read_group",
                 "args": [[]], "kwargs": {"fields": ["__count"], "groupby": ["warehouse_id"]}}))
            self.assertEqual(modes, [True], model)
            self.assertIn("groups", result)
