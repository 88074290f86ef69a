"""The KPI dashboard through Odoo, against Odoo's own "sale orders by month" in the same run.

Run inside ``odoo shell`` (scripts/bench_kpi.sh pipes it in; ``env`` is given)::

    odoo shell -d <db> < tests/bench/bench_kpi_odoo.py

Environment: ``KPI_RUNS`` (default 5) timed runs, median printed; ``KPI_REFRESH=0`` skips the
refresh of the daily aggregates (``pickup.kpi.daily._refresh``: a full rebuild after a
generated history, else the days touched since the last one), which is timed and committed.
Prints ``dashboard 90 days: X s`` (``pickup.kpi.get_dashboard`` as the pickup manager, on a
read-only cursor as the web client's call would be), 365 days, the alert rules' KPI
computation, and the baseline: ``sale.order`` read_group by month (what Odoo's Sales
analysis does) over the same company.
"""
# ruff: noqa: F821 (env is given by odoo shell)
import os
import statistics
import time

RUNS = int(os.environ.get("KPI_RUNS", "5"))


def timed(function):
    function()  # warm-up: the same cache state for every run
    times = []
    for _run in range(RUNS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


tpe = env["stock.warehouse"].search([("code", "=", "TPE")], limit=1)
company = tpe.company_id
manager = env.ref("pickup_code.demo_user_manager", raise_if_not_found=False) \
    or env["res.users"].search([("login", "=", "pickup_manager")], limit=1)
Daily = env["pickup.kpi.daily"].sudo()
if os.environ.get("KPI_REFRESH", "1") != "0":
    start = time.perf_counter()
    full = not Daily._state().get("watermark")
    while Daily._refresh(budget_days=62):
        env.cr.commit()
    env.cr.commit()
    print("daily aggregates: %s in %.1f s" % (
        "full rebuild" if full else "incremental refresh", time.perf_counter() - start))
env.cr.execute("SELECT (SELECT count(*) FROM pickup_kpi_daily), "
               "(SELECT count(*) FROM pickup_kpi_daily_segment), "
               "(SELECT count(*) FROM pickup_kpi_daily_lead), "
               "(SELECT count(*) FROM pickup_kpi_daily_scan), "
               "pg_total_relation_size('pickup_kpi_daily') "
               "+ pg_total_relation_size('pickup_kpi_daily_segment') "
               "+ pg_total_relation_size('pickup_kpi_daily_lead') "
               "+ pg_total_relation_size('pickup_kpi_daily_scan'), "
               "pg_total_relation_size('pickup_attempt')")
daily_rows, segment_rows, lead_rows, scan_rows, agg_bytes, log_bytes = env.cr.fetchone()
print("aggregate rows: daily %d, segments %d, lead-time bins %d, scans %d (%.1f MB; the "
      "attempt log %.0f MB)" % (daily_rows, segment_rows, lead_rows, scan_rows, agg_bytes / 1e6,
                                log_bytes / 1e6))

# As the web client calls it: @api.readonly → a read-only cursor (the replica when set).
kpi = env["pickup.kpi"].with_user(manager).with_company(company)
with env.registry.cursor(readonly=True) as cr:
    ro_kpi = kpi.with_env(kpi.env(cr=cr))
    for days in (90, 365):
        seconds = timed(lambda days=days: ro_kpi.get_dashboard(days))
        print("dashboard %d days: %.3f s" % (days, seconds))
    data = ro_kpi.get_dashboard(90)
    print("  90 days: %d scans, %d redemptions, pickup rate %.4f, outlier days (robust z) %s"
          % (data["kpis"]["counts"]["scans"], data["kpis"]["counts"]["redemptions"],
             data["kpis"]["pickup_rate"] or 0, data["outliers"]["robust_z"]))
    today = kpi._company_today(company)
    seconds = timed(lambda: ro_kpi._compute_kpis_days(
        company, today - __import__("datetime").timedelta(days=6), today))
    print("alert rule KPIs, 7 days: %.3f s" % seconds)
    orders = env["sale.order"].with_user(manager).with_company(company).with_env(
        env(cr=cr, user=manager.id))
    seconds = timed(lambda: orders._read_group(
        [("company_id", "=", company.id), ("state", "=", "sale")], ["date_order:month"],
        ["__count", "amount_total:sum"]))
    print("baseline: sale orders by month (sale.order _read_group): %.3f s" % seconds)
env.cr.rollback()
