#!/usr/bin/env bash
# make bench: run tests/bench/bench_pickup.py in `odoo shell` on a database with the addons
# (default pickup_demo, made by `make run`; PICKUP_DB=... to choose). Everything is rolled back.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB="${PICKUP_DB:-pickup_demo}"
prepare_demo_db "$DB"
# shellcheck disable=SC2046
$ODOO_BIN shell $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" --no-http \
    --log-level=warn < "$ROOT/tests/bench/bench_pickup.py"
# The SMS cost per order (same database, already upgraded).
SKIP_UPGRADE=1 bash "$(dirname "$0")/bench_sms.sh"
