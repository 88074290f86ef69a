"""The daily KPI aggregates equal what the raw rows say, computed here independently in Python
(time zones with zoneinfo, not PostgreSQL): on whatever the database holds (the demo history
when ``make demo-history`` ran) plus scans placed on local and UTC midnights."""
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from odoo import fields
from odoo.tests import tagged

from odoo.addons.pickup_code.core import credential
from odoo.addons.pickup_code.models.pickup_attempt import FAILED_GUESSES
from odoo.addons.pickup_kpi.core import daily
from odoo.addons.pickup_kpi.models.pickup_kpi_daily import MAIN_MEASURES, STATE_KEY

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


def _local(utc_naive, tz):
    return utc_naive.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz or "UTC"))


@tagged("post_install", "-at_install")
class TestKpiDaily(BridgeCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point_a.pickup_tz = "Asia/Taipei"
        cls.point_b.pickup_tz = "UTC"
        cls.Daily = cls.env["pickup.kpi.daily"]
        cls.env["ir.config_parameter"].sudo().set_param(STATE_KEY, "")

    # ------------------------------------------------------------------ independent sums

    def _zones(self):
        return {w.id: w.pickup_tz for w in self.env["stock.warehouse"].sudo().search(
            [("active", "in", (True, False))])}

    def _expected(self):
        """Per (day, company, point): the measures of pickup.kpi.daily, from the ORM."""
        zones, expected = self._zones(), defaultdict(Counter)
        scans = Counter()
        for a in self.env["pickup.attempt"].sudo().search_read(
                [], ["attempt_date", "company_id", "warehouse_id", "reason", "action"]):
            point = a["warehouse_id"] and a["warehouse_id"][0]
            local = _local(a["attempt_date"], zones.get(point))
            key = (local.date(), a["company_id"][0], point or None)
            expected[key]["scan_count"] += 1
            expected[key]["failed_count"] += a["reason"] in FAILED_GUESSES
            scans[key + (local.hour, a["action"], a["reason"])] += 1
        wrongful = Counter()
        for d in self.env["pickup.dispute"].sudo().search_read(
                [("state", "=", "confirmed"), ("dispute_type", "=", "not_collected")],
                ["code_id"]):
            wrongful[d["code_id"][0]] += 1
        perishable = self.env["ir.module.module"]._get("pickup_kpi_perishable").state \
            == "installed"
        codes = self.env["pickup.code"].sudo().search(
            [("parent_id", "=", False), ("sale_order_id", "!=", False)])
        leads = Counter()
        for c in codes:
            zone = c.warehouse_id.pickup_tz
            if c.redeem_date:
                key = (_local(c.redeem_date, zone).date(), c.company_id.id, c.warehouse_id.id)
                row = expected[key]
                row["redeemed_count"] += c.state == "redeemed"
                row["wrongful_count"] += wrongful[c.id]
                if c.ready_date:
                    hours = (c.redeem_date - c.ready_date).total_seconds() / 3600
                    row["ready_collected_hours"] += hours
                    row["ready_collected_n"] += 1
                    leads[(key[0], key[1], "ready_collected", daily.lead_bucket(hours))] += 1
            if c.ready_date:
                key = (_local(c.ready_date, zone).date(), c.company_id.id, c.warehouse_id.id)
                row = expected[key]
                row["ready_count"] += 1
                row["ready_collected_count"] += c.state == "redeemed"
                row["no_show_count"] += c.state == "expired"
                fresh = perishable and c.pickup_perishable
                row["perishable_ready_count"] += bool(fresh)
                row["spoiled_count"] += bool(fresh and c.state == "expired")
                if c.issue_date:
                    hours = (c.ready_date - c.issue_date).total_seconds() / 3600
                    row["paid_ready_hours"] += hours
                    row["paid_ready_n"] += 1
                    leads[(key[0], key[1], "paid_ready", daily.lead_bucket(hours))] += 1
        return expected, scans, leads

    def _stored(self):
        self.env.cr.execute("SELECT day, company_id, warehouse_id, %s FROM pickup_kpi_daily"
                            % ", ".join(MAIN_MEASURES))
        stored = {}
        for day, company, point, *values in self.env.cr.fetchall():
            key = (day, company, point)
            self.assertNotIn(key, stored, "one row per day, company and point")
            stored[key] = dict(zip(MAIN_MEASURES, values, strict=True))
        self.env.cr.execute("SELECT day, company_id, warehouse_id, hour, action, reason, "
                            "scan_count FROM pickup_kpi_daily_scan")
        scans = {tuple(r[:6]): r[6] for r in self.env.cr.fetchall()}
        self.env.cr.execute("SELECT day, company_id, stage, bucket, bin_count "
                            "FROM pickup_kpi_daily_lead")
        leads = {tuple(r[:4]): r[4] for r in self.env.cr.fetchall()}
        return stored, scans, leads

    def assertAggregatesMatchRawRows(self):
        self.env.flush_all()
        expected, exp_scans, exp_leads = self._expected()
        stored, scans, leads = self._stored()
        self.assertEqual(set(stored), set(expected))
        for key, row in expected.items():
            for measure in MAIN_MEASURES:
                self.assertAlmostEqual(stored[key][measure], row[measure], places=3,
                                       msg="%s %s" % (key, measure))
        self.assertEqual(scans, dict(exp_scans))
        self.assertEqual(leads, dict(exp_leads))
        return stored

    # ------------------------------------------------------------------ helpers

    def _scan(self, when, point, reason="unknown"):
        return self.env["pickup.attempt"]._append({
            "attempt_date": when, "company_id": self.company.id, "code_id": False,
            "warehouse_id": point.id, "user_id": self.counter_a.id, "station": "kpi-edge",
            "action": "verify", "channel": "counter", "input_kind": "short",
            "reason": reason})

    def _story(self):
        codes = self.env["pickup.code"]
        for _i in range(3):
            codes |= self._code_of(self._create_order(point=self.point_a))
        for code in codes[:2]:
            self.assertEqual(self._service().redeem(self._short(code), "PTA")["reason"], "ok")
        self._service().verify(credential.new_short_code(), "PTA")
        self.env["pickup.dispute"].create(
            {"code_id": codes[0].id, "dispute_type": "not_collected"}).action_confirm_wrongful()
        self.env.flush_all()
        return codes

    # ------------------------------------------------------------------ tests

    def test_aggregates_equal_the_raw_rows(self):
        self._story()
        self.Daily._refresh()
        stored = self.assertAggregatesMatchRawRows()
        self.assertTrue(stored)
        state = self.Daily._state()
        self.assertTrue(state["watermark"])
        self.assertEqual(state["pending"], [])

    def test_days_are_the_points_local_days(self):
        """Taipei midnight is 16:00 UTC; a point on UTC turns its day at UTC midnight."""
        day = fields.Date.today() - timedelta(days=3)
        noon = datetime.combine(day, time.min)
        for when in (noon + timedelta(hours=15, minutes=59, seconds=59),  # 23:59:59 Taipei
                     noon + timedelta(hours=16),                           # 00:00 next day
                     noon + timedelta(hours=23, minutes=59, seconds=59),   # UTC midnight edge
                     noon + timedelta(days=1)):
            self._scan(when, self.point_a)
            self._scan(when, self.point_b)
        self.Daily._refresh()
        self.assertAggregatesMatchRawRows()
        rows = self.env["pickup.kpi.daily"].search_read(
            [("warehouse_id", "in", (self.point_a | self.point_b).ids)],
            ["day", "warehouse_id", "scan_count", "failed_count"])
        got = {(r["day"], r["warehouse_id"][0]): r["scan_count"] for r in rows}
        after = day + timedelta(days=1)
        self.assertEqual(got, {(day, self.point_a.id): 1, (after, self.point_a.id): 3,
                               (day, self.point_b.id): 3, (after, self.point_b.id): 1})

    def test_incremental_refresh_and_idempotent_rerun(self):
        codes = self._story()
        self.Daily._refresh()
        self.assertTrue(self.Daily._state().get("watermark"))
        # New scans, a late hand-over and a dispute after the first refresh.
        self._service().redeem(self._short(codes[2]), "PTA")
        for _i in range(3):
            self._service().verify(credential.new_short_code(), "PTA")
        self.env["pickup.dispute"].create({"code_id": codes[1].id, "dispute_type": "damaged"})
        self.env.flush_all()
        self.assertEqual(self.Daily._refresh(), 0, "nothing left pending")
        incremental = self.assertAggregatesMatchRawRows()
        self.Daily._refresh()
        self.assertEqual(self._stored()[0], incremental, "a second run changes nothing")
        self.Daily._reset()
        self.Daily._refresh()
        self.assertEqual(self._stored()[0], incremental, "a full rebuild gives the same rows")

    def test_refresh_resumes_within_a_budget(self):
        self._scan(fields.Datetime.now() - timedelta(days=200), self.point_b)
        self.Daily._reset()
        pending = self.Daily._refresh(budget_days=31)
        self.assertGreater(pending, 0, "a bounded call leaves days pending")
        self.assertFalse(self.Daily._state().get("watermark"), "not advanced until done")
        while pending:
            pending = self.Daily._refresh(budget_days=31)
        self.assertAggregatesMatchRawRows()

    def test_dashboard_reads_aggregates_then_today_live(self):
        self._story()
        Kpi = self.env["pickup.kpi"].with_user(self.supervisor)
        live_only = Kpi.get_dashboard(30)  # no watermark yet: every day from the raw rows
        self.Daily._refresh()
        aggregated = Kpi.get_dashboard(30)
        self.assertEqual(aggregated["kpis"], live_only["kpis"])
        self.assertEqual(aggregated["series"], live_only["series"])
        self.assertEqual(aggregated["breakdowns"], live_only["breakdowns"])
        # Scans after the refresh count at once (today is read live).
        for _i in range(4):
            self._service().verify(credential.new_short_code(), "PTA")
        self.env.flush_all()
        later = Kpi.get_dashboard(30)
        self.assertEqual(later["series"][-1]["failed"], aggregated["series"][-1]["failed"] + 4)
        self.assertEqual(later["kpis"]["counts"]["scans"],
                         aggregated["kpis"]["counts"]["scans"] + 4)

    def test_scan_report_reads_the_aggregate(self):
        self._story()
        self.Daily._refresh()
        Fact = self.env["pickup.kpi.attempt.fact"].with_user(self.supervisor)
        groups = Fact.read_group([("warehouse_id", "=", self.point_a.id)],
                                 ["scan_count:sum", "failed_count:sum"], [])
        self.assertEqual(groups[0]["scan_count"], self.env["pickup.attempt"].sudo().search_count(
            [("warehouse_id", "=", self.point_a.id)]))
        self.assertEqual(groups[0]["failed_count"], 1)
