"""Daily KPI aggregates, kept incrementally from the raw tables.

The dashboard, the alert rules and the scan report read these tables instead of the attempt
log and the codes: a 90-day window is a few thousand rows whatever the history's size. Days
are each point's local days (``pickup_tz`` of the warehouse; a scan without a point: UTC).

How they stay right (``pickup.kpi.daily._refresh``, run by an hourly cron):

- a *watermark* (the start of the last complete refresh) is kept in ``ir.config_parameter``
  ``pickup_kpi.daily_state`` with the runs still pending;
- each refresh finds the days touched since ``watermark - OVERLAP`` (scans by their date: the
  log is append-only; codes and disputes by ``write_date``) and recomputes those days whole,
  from the raw rows, in runs of contiguous days: one DELETE + INSERT … SELECT per table and
  run; a cron call stops after ``CRON_BUDGET_DAYS`` days with the runs still pending saved
  in its transaction, and reports its progress to Odoo (``ir.cron._notify_progress``), which
  runs it again at once, a new transaction, until nothing is pending (resumable);
- recomputing a day whole is idempotent: running it twice gives the same rows;
- without a watermark (first run, or after ``data/generate_history.py`` reset it) every day
  is rebuilt.

Readers use the aggregated rows of the days before the watermark's local day and compute the
days from it on (today, usually) live from the raw rows, with the same SQL over an index range
(``_union_sql``): a refresh that has not run yet never hides today's scans.
"""

import json
from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.pickup_code.core import local_time
from odoo.addons.pickup_code.models.pickup_attempt import FAILED_GUESSES

from ..core import daily

HOUR_SLOTS = [("morning", "Morning (before 12:00)"), ("afternoon", "Afternoon (12:00-17:00)"),
              ("evening", "Evening (from 17:00)")]
STATE_KEY = "pickup_kpi.daily_state"
# Rows committed late (a transaction that ran long) are still found: each refresh looks back
# this far before the previous one's start.
OVERLAP = timedelta(hours=1)
RUN_DAYS = 31          # days per statement
# Days recomputed per cron call (about half a minute at 10,000,000 scans a year); while days
# remain, the call reports them and Odoo runs the job again at once, each call its own
# transaction.
CRON_BUDGET_DAYS = 62

# A timestamp column at the point's clock (``w`` = the joined stock_warehouse).
LOCAL = "({col} AT TIME ZONE 'UTC' AT TIME ZONE coalesce(w.pickup_tz, 'UTC'))"
DAY = "(" + LOCAL + ")::date"
SLOT = ("CASE WHEN extract(hour FROM " + LOCAL + ") < 12 THEN 'morning' "
        "WHEN extract(hour FROM " + LOCAL + ") < 17 THEN 'afternoon' ELSE 'evening' END")
# float8 for the bins (numeric arithmetic made the live part slow); summed as numeric, so that
# a day's sum does not depend on the order rows are added in (a rebuild equals a refresh).
HOURS = "(extract(epoch FROM {end} - {start})::float8 / 3600.0)"
# core.daily.lead_bucket in SQL (lower edge of the bin, in tenths of an hour).
BUCKET = ("(CASE WHEN {h} < 10 THEN floor({h} / 0.1 + 1e-9) "
          "WHEN {h} < 48 THEN floor({h} / 0.5 + 1e-9) * 5 "
          "WHEN {h} < 168 THEN floor({h} + 1e-9) * 10 "
          "ELSE floor({h} / 24 + 1e-9) * 240 END)::int")
DISPUTES = ("LEFT JOIN LATERAL (SELECT count(*) AS disputes, count(*) FILTER ("
            "WHERE dx.state = 'confirmed' AND dx.dispute_type = 'not_collected') AS wrongful "
            "FROM pickup_dispute dx WHERE dx.code_id = c.id) d ON TRUE")
CODES = "pickup_code c JOIN stock_warehouse w ON w.id = c.warehouse_id"
# As the code facts view: top-level codes of a sale order.
CODES_WHERE = "c.parent_id IS NULL AND c.sale_order_id IS NOT NULL"

MAIN_MEASURES = ("scan_count", "failed_count", "redeemed_count", "wrongful_count", "ready_count",
                 "ready_collected_count", "no_show_count", "perishable_ready_count",
                 "spoiled_count", "paid_ready_hours", "paid_ready_n", "ready_collected_hours",
                 "ready_collected_n")


