#!/usr/bin/env bash
# make load: start Odoo with 4 workers on loopback against pickup_demo (made by `make run`),
# run tests/bench/load_counters.py for a bounded time, stop the server.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB="${PICKUP_DB:-pickup_demo}"
prepare_demo_db "$DB"
PORT="$(free_port)"
# LOAD_TRANSFER_TIMING=batch: hand-overs leave the transfers to the validation cron, which
# then needs a cron worker (the other crons stay idle: nothing else is due during a run).
CRON_THREADS=0
[ "${LOAD_TRANSFER_TIMING:-}" = batch ] && CRON_THREADS=1
mkdir -p "$LOCAL"
# shellcheck disable=SC2046
$ODOO_BIN $(odoo_db_args) -d "$DB" --db-filter="^$DB\$" --addons-path="$(odoo_addons_path)" \
    --http-interface=127.0.0.1 --http-port="$PORT" --gevent-port="$(free_port)" \
    --workers="${LOAD_WORKERS:-4}" --max-cron-threads="$CRON_THREADS" --limit-time-real=300 \
    --log-level=warn > "$LOCAL/load_server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/web/health" >/dev/null 2>&1 && break; sleep 1; done
python3 "$ROOT/tests/bench/load_counters.py" --url "http://127.0.0.1:$PORT" --db "$DB" \
    --codes "${LOAD_CODES:-200}" --counters "${LOAD_COUNTERS:-12}" --seconds "${LOAD_SECONDS:-30}" \
    --think "${LOAD_THINK:-0}" \
    $( [ "${LOAD_SINGLE_PRODUCT:-0}" = 1 ] && echo --single-product) \
    $( [ -n "${LOAD_TRANSFER_TIMING:-}" ] && echo --transfer-timing "$LOAD_TRANSFER_TIMING")
