from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.pickup_code.core import local_time

from ..core import daily, kpi, stats
from .pickup_kpi_daily import MAIN_MEASURES

SPARK_DAYS = 30


class PickupKpi(models.AbstractModel):
    """KPIs of DESIGN.md "Analytics", computed with SQL aggregates and the formulas of
    ``core.kpi`` (each KPI is defined once, there)."""

    _name = "pickup.kpi"
    _description = "Pickup KPIs"

    def _check_kpi_access(self):
        if not self.env.user.has_group("pickup_code.group_pickup_supervisor"):
            raise AccessError(self.env._("Pickup KPIs are for supervisors and managers."))

    def _scope_sql(self, alias, company, warehouse):
        clause = SQL("%s.company_id = %s", SQL.identifier(alias), company.id)
        if warehouse:
            clause = SQL("%s AND %s.warehouse_id = %s", clause, SQL.identifier(alias),
                         warehouse.id)
        return clause

    def _fetch_one(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchone()

    def _company_today(self, company):
        zone = local_time.resolve_zone(None, None, company.partner_id.tz)
        return local_time.to_local(fields.Datetime.now(), zone).date()

    def _days_of(self, company, date_from, date_to):
        """The local days (company's clock) of the UTC datetimes [date_from, date_to)."""
        zone = local_time.resolve_zone(None, None, company.partner_id.tz)
        return (local_time.to_local(date_from, zone).date(),
                local_time.to_local(date_to - timedelta(seconds=1), zone).date())

    def _event_window_sql(self, alias, column, day_from, day_to):
        """``alias.column`` (UTC) on a local day of day_from..day_to at its point's clock
        (``w`` = the point), over an index range of the column."""
        col = SQL("%s.%s", SQL.identifier(alias), SQL.identifier(column))
        return SQL(
            "%s >= %s AND %s < %s AND (%s AT TIME ZONE 'UTC' AT TIME ZONE "
            "coalesce(w.pickup_tz, 'UTC'))::date BETWEEN %s AND %s",
            col, datetime.combine(day_from, time.min) - timedelta(days=1), col,
            datetime.combine(day_to, time.min) + timedelta(days=2), col, day_from, day_to)

    def _daily_rows(self, company, day_from, day_to, warehouse=None):
        """Per local day: the summed measures of ``pickup.kpi.daily`` (aggregated days plus
        the live ones), as {day: {measure: value}}."""
        union = self.env["pickup.kpi.daily"]._union_sql("pickup_kpi_daily", day_from, day_to)
        self.env.cr.execute(SQL(
            "SELECT day, %s FROM %s u WHERE %s GROUP BY day",
            # Casts: sums of bigint are numeric (Decimal in Python, not JSON).
            SQL(", ").join(SQL("sum(%s)::%s", SQL.identifier(m),
                               SQL("float8" if m.endswith("_hours") else "bigint"))
                           for m in MAIN_MEASURES),
            union, self._scope_sql("u", company, warehouse)))
        return {row[0]: dict(zip(MAIN_MEASURES, (v or 0 for v in row[1:]), strict=True))
                for row in self.env.cr.fetchall()}

    def _lead_times(self, company, day_from, day_to, totals, warehouse=None):
        """Paid → ready and ready → collected: count and mean exact (sums per day), median and
        p90 from the daily histograms (company-wide); for one point, from its codes."""
        if warehouse:
            return self._lead_times_of_point(company, day_from, day_to, warehouse)
        union = self.env["pickup.kpi.daily"]._union_sql("pickup_kpi_daily_lead", day_from,
                                                        day_to)
        self.env.cr.execute(SQL(
            "SELECT stage, bucket, sum(bin_count)::bigint FROM %s u WHERE u.company_id = %s "
            "GROUP BY 1, 2", union, company.id))
        bins = {"paid_ready": [], "ready_collected": []}
        for stage, bucket, count in self.env.cr.fetchall():
            bins[stage].append((bucket, count))
        return (daily.histogram_lead_stats(bins["paid_ready"], totals["paid_ready_hours"],
                                           totals["paid_ready_n"]),
                daily.histogram_lead_stats(bins["ready_collected"],
                                           totals["ready_collected_hours"],
                                           totals["ready_collected_n"]))

    def _lead_times_of_point(self, company, day_from, day_to, warehouse):
        result = []
        for day_column, start, end in (("ready_date", "issue_date", "ready_date"),
                                       ("redeem_date", "ready_date", "redeem_date")):
            self.env.cr.execute(SQL(
                "SELECT extract(epoch FROM c.%s - c.%s) / 3600.0 FROM pickup_code c "
                "JOIN stock_warehouse w ON w.id = c.warehouse_id "
                "WHERE c.company_id = %s AND c.warehouse_id = %s AND c.parent_id IS NULL "
                "AND c.sale_order_id IS NOT NULL AND %s",
                SQL.identifier(end), SQL.identifier(start), company.id, warehouse.id,
                self._event_window_sql("c", day_column, day_from, day_to)))
            result.append(kpi.lead_time_stats(row[0] for row in self.env.cr.fetchall()))
        return tuple(result)

    @api.model
    def _compute_kpis(self, company, date_from, date_to, warehouse=None):
        """All KPIs of a company (or one point) over the local days of [date_from, date_to)
        (see :meth:`_compute_kpis_days`)."""
        return self._compute_kpis_days(company, *self._days_of(company, date_from, date_to),
                                       warehouse=warehouse)

    @api.model
    def _compute_kpis_days(self, company, day_from, day_to, warehouse=None, rows=None):
        """All KPIs of a company (or one point) over the local days day_from..day_to, read
        from the daily aggregates (``pickup.kpi.daily``) and the event tables.

        :param rows: the days' rows of :meth:`_daily_rows` when the caller has them
        :return: dict KPI name → value (None when undefined), plus lead-time details
        """
        if rows is None:
            rows = self._daily_rows(company, day_from, day_to, warehouse)
        totals = {m: sum(r[m] for r in rows.values()) for m in MAIN_MEASURES}
        scope = self._scope_sql("f", company, warehouse)
        self.env.cr.execute(SQL(
            "SELECT d.dispute_type, count(*) FROM pickup_dispute d "
            "JOIN pickup_code f ON f.id = d.code_id "
            "LEFT JOIN stock_warehouse w ON w.id = f.warehouse_id "
            "WHERE %s AND %s GROUP BY d.dispute_type",
            scope, self._event_window_sql("d", "create_date", day_from, day_to)))
        disputes_by_type = dict(self.env.cr.fetchall())
        self.env.cr.execute(SQL(
            "SELECT anomaly_type, count(*) FROM pickup_anomaly f "
            "LEFT JOIN stock_warehouse w ON w.id = f.warehouse_id "
            "WHERE %s AND %s GROUP BY anomaly_type",
            scope, self._event_window_sql("f", "create_date", day_from, day_to)))
        anomalies_by_type = dict(self.env.cr.fetchall())
        paid_ready, ready_collected = self._lead_times(company, day_from, day_to, totals,
                                                       warehouse)
        redemptions, scans = totals["redeemed_count"], totals["scan_count"]
        ready = totals["ready_count"]
        zone = local_time.resolve_zone(None, None, company.partner_id.tz)
        date_from = local_time.to_utc(datetime.combine(day_from, time.min), zone)
        date_to = local_time.to_utc(datetime.combine(day_to + timedelta(days=1), time.min),
                                    zone)
        return {
            "false_pickup_rate": kpi.false_pickup_rate(totals["wrongful_count"], redemptions),
            "dispute_rate": kpi.dispute_rate(sum(disputes_by_type.values()), redemptions),
            "dispute_rate_by_type": kpi.dispute_rate_by_type(disputes_by_type, redemptions),
            "paid_to_ready": paid_ready._asdict(),
            "ready_to_collected": ready_collected._asdict(),
            "inventory_accuracy": kpi.inventory_accuracy(
                self._inventory_pairs(company, date_from, date_to, warehouse)),
            "anomaly_rate_per_1000": kpi.anomaly_rate_per_1000(
                sum(anomalies_by_type.values()), scans),
            "anomaly_rate_by_type": kpi.anomaly_rate_by_type(anomalies_by_type, scans),
            "pickup_rate": kpi.pickup_rate(totals["ready_collected_count"], ready),
            "no_show_rate": kpi.no_show_rate(totals["no_show_count"], ready),
            "scan_failure_rate": kpi.scan_failure_rate(totals["failed_count"], scans),
            "spoilage_rate": kpi.spoilage_rate(totals["spoiled_count"],
                                               totals["perishable_ready_count"]),
            "counts": {"redemptions": redemptions, "ready": ready, "scans": scans},
            "days": [fields.Date.to_string(day_from), fields.Date.to_string(day_to)],
        }

    def _inventory_pairs(self, company, date_from, date_to, warehouse=None):
        """(counted, system) per inventory adjustment at pickup locations.

        An applied adjustment's move holds the difference; the count is what the quant holds
        after it, so system = counted − difference (sign by direction of the move).
        """
        points = warehouse or self.env["stock.warehouse"].search(
            [("company_id", "=", company.id), ("is_pickup_point", "=", True)])
        if not points:
            return []
        moves = self.env["stock.move"].sudo().search([
            ("is_inventory", "=", True), ("state", "=", "done"),
            ("date", ">=", date_from), ("date", "<", date_to),
            "|", ("location_dest_id", "child_of", points.view_location_id.ids),
            ("location_id", "child_of", points.view_location_id.ids),
        ])
        # On-hand quantities of every (product, location) involved, in one grouped query.
        on_hand = {(product.id, location.id): quantity
                   for product, location, quantity in self.env["stock.quant"].sudo()._read_group(
                       [("product_id", "in", moves.product_id.ids),
                        ("location_id", "in", (moves.location_id | moves.location_dest_id).ids)],
                       ["product_id", "location_id"], ["quantity:sum"])}
        pairs = []
        for move in moves:
            inbound = move.location_dest_id.usage == "internal"
            location = move.location_dest_id if inbound else move.location_id
            counted = on_hand.get((move.product_id.id, location.id), 0.0)
            diff = move.quantity if inbound else -move.quantity
            pairs.append((counted, counted - diff))
        return pairs

    def _series(self, rows, day_from, day_to):
        """Daily scans, failed scans, redemptions and false pickups, one entry per day."""
        series = []
        for offset in range((day_to - day_from).days + 1):
            day = day_from + timedelta(days=offset)
            row = rows.get(day, {})
            series.append({"day": fields.Date.to_string(day), "scans": row.get("scan_count", 0),
                           "failed": row.get("failed_count", 0),
                           "pickups": row.get("redeemed_count", 0),
                           "wrongful": row.get("wrongful_count", 0)})
        return series

    @api.model
    def _daily_series(self, company, days, warehouse=None):
        """Daily scans, failed scans, redemptions and false pickups for the last ``days``
        local days (today at the company's clock last)."""
        today = self._company_today(company)
        first = today - timedelta(days=days - 1)
        return self._series(self._daily_rows(company, first, today, warehouse), first, today)

    @api.model
    def _breakdowns(self, company, day_from, day_to):
        """False pickups and disputes per point, region, category and hour slot, each segment
        flagged against the rest (from ``pickup.kpi.daily.segment``)."""
        union = self.env["pickup.kpi.daily"]._union_sql("pickup_kpi_daily_segment", day_from,
                                                        day_to)
        self.env.cr.execute(SQL(
            "SELECT warehouse_id, categ_id, hour_slot, sum(redeemed_count)::bigint, "
            "sum(dispute_count)::bigint "
            "FROM %s u WHERE u.company_id = %s GROUP BY 1, 2, 3", union, company.id))
        rows = self.env.cr.fetchall()
        points = self.env["stock.warehouse"].sudo().browse({r[0] for r in rows if r[0]})
        categories = self.env["product.category"].sudo().browse({r[1] for r in rows if r[1]})
        point_names = {p.id: p.display_name for p in points}
        # Region: the point's state where the country has states, else its city.
        regions = {p.id: p.partner_id.state_id.name or p.partner_id.city or None
                   for p in points}
        categ_names = {c.id: c.display_name for c in categories}
        keys = {"point": lambda r: point_names.get(r[0]),
                "region": lambda r: regions.get(r[0]),
                "category": lambda r: categ_names.get(r[1]),
                "hour_slot": lambda r: r[2]}
        result = {}
        for name, key in keys.items():
            segments = {}
            for row in rows:
                segment = key(row)
                if segment is None:
                    continue
                disputes, n = segments.get(segment, (0, 0))
                segments[segment] = (disputes + (row[4] or 0), n + (row[3] or 0))
            result[name] = [{"segment": f.name, "rate": f.rate, "lift": f.lift,
                             "p_value": f.p_value, "significant": f.significant,
                             "trials": segments[f.name][1]}
                            for f in stats.flag_segments(segments)]
        return result

    def _translated_definitions(self):
        """The KPI definitions with their labels in the user's language: the labels of the
        alert rules' KPI selection are the same English terms, translated in the .po."""
        labels = dict(self.env["pickup.kpi.alert.rule"]._fields["kpi"]._description_selection(
            self.env))
        return {name: dict(definition, label=labels.get(name) or definition["label"])
                for name, definition in kpi.KPI_DEFINITIONS.items()}

    # Read-only: the web client's call_kw may run it on a read replica (db_replica_host).
    @api.readonly
    @api.model
    def get_dashboard(self, days=90):
        """Everything the KPI dashboard shows, for the current company.

        :return: dict with ``kpis``, ``definitions``, ``series``, ``outliers``, ``trend``,
            ``forecast`` and ``breakdowns``
        """
        self._check_kpi_access()
        days = max(7, min(int(days or 90), 366))
        company = self.env.company
        day_to = self._company_today(company)
        day_from = day_to - timedelta(days=days - 1)
        rows = self._daily_rows(company, day_from, day_to)
        series = self._series(rows, day_from, day_to)
        # Outlier days among complete days: today is not over (its counts are partial).
        complete = series[:-1]
        failed = [d["failed"] for d in complete]
        failure_rates = [(d["failed"] / d["scans"]) if d["scans"] else 0.0 for d in complete]
        # Trend and forecast from complete days too (a half day would bend them down).
        pickups = [d["pickups"] for d in complete]
        slope, _intercept = stats.linear_trend(pickups)
        breakdowns = self._breakdowns(company, day_from, day_to)
        return {
            "company": company.name,
            "days": days,
            "kpis": self._compute_kpis_days(company, day_from, day_to, rows=rows),
            "definitions": self._translated_definitions(),
            "series": series[-SPARK_DAYS:],
            "outliers": {
                "robust_z": [complete[i]["day"] for i in stats.outliers_robust(failed)],
                "ewma": [complete[i]["day"] for i in stats.ewma_outliers(failure_rates)],
                "rules": {"robust_z": stats.ROBUST_Z_RULE, "ewma": stats.EWMA_RULE},
            },
            "trend": {"pickups_per_day_slope": slope,
                      "moving_average_7": stats.moving_average(pickups, 7)[-SPARK_DAYS:]},
            "forecast": stats.holt_forecast(pickups, horizon=7),
            "breakdowns": breakdowns,
        }