def _day(col):
    return SQL(DAY.format(col=col))


class PickupKpiDaily(models.Model):
    """One row per point-local day, company and point: the counts behind every KPI card, the
    daily series and the alert rules."""

    _name = "pickup.kpi.daily"
    _description = "Pickup KPIs per day"
    _log_access = False
    _order = "day desc"

    day = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", readonly=True)
    scan_count = fields.Integer("Scans", readonly=True)
    failed_count = fields.Integer("Failed scans", readonly=True)
    redeemed_count = fields.Integer("Collected", readonly=True)
    wrongful_count = fields.Integer("Confirmed false pickups", readonly=True)
    ready_count = fields.Integer("Ready", readonly=True)
    ready_collected_count = fields.Integer("Ready, then collected", readonly=True)
    no_show_count = fields.Integer("No-shows", readonly=True)
    perishable_ready_count = fields.Integer("Perishables ready", readonly=True)
    spoiled_count = fields.Integer("Perishables spoiled", readonly=True)
    paid_ready_hours = fields.Float("Paid → ready (h, sum)", readonly=True)
    paid_ready_n = fields.Integer("Paid → ready (codes)", readonly=True)
    ready_collected_hours = fields.Float("Ready → collected (h, sum)", readonly=True)
    ready_collected_n = fields.Integer("Ready → collected (codes)", readonly=True)

    # ------------------------------------------------------------------ the raw SELECTs

    def _day_filter(self, day_sql, day_from, day_to, live_since):
        """Local days in [day_from, day_to]; with ``live_since``, only the days from that
        moment's local day on (the part the aggregates do not hold yet), or from that day
        when it is a date."""
        clause = SQL("%s BETWEEN %s AND %s", day_sql, day_from, day_to)
        if type(live_since) is date:
            clause = SQL("%s AND %s >= %s", clause, day_sql, live_since)
        elif live_since is not None:
            clause = SQL("%s AND %s >= %s", clause, day_sql,
                         SQL("(%s::timestamp AT TIME ZONE 'UTC' AT TIME ZONE "
                             "coalesce(w.pickup_tz, 'UTC'))::date", live_since))
        return clause

    def _utc_range(self, day_from, day_to, live_since=None):
        """A UTC range wide enough for the local days of any zone (UTC-12 .. UTC+14). The
        live part starts at the earliest local midnight, over the points' zones, of the
        watermark's day: today's rows only, an index range of hours."""
        start = datetime.combine(day_from, time.min) - timedelta(days=1)
        if type(live_since) is date:
            start = max(start, datetime.combine(live_since, time.min) - timedelta(days=1))
        elif live_since is not None:
            since = fields.Datetime.to_datetime(live_since)
            self.env.cr.execute("SELECT DISTINCT pickup_tz FROM stock_warehouse")
            zones = {row[0] for row in self.env.cr.fetchall()} | {"UTC"}
            start = max(start, min(
                local_time.to_utc(datetime.combine(local_time.to_local(since, zone).date(),
                                                   time.min), zone)
                for zone in zones if zone))
        return start, datetime.combine(day_to, time.min) + timedelta(days=2)

    def _raw_main_sql(self, day_from, day_to, live_since=None):
        """Rows of this table computed from the raw tables for local days day_from..day_to."""
        t0, t1 = self._utc_range(day_from, day_to, live_since)
        perishable = self.env["pickup.kpi.code.fact"]._select_perishable()
        zeros = {m: SQL("0") for m in MAIN_MEASURES}

        def row(**values):
            return SQL(", ").join(SQL("%s AS %s", values.get(m, zeros[m]), SQL.identifier(m))
                                  for m in MAIN_MEASURES)

        day_a, day_redeem, day_ready = (_day("a.attempt_date"), _day("c.redeem_date"),
                                        _day("c.ready_date"))
        return SQL("""
            SELECT day, company_id, warehouse_id, %(sums)s FROM (
                SELECT %(day_a)s AS day, a.company_id, a.warehouse_id, %(scans)s
                  FROM pickup_attempt a LEFT JOIN stock_warehouse w ON w.id = a.warehouse_id
                 WHERE a.attempt_date >= %(t0)s AND a.attempt_date < %(t1)s AND %(fa)s
              GROUP BY 1, 2, 3
             UNION ALL
                SELECT %(day_redeem)s, c.company_id, c.warehouse_id, %(redeemed)s
                  FROM %(codes)s %(disputes)s
                 WHERE %(where)s AND c.redeem_date >= %(t0)s AND c.redeem_date < %(t1)s
                   AND %(fr)s
              GROUP BY 1, 2, 3
             UNION ALL
                SELECT %(day_ready)s, c.company_id, c.warehouse_id, %(ready)s
                  FROM %(codes)s
                 WHERE %(where)s AND c.ready_date >= %(t0)s AND c.ready_date < %(t1)s
                   AND %(fy)s
              GROUP BY 1, 2, 3
            ) x GROUP BY 1, 2, 3""",
            sums=SQL(", ").join(SQL("sum(%s) AS %s", SQL.identifier(m), SQL.identifier(m))
                                for m in MAIN_MEASURES),
            day_a=day_a, day_redeem=day_redeem, day_ready=day_ready, t0=t0, t1=t1,
            codes=SQL(CODES), where=SQL(CODES_WHERE), disputes=SQL(DISPUTES),
            fa=self._day_filter(day_a, day_from, day_to, live_since),
            fr=self._day_filter(day_redeem, day_from, day_to, live_since),
            fy=self._day_filter(day_ready, day_from, day_to, live_since),
            scans=row(scan_count=SQL("count(*)"), failed_count=SQL(
                "count(*) FILTER (WHERE a.reason IN %s)", FAILED_GUESSES)),
            redeemed=row(
                redeemed_count=SQL("count(*) FILTER (WHERE c.state = 'redeemed')"),
                wrongful_count=SQL("coalesce(sum(d.wrongful), 0)"),
                ready_collected_hours=SQL("coalesce(sum((%s)::numeric), 0)", SQL(HOURS.format(
                    end="c.redeem_date", start="c.ready_date"))),
                ready_collected_n=SQL("count(c.ready_date)")),
            ready=row(
                ready_count=SQL("count(*)"),
                ready_collected_count=SQL("count(*) FILTER (WHERE c.state = 'redeemed')"),
                no_show_count=SQL("count(*) FILTER (WHERE c.state = 'expired')"),
                perishable_ready_count=SQL("count(*) FILTER (WHERE %s)", perishable),
                spoiled_count=SQL("count(*) FILTER (WHERE %s AND c.state = 'expired')",
                                  perishable),
                paid_ready_hours=SQL("coalesce(sum((%s)::numeric), 0)", SQL(HOURS.format(
                    end="c.ready_date", start="c.issue_date"))),
                paid_ready_n=SQL("count(c.issue_date)")),
        )

    def _raw_segment_sql(self, day_from, day_to, live_since=None):
        t0, t1 = self._utc_range(day_from, day_to, live_since)
        day = _day("c.redeem_date")
        return SQL("""
            SELECT %(day)s AS day, c.company_id, c.warehouse_id, cat.categ_id,
                   %(slot)s AS hour_slot,
                   count(*) FILTER (WHERE c.state = 'redeemed') AS redeemed_count,
                   coalesce(sum(d.disputes), 0) AS dispute_count,
                   coalesce(sum(d.wrongful), 0) AS wrongful_count
              FROM %(codes)s
         LEFT JOIN LATERAL (
                   SELECT pt.categ_id FROM sale_order_line sol
                     JOIN product_product pp ON pp.id = sol.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                    WHERE sol.order_id = c.sale_order_id AND sol.display_type IS NULL
                 ORDER BY sol.price_subtotal DESC, sol.id LIMIT 1) cat ON TRUE
              %(disputes)s
             WHERE %(where)s AND c.redeem_date >= %(t0)s AND c.redeem_date < %(t1)s
               AND %(filter)s
          GROUP BY 1, 2, 3, 4, 5""",
            day=day, slot=SQL(SLOT.format(col="c.redeem_date")), t0=t0, t1=t1,
            codes=SQL(CODES), where=SQL(CODES_WHERE),
            filter=self._day_filter(day, day_from, day_to, live_since),
            disputes=SQL(DISPUTES))

    def _raw_lead_sql(self, day_from, day_to, live_since=None):
        t0, t1 = self._utc_range(day_from, day_to, live_since)
        day_ready, day_redeem = _day("c.ready_date"), _day("c.redeem_date")
        paid_ready = HOURS.format(end="c.ready_date", start="c.issue_date")
        ready_collected = HOURS.format(end="c.redeem_date", start="c.ready_date")
        return SQL("""
            SELECT day, company_id, stage, bucket, count(*) AS bin_count FROM (
                SELECT %(day_ready)s AS day, c.company_id, 'paid_ready' AS stage,
                       %(b1)s AS bucket
                  FROM %(codes)s
                 WHERE %(where)s AND c.ready_date >= %(t0)s AND c.ready_date < %(t1)s
                   AND c.issue_date IS NOT NULL AND %(fy)s
             UNION ALL
                SELECT %(day_redeem)s, c.company_id, 'ready_collected', %(b2)s
                  FROM %(codes)s
                 WHERE %(where)s AND c.redeem_date >= %(t0)s AND c.redeem_date < %(t1)s
                   AND c.ready_date IS NOT NULL AND %(fr)s
            ) x GROUP BY 1, 2, 3, 4""",
            day_ready=day_ready, day_redeem=day_redeem, t0=t0, t1=t1, codes=SQL(CODES),
            where=SQL(CODES_WHERE), b1=SQL(BUCKET.format(h=paid_ready)),
            b2=SQL(BUCKET.format(h=ready_collected)),
            fy=self._day_filter(day_ready, day_from, day_to, live_since),
            fr=self._day_filter(day_redeem, day_from, day_to, live_since))

    def _raw_scan_sql(self, day_from, day_to, live_since=None):
        t0, t1 = self._utc_range(day_from, day_to, live_since)
        day = _day("a.attempt_date")
        return SQL("""
            SELECT %(day)s AS day, a.company_id, a.warehouse_id,
                   extract(hour FROM %(local)s)::int AS hour, a.action, a.reason,
                   count(*) AS scan_count,
                   count(*) FILTER (WHERE a.reason IN %(failed)s) AS failed_count
              FROM pickup_attempt a LEFT JOIN stock_warehouse w ON w.id = a.warehouse_id
             WHERE a.attempt_date >= %(t0)s AND a.attempt_date < %(t1)s AND %(filter)s
          GROUP BY 1, 2, 3, 4, 5, 6""",
            day=day, local=SQL(LOCAL.format(col="a.attempt_date")), failed=FAILED_GUESSES,
            t0=t0, t1=t1, filter=self._day_filter(day, day_from, day_to, live_since))

    # ------------------------------------------------------------------ readers

    def _tables(self):
        """(model, table, key columns, measure columns, raw SQL builder) of each aggregate."""
        return [
            (self, "pickup_kpi_daily", ("day", "company_id", "warehouse_id"), MAIN_MEASURES,
             self._raw_main_sql),
            (self.env["pickup.kpi.daily.segment"], "pickup_kpi_daily_segment",
             ("day", "company_id", "warehouse_id", "categ_id", "hour_slot"),
             ("redeemed_count", "dispute_count", "wrongful_count"), self._raw_segment_sql),
            (self.env["pickup.kpi.daily.lead"], "pickup_kpi_daily_lead",
             ("day", "company_id", "stage", "bucket"), ("bin_count",), self._raw_lead_sql),
            (self.env["pickup.kpi.daily.scan"], "pickup_kpi_daily_scan",
             ("day", "company_id", "warehouse_id", "hour", "action", "reason"),
             ("scan_count", "failed_count"), self._raw_scan_sql),
        ]

    def _union_sql(self, table, day_from, day_to):
        """The rows of ``table`` for local days day_from..day_to: the aggregated days before
        the watermark's local day, the later ones computed live from the raw rows."""
        _model, name, keys, measures, raw = next(t for t in self._tables() if t[1] == table)
        watermark = self._state().get("watermark")
        columns = SQL(", ").join(SQL.identifier(c) for c in keys + measures)
        if not watermark:
            return SQL("(%s)", raw(day_from, day_to))
        stored_columns = SQL(", ").join(SQL("t.%s", SQL.identifier(c)) for c in keys + measures)
        if "warehouse_id" in keys:
            # Each row's day is complete before the watermark's day at its point's clock.
            stored = SQL(
                "SELECT %s FROM %s t LEFT JOIN stock_warehouse w ON w.id = t.warehouse_id "
                "WHERE t.day BETWEEN %s AND %s AND t.day < (%s::timestamp AT TIME ZONE 'UTC' "
                "AT TIME ZONE coalesce(w.pickup_tz, 'UTC'))::date",
                stored_columns, SQL.identifier(name), day_from, day_to, watermark)
            live = raw(day_from, day_to, live_since=watermark)
        else:
            # No point (the lead-time bins): complete before the watermark's UTC day minus
            # one, whatever the zone (UTC-12 .. UTC+14); the day before it is read live.
            since = (fields.Datetime.to_datetime(watermark) - timedelta(days=1)).date()
            stored = SQL("SELECT %s FROM %s t WHERE t.day BETWEEN %s AND %s AND t.day < %s",
                         stored_columns, SQL.identifier(name), day_from, day_to, since)
            live = raw(day_from, day_to, live_since=since)
        return SQL("(%s UNION ALL SELECT %s FROM (%s) l)", stored, columns, live)

    # ------------------------------------------------------------------ refresh

    def _state(self):
        raw = self.env["ir.config_parameter"].sudo().get_param(STATE_KEY)
        return json.loads(raw) if raw else {}

    def _save_state(self, state):
        self.env["ir.config_parameter"].sudo().set_param(STATE_KEY, json.dumps(state))

    def _touched_days(self, since):
        """Local days with a scan, a code or a dispute written since ``since`` (UTC)."""
        self.env.cr.execute(SQL("""
            SELECT DISTINCT day FROM (
                SELECT %(day_a)s AS day FROM pickup_attempt a
                  LEFT JOIN stock_warehouse w ON w.id = a.warehouse_id
                 WHERE a.attempt_date >= %(since)s
                UNION
                SELECT unnest(ARRAY[%(day_ready)s, %(day_redeem)s])
                  FROM pickup_code c JOIN stock_warehouse w ON w.id = c.warehouse_id
                 WHERE c.write_date >= %(since)s
                UNION
                SELECT unnest(ARRAY[%(day_ready)s, %(day_redeem)s])
                  FROM pickup_dispute dx JOIN pickup_code c ON c.id = dx.code_id
                  JOIN stock_warehouse w ON w.id = c.warehouse_id
                 WHERE dx.write_date >= %(since)s
            ) x WHERE day IS NOT NULL""",
            day_a=_day("a.attempt_date"), day_ready=_day("c.ready_date"),
            day_redeem=_day("c.redeem_date"), since=since))
        return [row[0] for row in self.env.cr.fetchall()]

    def _all_days(self):
        """Every local day the raw tables can hold (their first to last date, a day wider)."""
        self.env.cr.execute("""
            SELECT least((SELECT min(attempt_date) FROM pickup_attempt),
                         (SELECT min(ready_date) FROM pickup_code),
                         (SELECT min(redeem_date) FROM pickup_code)),
                   greatest((SELECT max(attempt_date) FROM pickup_attempt),
                            (SELECT max(ready_date) FROM pickup_code),
                            (SELECT max(redeem_date) FROM pickup_code))""")
        first, last = self.env.cr.fetchone()
        if not first:
            return []
        start, end = first.date() - timedelta(days=1), last.date() + timedelta(days=1)
        return [start + timedelta(days=k) for k in range((end - start).days + 1)]

    def _recompute(self, day_from, day_to):
        """Recompute local days day_from..day_to of every aggregate from the raw rows."""
        for _model, table, keys, measures, raw in self._tables():
            self.env.cr.execute(SQL("DELETE FROM %s WHERE day BETWEEN %s AND %s",
                                    SQL.identifier(table), day_from, day_to))
            columns = SQL(", ").join(SQL.identifier(c) for c in keys + measures)
            self.env.cr.execute(SQL("INSERT INTO %s (%s) SELECT %s FROM (%s) r",
                                    SQL.identifier(table), columns, columns,
                                    raw(day_from, day_to)))

    @api.model
    def _refresh(self, budget_days=None):
        """Bring the aggregates up to date (see the module's docstring).

        :param budget_days: stop after this many days (the rest stays pending)
        :return: the number of days still pending
        """
        state = self._state()
        if not state.get("pending"):
            started = fields.Datetime.to_string(fields.Datetime.now())
            if state.get("watermark"):
                since = fields.Datetime.from_string(state["watermark"]) - OVERLAP
                days = self._touched_days(since)
            else:
                for _model, table, *_rest in self._tables():
                    self.env.cr.execute(SQL("TRUNCATE %s", SQL.identifier(table)))
                days = self._all_days()
            state = {"watermark": state.get("watermark"), "started": started,
                     "pending": [[str(a), str(b)]
                                 for a, b in daily.day_runs(days, RUN_DAYS)]}
            self._save_state(state)
        done = 0
        while state["pending"] and (budget_days is None or done < budget_days):
            first, last = (date.fromisoformat(d) for d in state["pending"][0])
            self._recompute(first, last)
            state["pending"].pop(0)
            done += (last - first).days + 1
            if not state["pending"]:
                state = {"watermark": state["started"], "pending": []}
            self._save_state(state)
            remaining = sum((date.fromisoformat(b) - date.fromisoformat(a)).days + 1
                            for a, b in state["pending"])
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return sum((date.fromisoformat(b) - date.fromisoformat(a)).days + 1
                   for a, b in state["pending"])

    @api.model
    def _cron_refresh(self):
        """Hourly (and triggered): recompute the touched days, a bounded number per call."""
        self._refresh(budget_days=CRON_BUDGET_DAYS)

    @api.model
    def _reset(self):
        """Forget the watermark: the next refresh rebuilds every day (after bulk loads)."""
        self._save_state({})

    def init(self):
        # Touched-day lookups by write date (codes, disputes) and the anomaly counts of a
        # window stay index scans.
        for table, columns in (("pickup_code", "write_date"), ("pickup_dispute", "write_date"),
                               ("pickup_code", "redeem_date"),
                               ("pickup_anomaly", "company_id, create_date"),
                               ("pickup_dispute", "company_id, create_date")):
            name = "pickup_kpi_%s_%s_idx" % (table, columns.replace(", ", "_"))
            self.env.cr.execute(SQL("CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
                                    SQL.identifier(name), SQL.identifier(table), SQL(columns)))
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS pickup_kpi_daily_company_day_idx "
            "ON pickup_kpi_daily (company_id, day)")


