#!/usr/bin/env bash
# make test: tier 1 (no Odoo) then tier 2 (real Odoo + PostgreSQL), one summary line at the end.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$LOCAL/results"
RES="$LOCAL/results"
rm -f "$RES"/*
SKIPS=()

# tier2_pytest: install the addons with demo data into $DB (no tests), then run our addons' Odoo
# tests (TransactionCase, HttpCase, tours in Chromium) through pytest-odoo, so that tier 2 reports
# in pytest's terms (JUnit in tier2.xml). tests/tier2/odoo_test_mode.py puts the pytest process
# in Odoo 18's test mode the way Odoo's runner does (pytest-odoo 2.x leaves part of it out).
tier2_pytest() {
    say "Installing the addons with demo data into a fresh database $DB ..."
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -i "$ADDONS" \
        --stop-after-init --no-http --log-level=info --max-cron-threads=0 \
        > "$RES/odoo_install.log" 2>&1
    if [ $? -ne 0 ]; then
        grep -E " (ERROR|CRITICAL) " "$RES/odoo_install.log" | tail -20
        printf '0 1 0\n' > "$RES/tier2.count"
        say "Installing the addons into $DB failed (see $RES/odoo_install.log): tier 2 not run."
        return
    fi
    ensure_pytest_odoo || { printf '0 1 0\n' > "$RES/tier2.count"
        say "Could not install pytest-odoo into $PYTEST_ODOO_DIR: tier 2 not run."; return; }
    local dirs=() addon
    for addon in ${ADDONS//,/ }; do
        [ -d "$ROOT/$addon/tests" ] && dirs+=("$ROOT/$addon/tests")
    done
    say "== Tier 2: our addons' Odoo tests through pytest-odoo on $DB (Odoo's log: $RES/odoo_tests.log)"
    # Odoo's options as Odoo's runner has them (test mode, our tags, loopback HTTP for the tours,
    # no cron); Odoo logs to its own file, pytest keeps only warnings of it for a failure's report.
    (cd "$ROOT" && PYTHONPATH="$PYTEST_ODOO_DIR:$ROOT/tests/tier2${PYTHONPATH:+:$PYTHONPATH}" \
        "$ODOO_PY" -m pytest -p pytest_odoo -p odoo_test_mode -o log_level=WARNING -q -rfEs \
        --odoo-http --odoo-database="$DB" --odoo-config="$PICKUP_CONF" \
        --odoo-addons-path="$(odoo_addons_path)" --odoo-log-level=info \
        --odoo-extra "logfile=$RES/odoo_tests.log" --odoo-extra "db_host=$PGHOST" \
        --odoo-extra "db_port=$PGPORT" --odoo-extra "db_user=$PGUSER" \
        --odoo-extra max-cron-threads=0 --odoo-extra http-interface=127.0.0.1 \
        --odoo-extra test-enable --odoo-extra "test-tags=$TAGS" \
        --junitxml="$RES/tier2.xml" "${dirs[@]}") 2>&1 | tee "$RES/tier2.txt"
    # A tour that could not start Chromium is a skip, never a pass: say how many really ran.
    say "Chromium started by $(grep -E ': Chrome pid: ' "$RES/odoo_tests.log" | sed -E 's/.* ([^ ]+): Chrome pid.*/\1/' | sort -u | wc -l) tests; $(grep -c '\.browser: tour succeeded' "$RES/odoo_tests.log") tours succeeded."
    python3 "$ROOT/scripts/count_results.py" junit "$RES/tier2.xml" tier2 > "$RES/tier2.count"
}

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
    TAGS="$(printf '%s' "$ADDONS" | tr ',' '\n' | sed 's|^|/|' | paste -sd, -)"
    if [ "${TIER2_RUNNER:-pytest}" = odoo ]; then
        # Odoo's own runner (install and tests in one process, Odoo's log format).
        HTTP_PORT="$(free_port)"
        say "Installing the addons with demo data into a fresh database $DB and running their tests (Odoo's runner) ..."
        # shellcheck disable=SC2046
        $ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -i "$ADDONS" \
            --test-enable --test-tags="$TAGS" \
            --stop-after-init --http-interface=127.0.0.1 --http-port="$HTTP_PORT" \
            --log-level=test --max-cron-threads=0 > "$RES/odoo_tests.log" 2>&1
        grep -E "(FAIL|ERROR):|failed, .* error\(s\) of" "$RES/odoo_tests.log" | tail -40
        python3 "$ROOT/scripts/count_results.py" odoo "$RES/odoo_tests.log" tier2 > "$RES/tier2.count"
    else
        tier2_pytest
    fi

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
