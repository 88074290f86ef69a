#!/usr/bin/env bash
# make bench-sms: run tests/bench/bench_sms.py in `odoo shell` on a database with the addons
# and demo data (default pickup_demo, made by `make run`; PICKUP_DB=... to choose): the real
# SMS templates rendered for a demo order, characters and segments per message and per order.
# Everything is rolled back. SKIP_UPGRADE=1 when `make bench` has just upgraded the database.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB="${PICKUP_DB:-pickup_demo}"
if [ "${SKIP_UPGRADE:-0}" = 1 ]; then
    ensure_odoo || die "No Odoo 18.0 found."
    ensure_pg
else
    prepare_demo_db "$DB"
fi
# shellcheck disable=SC2046
$ODOO_BIN shell $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" --no-http \
    --log-level=warn < "$ROOT/tests/bench/bench_sms.py"
