#!/usr/bin/env bash
# make bench-kpi: the KPI dashboard and the KPI queries over a generated campaign history.
# Size: KPI_SCANS scans (default 1,000,000 with 200,000 orders; KPI_SCANS=10000000 gives
# 2,000,000 orders and 10,000,000 scans, streamed by data/generate_history.py --scans).
# Database KPI_DB (default pickup_kpi, pickup_kpi_<KPI_SCANS> when KPI_SCANS is set; created
# with the addons and demo data when missing), run label KPI_LABEL (default gen2026). The
# history is generated once per label and size (KPI_GEN_ARGS passes more options;
# KPI_REGENERATE=1 generates it again). Then, in one run:
#  1. the daily aggregates are refreshed (a full rebuild after a new history) and the KPI
#     dashboard is timed through Odoo (90 and 365 days) against Odoo's own sale orders by
#     month (tests/bench/bench_kpi_odoo.py in `odoo shell`);
#  2. tests/bench/bench_kpi.py times a year of every KPI over the aggregates (KPI_RAW=1: also
#     over the raw tables, as before) against a plain sale_order GROUP BY, and checks that
#     the planted patterns are found.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SCANS="${KPI_SCANS:-}"
DB="${KPI_DB:-pickup_kpi${SCANS:+_$SCANS}}"
LABEL="${KPI_LABEL:-gen2026}"
find_odoo || die "No Odoo 18.0 found: put the 'odoo' command on PATH or pass ODOO=/path/to/odoo-bin."
ensure_pg
if ! psql -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    say "Creating $DB with the addons and demo data (a few minutes) ..."
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -i "$ADDONS" \
        --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 \
        || die "Creating $DB failed; run: $ODOO_BIN -d $DB -i $ADDONS --stop-after-init"
fi
# The aggregates' tables come with pickup_kpi: an older database gets them here.
if [ "$(psql -d "$DB" -Atc "select to_regclass('pickup_kpi_daily') is null")" = t ]; then
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -u pickup_kpi \
        --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 \
        || die "Upgrading pickup_kpi in $DB failed"
fi
manifest="$(psql -d "$DB" -Atc "select value::json->>'attempts' from ir_config_parameter where key = 'pickup_code.generated_history.$LABEL'")"
if [ -z "$manifest" ] || [ -n "${KPI_REGENERATE:-}" ] || { [ -n "$SCANS" ] && [ "$manifest" != "$SCANS" ]; }; then
    say "Generating the campaign history '$LABEL' in $DB ..."
    start=$(date +%s)
    # shellcheck disable=SC2086
    ODOO_RC="$PICKUP_CONF" "$ODOO_PY" "$ROOT/data/generate_history.py" --db "$DB" \
        --label "$LABEL" ${SCANS:+--scans "$SCANS"} --odoo-bin "$ODOO_BIN" \
        --addons-path "$(odoo_addons_path)" ${KPI_GEN_ARGS:-}
    say "generation: $(( $(date +%s) - start )) s; database $DB: $(psql -d "$DB" -Atc "select pg_size_pretty(pg_database_size('$DB'))")"
else
    say "History '$LABEL' already in $DB ($manifest scans); KPI_REGENERATE=1 to make it again."
fi
say ""
say "== The dashboard through Odoo =="
# shellcheck disable=SC2046
$ODOO_BIN shell $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" --no-http \
    --log-level=warn < "$ROOT/tests/bench/bench_kpi_odoo.py" 2>&1 | grep -v "security risk"
say ""
say "== A year of KPIs in SQL, and the planted patterns =="
"$ODOO_PY" "$ROOT/tests/bench/bench_kpi.py" --db "$DB" --label "$LABEL" ${KPI_RAW:+--raw}
