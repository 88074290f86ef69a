#!/usr/bin/env bash
# make bench-kpi: time the KPI queries over a generated campaign history.
# Uses database KPI_DB (default pickup_kpi; created with the addons and demo data when missing)
# and run label KPI_LABEL (default gen2026). The history is generated once per label with
# data/generate_history.py (KPI_GEN_ARGS passes options, e.g. "--orders 20000 --attempts
# 100000"); KPI_REGENERATE=1 generates it again. Then tests/bench/bench_kpi.py prints each
# query's time, the dashboard total against a plain sale_order GROUP BY, and whether the
# planted patterns are found.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB="${KPI_DB:-pickup_kpi}"
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
present="$(psql -d "$DB" -Atc "select count(*) from sale_order where client_order_ref = 'GEN:$LABEL'")"
if [ "$present" = 0 ] || [ -n "${KPI_REGENERATE:-}" ]; then
    say "Generating the campaign history '$LABEL' in $DB ..."
    # shellcheck disable=SC2086
    "$ODOO_PY" "$ROOT/data/generate_history.py" --db "$DB" --label "$LABEL" \
        --odoo-bin "$ODOO_BIN" --addons-path "$(odoo_addons_path)" ${KPI_GEN_ARGS:-}
else
    say "History '$LABEL' already in $DB ($present orders); KPI_REGENERATE=1 to make it again."
fi
"$ODOO_PY" "$ROOT/tests/bench/bench_kpi.py" --db "$DB" --label "$LABEL"
