#!/usr/bin/env bash
# Compatibility stage of `make test`: Odoo's own post-install tests of the modules our addons
# extend, on a database without our addons and on one with them, in parallel (one Odoo each).
# A test that fails only with our addons is our bug (scripts/compat_diff.py lists them).
#
# Post-install tests only: a module's at-install tests run while that module is installed,
# before our addons (which depend on it) are, so they are the same in both databases.
# COMPAT_MODULES overrides the module list; COMPAT=0 skips the stage.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
RES="$LOCAL/results"
mkdir -p "$RES"
find_odoo >/dev/null || die "No Odoo 18.0 found for the compatibility stage."
find_odoo
ensure_pg

MODULES="${COMPAT_MODULES:-sale_stock,purchase_stock,stock_dropshipping,stock_account,sale,website_sale_collect,sms,portal}"
TAGS="$(printf '%s' "$MODULES" | tr ',' '\n' | sed 's|^|post_install/|' | paste -sd, -)"

run_suite() {  # run_suite LABEL EXTRA_MODULES: install, run the tags, log to compat_LABEL.log
    local label="$1" extra="$2" db="compat_${1}_$$"
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$db" --addons-path="$(odoo_addons_path)" \
        -i "$MODULES${extra:+,$extra}" --test-enable --test-tags="$TAGS" \
        --stop-after-init --http-interface=127.0.0.1 --http-port="$(free_port)" \
        --gevent-port="$(free_port)" --log-level=test --max-cron-threads=0 \
        > "$RES/compat_$label.log" 2>&1
    [ -n "${KEEP_DB:-}" ] || dropdb --if-exists "$db" >/dev/null 2>&1
}

say "== Compatibility: Odoo's own post-install tests of $MODULES, without and with our addons"
start=$SECONDS
run_suite base "" &
BASE=$!
run_suite ours "$PRODUCT_ADDONS" &
OURS=$!
wait "$BASE" "$OURS"
say "compat: both runs took $((SECONDS - start)) s (logs: $RES/compat_base.log, $RES/compat_ours.log)"
python3 "$ROOT/scripts/compat_diff.py" "$RES/compat_base.log" "$RES/compat_ours.log" \
    "$RES/compat.count" | tee "$RES/compat.txt"
