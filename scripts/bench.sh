#!/usr/bin/env bash
# make bench: run tests/bench/bench_pickup.py in `odoo shell` on a database with the addons
# (default pickup_demo, made by `make run`; PICKUP_DB=... to choose). Everything is rolled back.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB="${PICKUP_DB:-pickup_demo}"
find_odoo || die "No Odoo 18.0 found: put the 'odoo' command on PATH or pass ODOO=/path/to/odoo-bin."
ensure_pg
psql -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1 \
    || die "Database $DB does not exist; run 'make run' once (or set PICKUP_DB)."
say "Upgrading the addons in $DB so that the benchmark runs the current code ..."
# shellcheck disable=SC2046
$ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -u "$ADDONS" \
    --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 \
    || die "Upgrading $DB failed; run 'make run' to see why."
# shellcheck disable=SC2046
$ODOO_BIN shell $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" --no-http \
    --log-level=warn < "$ROOT/tests/bench/bench_pickup.py"
