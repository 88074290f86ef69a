#!/usr/bin/env bash
# make test: tier 1 (no Odoo) then tier 2 (real Odoo + PostgreSQL), one summary line at the end.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$LOCAL/results"
RES="$LOCAL/results"
rm -f "$RES"/*
SKIPS=()

# ---------------------------------------------------------------- tier 1
say "== Tier 1: pure rules and static checks (no Odoo)"
if ! python3 -c 'import pytest, hypothesis, qrcode, png, pyotp, phonenumbers, cryptography, ruff, jsonschema, psycopg2, schemathesis, pre_commit, pylint_odoo, oca_pre_commit_hooks, docutils' 2>/dev/null; then
    python3 -m pip install -q -r "$ROOT/requirements-test.txt" \
        || die "Could not install requirements-test.txt for tier 1; run: python3 -m pip install -r requirements-test.txt"
fi
(cd "$ROOT" && python3 -m pytest tests -q -p no:cacheprovider \
    --ignore=tests/e2e --ignore=tests/bench --junitxml="$RES/tier1.xml")
T1=$?
(cd "$ROOT" && python3 -m ruff check . && say "ruff: clean") > "$RES/ruff.txt" 2>&1
RUFF=$?
cat "$RES/ruff.txt"
python3 "$ROOT/scripts/count_results.py" junit "$RES/tier1.xml" tier1 > "$RES/tier1.count"
[ $RUFF -eq 0 ] && echo "1 0 0" > "$RES/ruff.count" || echo "0 1 0" > "$RES/ruff.count"
# OCA's checks (.pre-commit-config.yaml: ruff, pylint-odoo, module and .po checks, README.rst),
# one counted check like ruff. Needs the git work tree pre-commit reads the files from.
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$ROOT" && python3 -m pre_commit run --all-files --show-diff-on-failure) > "$RES/precommit.txt" 2>&1
    PRECOMMIT=$?
    grep -E "Passed|Failed|Skipped" "$RES/precommit.txt"
    [ $PRECOMMIT -eq 0 ] && echo "1 0 0" > "$RES/precommit.count" \
        || { tail -40 "$RES/precommit.txt"; echo "0 1 0" > "$RES/precommit.count"; }
else
    SKIPS+=("pre-commit: not a git work tree")
fi

# ---------------------------------------------------------------- tier 2
if [ "${1:-}" = "--tier1-only" ]; then
    SKIPS+=("tier 2: asked for tier 1 only")
elif ! ensure_odoo; then
    loud "TIER 2 SKIPPED: no Odoo 18.0 found (put 'odoo' on PATH, pass ODOO=/path/to/odoo-bin, or ODOO_AUTO=1 with a reachable ODOO_SRC)"
    SKIPS+=("tier 2: no Odoo 18.0 found")
else
    find_odoo
    say "== Tier 2: real Odoo ($ODOO_BIN) on real PostgreSQL"
    ensure_python_deps
    # Optional ID-card OCR (Tesseract + pytesseract): its tests skip without it.
    if [ -n "${WITH_OCR:-}" ] && [ "${WITH_OCR}" != 0 ]; then
        bash "$ROOT/scripts/install_ocr.sh" || say "Could not set up OCR; its tests will be skipped."
    fi
    ensure_pg
    # Browser tours need Chromium and websocket-client; Odoo silently skips tours without them.
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
        && ! command -v google-chrome >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "Installing Debian's chromium for the browser tours ..."
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
                >"$RES/apt.log" 2>&1 || say "Could not install chromium (see $RES/apt.log)."
        fi
    fi
    "$ODOO_PY" -c 'import websocket' 2>/dev/null || "$ODOO_PY" -m pip install -q websocket-client \
        || say "Could not install websocket-client into $ODOO_PY."

    DB="pickup_test_$$"
    HTTP_PORT="$(free_port)"
    # Our addons' tests run in Odoo's own test runner (pytest-odoo 2.x was tried: it does not
    # put Odoo 18 in test mode the way Odoo's runner does, and e-mail tests then differ).
    say "Installing the addons with demo data into a fresh database $DB and running their tests ..."
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -i "$ADDONS" \
        --test-enable --test-tags="$(printf '%s' "$ADDONS" | tr ',' '\n' | sed 's|^|/|' | paste -sd, -)" \
        --stop-after-init --http-interface=127.0.0.1 --http-port="$HTTP_PORT" \
        --log-level=test --max-cron-threads=0 > "$RES/odoo_tests.log" 2>&1
    grep -E "(FAIL|ERROR):|failed, .* error\(s\) of" "$RES/odoo_tests.log" | tail -40
    python3 "$ROOT/scripts/count_results.py" odoo "$RES/odoo_tests.log" tier2 > "$RES/tier2.count"

    # End-to-end over HTTP against a real multi-worker server (true concurrency).
    E2E_PORT="$(free_port)"
    say "Starting Odoo with 2 workers on 127.0.0.1:$E2E_PORT for the end-to-end suite ..."
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$DB" --db-filter="^$DB\$" --addons-path="$(odoo_addons_path)" \
        --http-interface=127.0.0.1 --http-port="$E2E_PORT" --workers=2 --max-cron-threads=0 \
        --gevent-port="$(free_port)" --limit-time-real=120 > "$RES/odoo_e2e_server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$E2E_PORT/web/health" >/dev/null 2>&1 && break; sleep 1
    done
    # The fault suite (tests/e2e/test_fault_*.py) starts and SIGKILLs an Odoo of its own on
    # the same database, reads this server's log for serialization retries, and writes the
    # figures it measured to faults.txt.
    PICKUP_URL="http://127.0.0.1:$E2E_PORT" PICKUP_DB="$DB" PICKUP_ODOO_BIN="$ODOO_BIN" \
        PICKUP_CONF="$PICKUP_CONF" \
        PICKUP_ADDONS_PATH="$(odoo_addons_path)" PICKUP_SERVER_LOG="$RES/odoo_e2e_server.log" \
        PICKUP_FAULT_FIGURES="$RES/faults.txt" \
        python3 -m pytest "$ROOT/tests/e2e" -q -p no:cacheprovider --junitxml="$RES/e2e.xml"
    kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null
    [ -f "$RES/faults.txt" ] && { say "Fault suite figures:"; sed 's/^/  /' "$RES/faults.txt"; }
    python3 "$ROOT/scripts/count_results.py" junit "$RES/e2e.xml" e2e > "$RES/e2e.count"
    [ -n "${KEEP_DB:-}" ] || dropdb --if-exists "$DB" >/dev/null 2>&1

    # Odoo's own tests of the modules we extend, without and with our addons.
    if [ "${COMPAT:-1}" != 0 ]; then
        bash "$ROOT/scripts/compat.sh"
    else
        SKIPS+=("compatibility stage: COMPAT=0")
    fi
fi

# ---------------------------------------------------------------- summary
python3 "$ROOT/scripts/count_results.py" summary "$RES" "${SKIPS[@]}"
