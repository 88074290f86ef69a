from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.pickup_code.core import local_time

from ..core import kpi, stats

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

    @api.model
    def _compute_kpis(self, company, date_from, date_to, warehouse=None):
        """All KPIs of a company (or one point) over [date_from, date_to).

        :return: dict KPI name → value (None when undefined), plus lead-time details
        """
        cf = self._scope_sql("f", company, warehouse)
        redemptions, wrongful = self._fetch_one(SQL(
            "SELECT coalesce(sum(collected_count), 0), coalesce(sum(wrongful_count), 0) "
            "FROM pickup_kpi_code_fact f WHERE %s AND redeem_date >= %s AND redeem_date < %s",
            cf, date_from, date_to))
        ready, collected, no_show, perishables, spoiled = self._fetch_one(SQL(
            "SELECT count(*), coalesce(sum(collected_count), 0), coalesce(sum(no_show_count), 0), "
            "coalesce(sum(perishable_ready_count), 0), coalesce(sum(spoiled_count), 0) "
            "FROM pickup_kpi_code_fact f WHERE %s AND ready_date >= %s AND ready_date < %s",
            cf, date_from, date_to))
        self.env.cr.execute(SQL(
            "SELECT d.dispute_type, count(*) FROM pickup_dispute d "
            "JOIN pickup_code f ON f.id = d.code_id "
            "WHERE %s AND d.create_date >= %s AND d.create_date < %s GROUP BY d.dispute_type",
            cf, date_from, date_to))
        disputes_by_type = dict(self.env.cr.fetchall())
        self.env.cr.execute(SQL(
            "SELECT paid_ready_hours FROM pickup_kpi_code_fact f "
            "WHERE %s AND ready_date >= %s AND ready_date < %s", cf, date_from, date_to))
        paid_ready = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(SQL(
            "SELECT ready_collected_hours FROM pickup_kpi_code_fact f "
            "WHERE %s AND redeem_date >= %s AND redeem_date < %s", cf, date_from, date_to))
        ready_collected = [row[0] for row in self.env.cr.fetchall()]
        scans, failed = self._fetch_one(SQL(
            "SELECT count(*), coalesce(sum(failed_count), 0) FROM pickup_kpi_attempt_fact f "
            "WHERE %s AND attempt_date >= %s AND attempt_date < %s", cf, date_from, date_to))
        self.env.cr.execute(SQL(
            "SELECT anomaly_type, count(*) FROM pickup_anomaly f "
            "WHERE %s AND create_date >= %s AND create_date < %s GROUP BY anomaly_type",
            cf, date_from, date_to))
        anomalies_by_type = dict(self.env.cr.fetchall())
        return {
            "false_pickup_rate": kpi.false_pickup_rate(wrongful, redemptions),
            "dispute_rate": kpi.dispute_rate(sum(disputes_by_type.values()), redemptions),
            "dispute_rate_by_type": kpi.dispute_rate_by_type(disputes_by_type, redemptions),
            "paid_to_ready": kpi.lead_time_stats(paid_ready)._asdict(),
            "ready_to_collected": kpi.lead_time_stats(ready_collected)._asdict(),
            "inventory_accuracy": kpi.inventory_accuracy(
                self._inventory_pairs(company, date_from, date_to, warehouse)),
            "anomaly_rate_per_1000": kpi.anomaly_rate_per_1000(
                sum(anomalies_by_type.values()), scans),
            "anomaly_rate_by_type": kpi.anomaly_rate_by_type(anomalies_by_type, scans),
            "pickup_rate": kpi.pickup_rate(collected, ready),
            "no_show_rate": kpi.no_show_rate(no_show, ready),
            "scan_failure_rate": kpi.scan_failure_rate(failed, scans),
            "spoilage_rate": kpi.spoilage_rate(spoiled, perishables),
            "counts": {"redemptions": redemptions, "ready": ready, "scans": scans},
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

    @api.model
    def _daily_series(self, company, days, warehouse=None):
        """Daily scans, failed scans, redemptions and false pickups for the last ``days``."""
        # Days at each point's clock (the facts' local day); the UTC range, a day wider on
        # each side, keeps the date index in use. "Today" is the company's.
        zone = local_time.resolve_zone(None, None, company.partner_id.tz)
        today = local_time.to_local(fields.Datetime.now(), zone).date()
        first = today - timedelta(days=days - 1)
        end = datetime.combine(today, time.min) + timedelta(days=2)
        start = end - timedelta(days=days + 3)
        cf = self._scope_sql("f", company, warehouse)
        self.env.cr.execute(SQL(
            "SELECT attempt_day, count(*), sum(failed_count) "
            "FROM pickup_kpi_attempt_fact f WHERE %s AND attempt_date >= %s "
            "AND attempt_date < %s AND attempt_day >= %s GROUP BY 1", cf, start, end, first))
        scans = {day: (n, failed) for day, n, failed in self.env.cr.fetchall()}
        self.env.cr.execute(SQL(
            "SELECT redeem_day, sum(collected_count), "
            "sum(wrongful_count) FROM pickup_kpi_code_fact f WHERE %s AND redeem_date >= %s "
            "AND redeem_date < %s AND redeem_day >= %s GROUP BY 1", cf, start, end, first))
        pickups = {day: (n, wrong) for day, n, wrong in self.env.cr.fetchall()}
        series = []
        for offset in range(days):
            day = first + timedelta(days=offset)
            n_scans, n_failed = scans.get(day, (0, 0))
            n_pickups, n_wrong = pickups.get(day, (0, 0))
            series.append({"day": fields.Date.to_string(day), "scans": n_scans,
                           "failed": n_failed or 0, "pickups": n_pickups or 0,
                           "wrongful": n_wrong or 0})
        return series

    @api.model
    def _breakdown(self, company, date_from, date_to, group_sql, label_model=None):
        """False pickups and disputes per segment, flagged against the rest."""
        self.env.cr.execute(SQL(
            "SELECT %s AS segment, sum(collected_count), sum(dispute_count), "
            "sum(wrongful_count) FROM pickup_kpi_code_fact f "
            "WHERE f.company_id = %s AND redeem_date >= %s AND redeem_date < %s "
            "GROUP BY 1", group_sql, company.id, date_from, date_to))
        rows = [row for row in self.env.cr.fetchall() if row[0] is not None]
        names = {}
        if label_model:
            names = {rec.id: rec.display_name
                     for rec in self.env[label_model].sudo().browse([r[0] for r in rows])}
        segments = {names.get(seg, str(seg)): (disputes or 0, n or 0)
                    for seg, n, disputes, _wrong in rows}
        flags = stats.flag_segments(segments)
        return [{"segment": f.name, "rate": f.rate, "lift": f.lift, "p_value": f.p_value,
                 "significant": f.significant, "trials": segments[f.name][1]}
                for f in flags]

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
        date_to = fields.Datetime.now() + timedelta(seconds=1)
        date_from = date_to - timedelta(days=days)
        series = self._daily_series(company, days)
        failed = [d["failed"] for d in series]
        failure_rates = [(d["failed"] / d["scans"]) if d["scans"] else 0.0 for d in series]
        pickups = [d["pickups"] for d in series]
        slope, _intercept = stats.linear_trend(pickups)
        breakdowns = {
            "point": self._breakdown(company, date_from, date_to, SQL("f.warehouse_id"),
                                     "stock.warehouse"),
            # Region: the point's state where the country has states, else its city.
            "region": self._breakdown(company, date_from, date_to, SQL(
                "coalesce((SELECT name FROM res_country_state s "
                "WHERE s.id = f.state_id), f.city)")),
            "category": self._breakdown(company, date_from, date_to, SQL("f.categ_id"),
                                        "product.category"),
            "hour_slot": self._breakdown(company, date_from, date_to, SQL("f.hour_slot")),
        }
        return {
            "company": company.name,
            "days": days,
            "kpis": self._compute_kpis(company, date_from, date_to),
            "definitions": self._translated_definitions(),
            "series": series[-SPARK_DAYS:],
            "outliers": {
                "robust_z": [series[i]["day"] for i in stats.outliers_robust(failed)],
                "ewma": [series[i]["day"] for i in stats.ewma_outliers(failure_rates)],
                "rules": {"robust_z": stats.ROBUST_Z_RULE, "ewma": stats.EWMA_RULE},
            },
            "trend": {"pickups_per_day_slope": slope,
                      "moving_average_7": stats.moving_average(pickups, 7)[-SPARK_DAYS:]},
            "forecast": stats.holt_forecast(pickups, horizon=7),
            "breakdowns": breakdowns,
        }
