#!/usr/bin/env bash
# make run: serve Odoo on 127.0.0.1:8069 with the three addons and the demo story.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DB="${PICKUP_DB:-pickup_demo}"
PORT="${PICKUP_PORT:-8069}"

ensure_odoo || die "No Odoo 18.0 found: put the 'odoo' command on PATH, run 'make run ODOO=/path/to/odoo-bin', or let make run set one up in .local/ (ODOO_AUTO=1 ODOO_SRC=<git URL or local clone>)."
ensure_python_deps
ensure_pg
port_free "$PORT" || die "Port $PORT is already in use; stop what listens there or run 'make run PICKUP_PORT=8070'."

if psql -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    say "Database $DB exists: upgrading the addons."
    check_db_pepper "$DB"
    MODE=(-u "$ADDONS")
    # -u skips addons that are not installed yet (e.g. one added since): install those.
    INSTALLED=",$(psql -d "$DB" -Atc "SELECT string_agg(name, ',') FROM ir_module_module
        WHERE state = 'installed'" 2>/dev/null || true),"
    NEW_ADDONS=""
    for addon in ${ADDONS//,/ }; do
        [[ "$INSTALLED" == *",$addon,"* ]] || NEW_ADDONS="${NEW_ADDONS:+$NEW_ADDONS,}$addon"
    done
    [ -z "$NEW_ADDONS" ] || MODE+=(-i "$NEW_ADDONS")
else
    say "Creating database $DB with the addons and demo data (a few minutes the first time)."
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -i "$ADDONS" \
        --stop-after-init --no-http \
        || die "Creating $DB failed (see above); start over with: dropdb $DB && make run"
    # 90 days of history at the demo points: the KPI dashboard has something to show.
    say "Filling 90 days of pickup history at TPE and TXG for the KPI dashboard ..."
    PICKUP_DB="$DB" bash "$ROOT/scripts/demo_history.sh" >/dev/null \
        || loud "The demo history was not generated: the KPI dashboard starts empty; run 'make demo-history' to see why."
    MODE=()
fi

cat <<MSG

  Odoo will serve http://127.0.0.1:$PORT/odoo  (database $DB)
  Demo logins (password = login):
    admin / admin            administrator
    pickup_manager           Pickup Manager (all points, KPIs)
    pickup_supervisor        Pickup Supervisor (unlock, approve; approval PIN 4826)
    counter_tpe              Counter Staff at TPE 台北取貨點
    counter_txg              Counter Staff at TXG 台中取貨點
    portal: buyer_lin / buyer_lin   (My pickups at /my/pickups)

MSG
# shellcheck disable=SC2046
exec $ODOO_BIN $(odoo_db_args) -d "$DB" --db-filter="^$DB\$" ${MODE[@]+"${MODE[@]}"} \
    --addons-path="$(odoo_addons_path)" \
    --http-interface=127.0.0.1 --http-port="$PORT"