class PickupKpiDailySegment(models.Model):
    """Collected codes, disputes and false pickups per day, point, product category and hour
    slot (by the day of the pickup): the dashboard's breakdowns."""

    _name = "pickup.kpi.daily.segment"
    _description = "Pickup KPIs per day and segment"
    _log_access = False
    _order = "day desc"

    day = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product category", readonly=True)
    hour_slot = fields.Selection(HOUR_SLOTS, readonly=True)
    redeemed_count = fields.Integer("Collected", readonly=True)
    dispute_count = fields.Integer("Disputes", readonly=True)
    wrongful_count = fields.Integer("Confirmed false pickups", readonly=True)


class PickupKpiDailyLead(models.Model):
    """Lead times per day and company as a histogram (bins of ``core.daily``): the median
    and p90 of a window without reading every code."""

    _name = "pickup.kpi.daily.lead"
    _description = "Pickup lead times per day (histogram)"
    _log_access = False
    _order = "day desc"

    day = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    stage = fields.Selection([("paid_ready", "Paid → ready"),
                              ("ready_collected", "Ready → collected")], required=True,
                             readonly=True)
    bucket = fields.Integer("Bin (tenths of an hour)", readonly=True)
    bin_count = fields.Integer("Codes", readonly=True)


class PickupKpiDailyScan(models.Model):
    """Scans per day, point, hour, action and reason: the scan report's rows."""

    _name = "pickup.kpi.daily.scan"
    _description = "Pickup scans per day"
    _log_access = False
    _order = "day desc"

    day = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", readonly=True)
    hour = fields.Integer(readonly=True)
    action = fields.Char(readonly=True)
    reason = fields.Char(readonly=True)
    scan_count = fields.Integer("Scans", readonly=True)
    failed_count = fields.Integer("Failed scans", readonly=True)
