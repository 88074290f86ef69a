#!/usr/bin/env python3
"""Benchmark of the pickup KPIs over a generated history (``data/generate_history.py``).

Usage (connection from the PG* environment variables; ``make bench-kpi`` wraps it)::

    python tests/bench/bench_kpi.py --db kpigen [--label gen2026] [--runs 3] [--raw]

Prints, for the company of warehouse ``TPE``:

- each KPI query's time (median of ``--runs`` runs) and row count over a whole year, read
  from pickup_kpi's daily aggregates (``pickup_kpi_daily*``, refreshed first by
  ``bench_kpi.sh``), and their sum plus the statistics; with ``--raw`` the same KPIs over the
  raw tables (attempt log, codes) as before the aggregates;
- the baseline: Odoo's own ``sale_order`` count by month (a plain GROUP BY), and the ratio;
- whether ``pickup_kpi/core/stats.py`` finds the planted patterns in the aggregates: the
  point with a rising false-pickup rate (flagged and trending up), the category with more
  disputes, and the outlier day of failed scans. Exit status 1 when one is not found.

The dashboard itself (``pickup.kpi.get_dashboard`` through Odoo, 90 and 365 days) is timed by
``bench_kpi_odoo.py`` in the same ``make bench-kpi`` run. "Failed scans" are unknown or
malformed input (guessing), "refused" are all scans not ``ok``; days are the points' local
days (Taiwan).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
LOCAL = "AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Taipei'"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


stats = _load("pickup_stats", "pickup_kpi/core/stats.py")

WRONGFUL = ("SELECT code_id, count(*) AS disputes, "
            "count(*) FILTER (WHERE state = 'confirmed' AND dispute_type = 'not_collected') "
            "AS wrongful FROM pickup_dispute GROUP BY code_id")

# The same KPIs over the raw tables (attempt log, codes): what the dashboard read before the
# daily aggregates; timed with --raw, for comparison.
RAW_QUERIES = {
    "false_pickup_rate by point x month": f"""
        SELECT w.code, date_trunc('month', c.redeem_date {LOCAL})::date AS month,
               count(*) AS redemptions, coalesce(sum(d.wrongful), 0) AS wrongful
          FROM pickup_code c
          JOIN stock_warehouse w ON w.id = c.warehouse_id
     LEFT JOIN ({WRONGFUL}) d ON d.code_id = c.id
         WHERE c.company_id = %(company)s AND c.state = 'redeemed' AND c.parent_id IS NULL
      GROUP BY 1, 2 ORDER BY 1, 2""",
    "dispute_rate by type x state": """
        SELECT d.dispute_type, d.state, count(*) AS disputes,
               (SELECT count(*) FROM pickup_code
                 WHERE company_id = %(company)s AND state = 'redeemed') AS redemptions
          FROM pickup_dispute d
         WHERE d.company_id = %(company)s
      GROUP BY 1, 2 ORDER BY 1, 2""",
    "dispute_rate by category": f"""
        SELECT cat.complete_name, count(*) AS redemptions,
               coalesce(sum(d.disputes), 0) AS disputes,
               coalesce(sum(d.wrongful), 0) AS wrongful
          FROM (SELECT DISTINCT c.id, pt.categ_id
                  FROM pickup_code c
                  JOIN sale_order_line l ON l.order_id = c.sale_order_id
                                        AND l.display_type IS NULL
                  JOIN product_product pp ON pp.id = l.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE c.company_id = %(company)s AND c.state = 'redeemed') x
          JOIN product_category cat ON cat.id = x.categ_id
     LEFT JOIN ({WRONGFUL}) d ON d.code_id = x.id
      GROUP BY 1 ORDER BY 1""",
    "lead times (mean, median, p90) by stage x point": """
        SELECT stage, w.code, count(*) AS n, avg(h) AS mean,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY h) AS p90
          FROM (SELECT 'paid_to_ready' AS stage, warehouse_id,
                       extract(epoch FROM ready_date - issue_date) / 3600.0 AS h
                  FROM pickup_code
                 WHERE company_id = %(company)s AND ready_date IS NOT NULL
                   AND issue_date IS NOT NULL
                UNION ALL
                SELECT 'ready_to_collected', warehouse_id,
                       extract(epoch FROM redeem_date - ready_date) / 3600.0
                  FROM pickup_code
                 WHERE company_id = %(company)s AND redeem_date IS NOT NULL
                   AND ready_date IS NOT NULL) s
     LEFT JOIN stock_warehouse w ON w.id = s.warehouse_id
      GROUP BY GROUPING SETS ((stage), (stage, w.code)) ORDER BY 1, 2 NULLS FIRST""",
    "anomaly rate per 1,000 scans by type": """
        SELECT a.anomaly_type, count(*) AS anomalies, s.scans,
               1000.0 * count(*) / nullif(s.scans, 0) AS per_1000
          FROM pickup_anomaly a,
               (SELECT count(*) AS scans FROM pickup_attempt
                 WHERE company_id = %(company)s) s
         WHERE a.company_id = %(company)s
      GROUP BY 1, s.scans ORDER BY 1""",
    "scan failure rate by weekday x hour": f"""
        SELECT extract(isodow FROM attempt_date {LOCAL})::int AS weekday,
               extract(hour FROM attempt_date {LOCAL})::int AS hour,
               count(*) AS scans,
               count(*) FILTER (WHERE reason IN ('unknown', 'malformed')) AS failed,
               count(*) FILTER (WHERE reason <> 'ok') AS refused
          FROM pickup_attempt
         WHERE company_id = %(company)s
      GROUP BY 1, 2 ORDER BY 1, 2""",
    "pickup / no-show rate by point x month": f"""
        SELECT w.code, date_trunc('month', c.ready_date {LOCAL})::date AS month,
               count(*) AS ready,
               count(*) FILTER (WHERE c.state = 'redeemed') AS collected,
               count(*) FILTER (WHERE c.state = 'expired') AS no_show
          FROM pickup_code c
          JOIN stock_warehouse w ON w.id = c.warehouse_id
         WHERE c.company_id = %(company)s AND c.ready_date IS NOT NULL
      GROUP BY 1, 2 ORDER BY 1, 2""",
    "daily scans and failed scans": f"""
        SELECT (attempt_date {LOCAL})::date AS day, count(*) AS scans,
               count(*) FILTER (WHERE reason IN ('unknown', 'malformed')) AS failed
          FROM pickup_attempt
         WHERE company_id = %(company)s
      GROUP BY 1 ORDER BY 1""",
    "daily pickups": f"""
        SELECT (redeem_date {LOCAL})::date AS day, count(*) AS pickups
          FROM pickup_code
         WHERE company_id = %(company)s AND state = 'redeemed'
      GROUP BY 1 ORDER BY 1""",
}

# Over the daily aggregates (pickup_kpi's pickup.kpi.daily*, refreshed by its cron): a whole
# year of every KPI; the disputes and anomalies are event tables of their own (small).
QUERIES = {
    "false_pickup_rate by point x month": """
        SELECT w.code, date_trunc('month', d.day)::date AS month,
               sum(d.redeemed_count)::bigint AS redemptions,
               sum(d.wrongful_count)::bigint AS wrongful
          FROM pickup_kpi_daily d
          JOIN stock_warehouse w ON w.id = d.warehouse_id
         WHERE d.company_id = %(company)s
      GROUP BY 1, 2 HAVING sum(d.redeemed_count) > 0 ORDER BY 1, 2""",
    "dispute_rate by type x state": """
        SELECT d.dispute_type, d.state, count(*) AS disputes,
               (SELECT sum(redeemed_count) FROM pickup_kpi_daily
                 WHERE company_id = %(company)s) AS redemptions
          FROM pickup_dispute d
         WHERE d.company_id = %(company)s
      GROUP BY 1, 2 ORDER BY 1, 2""",
    "dispute_rate by category": """
        SELECT cat.complete_name, sum(s.redeemed_count)::bigint AS redemptions,
               sum(s.dispute_count)::bigint AS disputes,
               sum(s.wrongful_count)::bigint AS wrongful
          FROM pickup_kpi_daily_segment s
          JOIN product_category cat ON cat.id = s.categ_id
         WHERE s.company_id = %(company)s
      GROUP BY 1 ORDER BY 1""",
    "lead times (histogram) by stage": """
        SELECT stage, bucket, sum(bin_count)::bigint
          FROM pickup_kpi_daily_lead
         WHERE company_id = %(company)s
      GROUP BY 1, 2 ORDER BY 1, 2""",
    "anomaly rate per 1,000 scans by type": """
        SELECT a.anomaly_type, count(*) AS anomalies, s.scans,
               1000.0 * count(*) / nullif(s.scans, 0) AS per_1000
          FROM pickup_anomaly a,
               (SELECT sum(scan_count) AS scans FROM pickup_kpi_daily
                 WHERE company_id = %(company)s) s
         WHERE a.company_id = %(company)s
      GROUP BY 1, s.scans ORDER BY 1""",
    "scan failure rate by weekday x hour": """
        SELECT extract(isodow FROM day)::int AS weekday, hour,
               sum(scan_count)::bigint AS scans, sum(failed_count)::bigint AS failed,
               (sum(scan_count) FILTER (WHERE reason <> 'ok'))::bigint AS refused
          FROM pickup_kpi_daily_scan
         WHERE company_id = %(company)s
      GROUP BY 1, 2 ORDER BY 1, 2""",
    "pickup / no-show rate by point x month": """
        SELECT w.code, date_trunc('month', d.day)::date AS month,
               sum(d.ready_count)::bigint AS ready,
               sum(d.ready_collected_count)::bigint AS collected,
               sum(d.no_show_count)::bigint AS no_show
          FROM pickup_kpi_daily d
          JOIN stock_warehouse w ON w.id = d.warehouse_id
         WHERE d.company_id = %(company)s
      GROUP BY 1, 2 HAVING sum(d.ready_count) > 0 ORDER BY 1, 2""",
    "daily scans and failed scans": """
        SELECT day, sum(scan_count)::bigint AS scans, sum(failed_count)::bigint AS failed
          FROM pickup_kpi_daily
         WHERE company_id = %(company)s
      GROUP BY 1 HAVING sum(scan_count) > 0 ORDER BY 1""",
    "daily pickups": """
        SELECT day, sum(redeemed_count)::bigint AS pickups
          FROM pickup_kpi_daily
         WHERE company_id = %(company)s
      GROUP BY 1 HAVING sum(redeemed_count) > 0 ORDER BY 1""",
}

BASELINE = f"""
    SELECT date_trunc('month', date_order {LOCAL})::date AS month, count(*) AS orders,
           sum(amount_total) AS amount
      FROM sale_order
     WHERE company_id = %(company)s AND state = 'sale'
  GROUP BY 1 ORDER BY 1"""

# The addon's reporting views, when this database has them (timed, not required).
VIEW_QUERIES = {
    "view: code facts, totals": """
        SELECT sum(collected_count), sum(no_show_count), sum(dispute_count),
               sum(wrongful_count), avg(paid_ready_hours), avg(ready_collected_hours)
          FROM pickup_kpi_code_fact WHERE company_id = %(company)s""",
    "view: code facts by category": """
        SELECT categ_id, sum(collected_count), sum(dispute_count)
          FROM pickup_kpi_code_fact WHERE company_id = %(company)s GROUP BY 1""",
    "view: attempt facts by weekday x slot": """
        SELECT weekday, hour_slot, sum(scan_count), sum(failed_count)
          FROM pickup_kpi_attempt_fact WHERE company_id = %(company)s GROUP BY 1, 2""",
}


def timed(cur, sql, params, runs):
    """Median wall time of ``runs`` executions (rows fetched), and the rows of the last."""
    times, rows = [], []
    for _run in range(runs):
        start = time.perf_counter()
        cur.execute(sql, params)
        rows = cur.fetchall()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def run_queries(cur, queries, params, runs, title):
    """Time each query (after one warm-up pass); :return: (sum of medians, rows by name)"""
    for sql in queries.values():
        cur.execute(sql, params)
        cur.fetchall()
    results, total = {}, 0.0
    print("\n%-52s %10s %8s" % (title, "time (ms)", "rows"))
    for name, sql in queries.items():
        seconds, rows = timed(cur, sql, params, runs)
        results[name] = rows
        total += seconds
        print("%-52s %10.1f %8d" % (name, 1000 * seconds, len(rows)))
    return total, results


def find_company(cur):
    cur.execute("SELECT company_id FROM stock_warehouse WHERE code = 'TPE' LIMIT 1")
    row = cur.fetchone()
    if not row:
        raise SystemExit("No warehouse TPE in this database: generate a history first.")
    return row[0]


def read_manifest(cur, label):
    cur.execute("SELECT value FROM ir_config_parameter WHERE key = %s",
                ("pickup_code.generated_history.%s" % label,))
    row = cur.fetchone()
    return json.loads(row[0]) if row else None


def analyse(results, manifest):
    """Run the statistics on the query results; return (lines, found flags)."""
    lines, found = [], {}
    planted = (manifest or {}).get("planted", {})

    # 1. Points: false pickups (confirmed not_collected disputes) / redemptions.
    by_point, monthly = {}, {}
    for code, month, redemptions, wrongful in results["false_pickup_rate by point x month"]:
        events, trials = by_point.get(code, (0, 0))
        by_point[code] = (events + int(wrongful), trials + redemptions)
        monthly.setdefault(code, []).append((month, int(wrongful), redemptions))
    flags = stats.flag_segments(by_point)
    flagged = [f for f in flags if f.significant]
    lines.append("false-pickup rate by point: flagged %s" % (
        ", ".join("%s (%.2f%%, lift %.1f, p=%.1e)" % (f.name, 100 * f.rate, f.lift, f.p_value)
                  for f in flagged) or "none"))
    trends = {}
    for code, series in monthly.items():
        rates = [w / n for _m, w, n in series if n >= 30]
        if len(rates) >= 3:
            trends[code] = (stats.linear_trend(rates)[0], rates)
    target = planted.get("point") or (flagged[0].name if flagged else None)
    if target in trends:
        slope, rates = trends[target]
        others = sorted(s for code, (s, _r) in trends.items() if code != target)
        forecast = stats.holt_forecast(rates, horizon=3)
        lines.append(
            "  %s monthly false-pickup rate: %s; trend %+.3f pp/month (other points: median "
            "%+.3f, max %+.3f); Holt forecast next 3 months: %s" % (
                target, " ".join("%.2f%%" % (100 * r) for r in rates), 100 * slope,
                100 * statistics.median(others) if others else 0.0,
                100 * max(others) if others else 0.0,
                " ".join("%.2f%%" % (100 * v) for v in forecast)))
        steepest = max(trends, key=lambda c: trends[c][0])
        found["rising point"] = (target in {f.name for f in flagged} and slope > 0
                                 and steepest == target)

    # 2. Categories: disputes / redemptions.
    segments = {name: (int(disputes), redemptions)
                for name, redemptions, disputes, _w in results["dispute_rate by category"]}
    flags = stats.flag_segments(segments)
    flagged = [f for f in flags if f.significant]
    lines.append("dispute rate by category: %s; flagged %s" % (
        ", ".join("%s %.2f%%" % (f.name, 100 * (f.rate or 0)) for f in flags),
        ", ".join("%s (lift %.1f, p=%.1e)" % (f.name, f.lift, f.p_value) for f in flagged)
        or "none"))
    if planted.get("category"):
        found["dispute category"] = [f.name for f in flagged] == [planted["category"]]

    # 3. Outlier day of failed scans: complete days (not today) with at least 100 scans.
    days = [(day, scans, failed) for day, scans, failed
            in results["daily scans and failed scans"][:-1] if scans >= 100]
    rates = [failed / scans for _d, scans, failed in days]
    robust_rate = [str(days[i][0]) for i in stats.outliers_robust(rates)]
    zscores = {str(d[0]): z for d, z in zip(days, stats.robust_zscores(rates), strict=True)}
    if planted.get("outlier_day") in zscores:
        others = [abs(z) for day, z in zscores.items()
                  if day != planted["outlier_day"] and z is not None]
        lines.append("robust z of the failure rate: planted day %s z = %.1f; largest other "
                     "|z| = %.1f" % (planted["outlier_day"], zscores[planted["outlier_day"]],
                                     max(others) if others else 0.0))
    robust_count = [str(days[i][0]) for i in stats.outliers_robust([d[2] for d in days])]
    ewma = [str(days[i][0]) for i in stats.ewma_outliers(rates)]
    lines.append("outlier days of failed scans over %d days: robust z on rate %s; robust z on "
                 "count %s; EWMA on rate %s" % (len(days), robust_rate or "none",
                                                robust_count or "none", ewma or "none"))
    if planted.get("outlier_day"):
        day = planted["outlier_day"]
        found["outlier day"] = (day in robust_rate and day in robust_count and day in ewma
                                and len(robust_rate) <= 3)

    pickups = [n for _d, n in results["daily pickups"][:-1]]  # today is not over
    slope, _intercept = stats.linear_trend(pickups)
    lines.append("daily pickups: trend %+.2f/day; Holt 7-day forecast %s" % (
        slope or 0.0, " ".join("%.0f" % v for v in stats.holt_forecast(pickups, 7))))
    return lines, found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--label", default="gen2026")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--raw", action="store_true",
                        help="also time the same KPIs over the raw tables (the attempt log and "
                             "the codes), as the dashboard read them before the aggregates")
    args = parser.parse_args(argv)
    conn = psycopg2.connect(dbname=args.db)
    conn.set_session(readonly=True, autocommit=True)
    cur = conn.cursor()
    company = find_company(cur)
    manifest = read_manifest(cur, args.label)
    params = {"company": company}
    cur.execute("SELECT (SELECT count(*) FROM sale_order WHERE company_id = %(company)s), "
                "(SELECT count(*) FROM pickup_code WHERE company_id = %(company)s), "
                "(SELECT count(*) FROM pickup_attempt WHERE company_id = %(company)s), "
                "(SELECT count(*) FROM pickup_dispute WHERE company_id = %(company)s), "
                "(SELECT count(*) FROM pickup_anomaly WHERE company_id = %(company)s)", params)
    orders, codes, attempts, disputes, anomalies = cur.fetchone()
    cur.execute("SELECT version()")
    print("KPI benchmark on %s (company %d): %d orders, %d codes, %d scan attempts, "
          "%d disputes, %d anomalies; median of %d runs" % (
              args.db, company, orders, codes, attempts, disputes, anomalies, args.runs))
    print("  %s" % cur.fetchone()[0].split(",")[0])
    if not manifest:
        print("  (no manifest for label %r: planted patterns are not checked)" % args.label)

    cur.execute("SELECT to_regclass('pickup_kpi_daily') IS NOT NULL")
    if not cur.fetchone()[0]:
        raise SystemExit("No daily aggregates (pickup_kpi_daily): upgrade pickup_kpi and run "
                         "its refresh (bench_kpi.sh does).")
    cur.execute("SELECT value FROM ir_config_parameter WHERE key = 'pickup_kpi.daily_state'")
    row = cur.fetchone()
    state = json.loads(row[0]) if row and row[0] else {}
    print("  daily aggregates refreshed at %s (UTC)" % (state.get("watermark") or
                                                          "never: run the refresh first"))
    raw_total = None
    if args.raw:
        raw_total, _raw = run_queries(cur, RAW_QUERIES, params, args.runs,
                                      "KPI query over the raw tables (before)")
    total, results = run_queries(cur, QUERIES, params, args.runs,
                                 "KPI query over the daily aggregates")
    start = time.perf_counter()
    lines, found = analyse(results, manifest)
    stats_seconds = time.perf_counter() - start
    print("%-52s %10.1f" % ("statistics (stats.py, Python)", 1000 * stats_seconds))
    dashboard = total + stats_seconds
    baseline, rows = timed(cur, BASELINE, params, args.runs)
    print("%-52s %10.1f %8d" % ("baseline: sale_order count by month", 1000 * baseline,
                                len(rows)))
    if raw_total is not None:
        print("\nthe year of KPIs over the raw tables (before): %.3f s (queries) + statistics; "
              "ratio to the baseline %.1f" % (raw_total, raw_total / baseline))
    print("\nthe year of KPIs over the daily aggregates: %.3f s (queries %.3f s + statistics "
          "%.3f s); baseline %.3f s; ratio / baseline %.1f"
          % (dashboard, total, stats_seconds, baseline, dashboard / baseline))

    cur.execute("SELECT to_regclass('pickup_kpi_code_fact') IS NOT NULL "
                "AND to_regclass('pickup_kpi_attempt_fact') IS NOT NULL")
    if cur.fetchone()[0]:
        print()
        for name, sql in VIEW_QUERIES.items():
            try:
                seconds, rows = timed(cur, sql, params, args.runs)
            except psycopg2.Error as err:
                print("%-52s failed: %s" % (name, str(err).splitlines()[0]))
                continue
            print("%-52s %10.1f %8d" % (name, 1000 * seconds, len(rows)))

    print("\nFindings:")
    for line in lines:
        print("  " + line)
    if manifest:
        planted = manifest["planted"]
        print("\nPlanted (label %r): %s rising false pickups, %r x%d disputes, outlier day %s"
              % (args.label, planted["point"], planted["category"],
                 planted["category_dispute_multiplier"], planted["outlier_day"]))
        for name in ("rising point", "dispute category", "outlier day"):
            print("  %-18s %s" % (name, "FOUND" if found.get(name) else "NOT FOUND"))
        if not all(found.get(n) for n in ("rising point", "dispute category", "outlier day")):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
