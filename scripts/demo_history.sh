#!/usr/bin/env bash
# make demo-history: 90 days of pickups, scans, disputes and anomalies at the demo points TPE
# and TXG (run label "demo", data/generate_history.py --demo), so that the KPI dashboard shows
# cards, trends, outlier days and breakdowns. Set-based (COPY), idempotent: a second run
# replaces the first one's rows. `make run` does it once when it creates the database.
# PICKUP_DB= names the database (default pickup_demo); DEMO_HISTORY_ARGS= passes options.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB="${PICKUP_DB:-pickup_demo}"
find_odoo || die "No Odoo 18.0 found: put the 'odoo' command on PATH or pass ODOO=/path/to/odoo-bin."
ensure_pg
psql -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1 \
    || die "No database $DB: run 'make run' first (it creates it with the demo data)."
ensure_pickup_conf
# The generator's `odoo shell` step reads the server pepper's config file from ODOO_RC.
# shellcheck disable=SC2086
ODOO_RC="$PICKUP_CONF" "$ODOO_PY" "$ROOT/data/generate_history.py" --db "$DB" --demo \
    --odoo-bin "$ODOO_BIN" --addons-path "$(odoo_addons_path)" ${DEMO_HISTORY_ARGS:-}
