# Shared helpers for run.sh and test.sh: find Odoo, reach PostgreSQL, say what is missing.
# Sourced, never executed. Every failure is one sentence with the fix, never a traceback.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
# The product's addons (what a seller installs; the compatibility stage installs exactly these)
# and, for make run / make test, the demo story that can be paid (l10n_tw + payment_demo) and
# the web shop's Click & Collect glue (it brings website_sale; the compatibility stage gets it
# anyway: it installs website_sale_collect, and the glue installs itself with it).
PRODUCT_ADDONS="pickup_code,stock_pickup_bridge,dropship_connectors,pickup_product_expiry,pickup_passkey,pickup_counter_ocr,pickup_perishable,pickup_kpi,pickup_kpi_perishable,pickup_pay_at_point,pickup_slot"
ADDONS="$PRODUCT_ADDONS,pickup_demo_payment,pickup_website_sale_collect"

say()  { printf '%s\n' "$*"; }
loud() { printf '\n*** %s ***\n\n' "$*"; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# find_odoo: sets ODOO_BIN (a command) and ODOO_PY (its interpreter), or returns 1.
# Order: $ODOO (path to odoo-bin or an odoo command), `odoo` on PATH, `python3 -c 'import odoo'`.
find_odoo() {
    local cand=""
    if [ -n "${ODOO:-}" ]; then
        if [ -d "$ODOO" ] && [ -x "$ODOO/odoo-bin" ]; then cand="$ODOO/odoo-bin"; else cand="$ODOO"; fi
        [ -x "$cand" ] || { say "ODOO=$ODOO is not an executable odoo-bin."; return 1; }
    elif command -v odoo >/dev/null 2>&1; then
        cand="$(command -v odoo)"
    elif command -v odoo-bin >/dev/null 2>&1; then
        cand="$(command -v odoo-bin)"
    fi
    if [ -n "$cand" ]; then
        ODOO_BIN="$cand"
        local shebang
        shebang="$(head -1 "$cand" | sed -n 's/^#![[:space:]]*//p')"
        case "$shebang" in
            */env\ *) ODOO_PY="$(command -v "${shebang##* }")" ;;
            "") ODOO_PY="$(command -v python3)" ;;
            *) ODOO_PY="${shebang%% *}" ;;
        esac
    elif python3 -c 'import odoo' >/dev/null 2>&1; then
        ODOO_PY="$(command -v python3)"
        ODOO_BIN="$ODOO_PY -m odoo"
    elif [ -x "$LOCAL/odoo-venv/bin/odoo" ] && [ -f "$LOCAL/.odoo-ready" ]; then
        # Set up by scripts/bootstrap_odoo.sh; any Odoo of the user's comes first.
        ODOO_BIN="$LOCAL/odoo-venv/bin/odoo"
        ODOO_PY="$LOCAL/odoo-venv/bin/python"
    else
        return 1
    fi
    local version
    version="$($ODOO_PY -c 'import odoo.release as r; print(r.major_version)' 2>/dev/null)" || {
        say "Found $ODOO_BIN but its Python ($ODOO_PY) cannot import odoo."; return 1; }
    [ "$version" = "18.0" ] || { say "Found Odoo $version at $ODOO_BIN; these addons need 18.0."; return 1; }
    export ODOO_BIN ODOO_PY
}

# ensure_odoo: find_odoo, else the Odoo that scripts/bootstrap_odoo.sh set up in .local/, else
# set one up (it asks once, or proceeds with ODOO_AUTO=1). An Odoo of the user's is preferred.
ensure_odoo() {
    find_odoo >/dev/null 2>&1 && { find_odoo; return 0; }
    [ -z "${ODOO:-}" ] || { find_odoo; return 1; }  # the user named one: never replace it
    bash "$ROOT/scripts/bootstrap_odoo.sh" || return 1
    find_odoo
}

# ensure_python_deps: install requirements.txt into Odoo's interpreter when something is missing.
ensure_python_deps() {
    if ! "$ODOO_PY" -c 'import qrcode, png, pyotp, phonenumbers' >/dev/null 2>&1; then
        say "Installing the addons' Python dependencies into $ODOO_PY ..."
        "$ODOO_PY" -m pip install -q -r "$ROOT/requirements.txt" \
            || die "Could not install requirements.txt into $ODOO_PY; install it by hand: $ODOO_PY -m pip install -r requirements.txt"
    fi
    # The tier-2 QR tests decode screenshots and e-mail images with zxing-cpp (the decoder
    # Odoo's barcode scanner falls back on); without it they are skipped, loudly.
    if ! "$ODOO_PY" -c 'import zxingcpp' >/dev/null 2>&1; then
        local zxing
        zxing="$(grep -E '^zxing-cpp' "$ROOT/requirements-test.txt" | sed 's/ *#.*//')"
        say "Installing the QR decoder ($zxing) into $ODOO_PY for the tier-2 tests ..."
        "$ODOO_PY" -m pip install -q "$zxing" \
            || loud "Could not install $zxing into $ODOO_PY: the tier-2 QR decoding tests will be skipped."
    fi
}

# ensure_pytest_odoo: pytest-odoo (pinned in requirements-tier2.txt) in $PYTEST_ODOO_DIR, put on
# PYTHONPATH by the tier-2 run only. Installed into Odoo's Python, its pytest11 entry point would
# start Odoo in every pytest run of that interpreter (plain tier-1 runs included).
PYTEST_ODOO_DIR="$LOCAL/pytest-odoo"
ensure_pytest_odoo() {
    local req="$ROOT/requirements-tier2.txt"
    if ! cmp -s "$req" "$PYTEST_ODOO_DIR/requirements-tier2.txt"; then
        say "Installing pytest-odoo ($(grep -E '^pytest-odoo' "$req")) into $PYTEST_ODOO_DIR ..."
        rm -rf "$PYTEST_ODOO_DIR"
        "$ODOO_PY" -m pip install -q --no-deps --target "$PYTEST_ODOO_DIR" -r "$req" || return 1
        cp "$req" "$PYTEST_ODOO_DIR/"
    fi
    # pytest itself from Odoo's Python when it has one (pytest-odoo needs pytest >= 8).
    if ! PYTHONPATH="$PYTEST_ODOO_DIR" "$ODOO_PY" -c \
        'import pytest, sys; sys.exit(int(pytest.__version__.split(".")[0]) < 8)' 2>/dev/null; then
        "$ODOO_PY" -m pip install -q --target "$PYTEST_ODOO_DIR" 'pytest>=8' || return 1
    fi
}

pg_ready() { pg_isready -q -h "${PGHOST:-}" ${PGPORT:+-p "$PGPORT"} >/dev/null 2>&1; }

# ensure_pg: exports PGHOST/PGPORT/PGUSER for a reachable server, starting one when needed.
ensure_pg() {
    command -v pg_isready >/dev/null 2>&1 || die "PostgreSQL client tools are missing; install them: apt-get install postgresql"
    # 1. The user's own settings.
    if [ -n "${PGHOST:-}${PGPORT:-}" ] && pg_ready && psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        return 0
    fi
    # 2. The system cluster (Debian's pg_ctlcluster), with a role for the current user.
    if [ "$(id -u)" = 0 ] && command -v pg_lsclusters >/dev/null 2>&1; then
        local line ver name port status
        line="$(pg_lsclusters -h 2>/dev/null | head -1)"
        if [ -n "$line" ]; then
            read -r ver name port status _ <<<"$line"
            if [ "$status" != "online" ]; then
                pg_ctlcluster "$ver" "$name" start >/dev/null 2>&1 || true
            fi
            export PGHOST=/var/run/postgresql PGPORT="$port"
            for _ in $(seq 1 20); do pg_ready && break; sleep 0.5; done
            if pg_ready; then
                runuser -u postgres -- psql -p "$port" -qAtc \
                    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='$(id -un)')
                     THEN CREATE ROLE \"$(id -un)\" SUPERUSER LOGIN; END IF; END\$\$;" >/dev/null 2>&1
                export PGUSER="$(id -un)"
                psql -d postgres -Atc 'select 1' >/dev/null 2>&1 && return 0
            fi
            unset PGHOST PGPORT PGUSER
        fi
    fi
    # 3. A private cluster in .local/pg (ignored by git), for non-root users.
    local bindir
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -n "$bindir" ] || die "No PostgreSQL server found; install one (apt-get install postgresql) or set PGHOST/PGPORT."
    [ "$(id -u)" != 0 ] || die "Could not start the system PostgreSQL cluster; start it (pg_ctlcluster 15 main start) or set PGHOST/PGPORT."
    local data="$LOCAL/pg"
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        "$bindir/initdb" -D "$data" -A trust -U "$(id -un)" >/dev/null || die "initdb failed in $data."
    fi
    export PGHOST="$data" PGPORT=54329 PGUSER="$(id -un)"
    if ! pg_ready; then
        "$bindir/pg_ctl" -D "$data" -l "$LOCAL/pg.log" -w \
            -o "-k $data -p $PGPORT -c listen_addresses=''" start >/dev/null \
            || die "The private PostgreSQL in $data did not start; see $LOCAL/pg.log."
    fi
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT.
port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port: print an unused loopback port.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The project's Odoo config file: it holds the server pepper, out of the database (a dump
# without it re-derives no code). Created once, readable by this user only.
PICKUP_CONF="${PICKUP_CONF:-$ROOT/.local/odoo.conf}"
ensure_pickup_conf() {
    grep -q '^pickup_code_pepper *= *[0-9a-f]\{64\}' "$PICKUP_CONF" 2>/dev/null && return 0
    mkdir -p "$(dirname "$PICKUP_CONF")"
    (umask 077 && printf '[options]\n# Server pepper of pickup_code: keep it secret, back it up apart from the database.\npickup_code_pepper = %s\n' \
        "$(python3 -c 'import secrets; print(secrets.token_hex(32))')" > "$PICKUP_CONF")
    say "Wrote the server pepper to $PICKUP_CONF (kept out of the database)."
}

# check_db_pepper DB: a database made before the pepper moved to the config file keeps its
# own in a system parameter; its codes only verify with that one, so say so instead of
# serving codes that silently fail.
check_db_pepper() {
    local old
    old="$(psql -d "$1" -Atc "SELECT value FROM ir_config_parameter WHERE key = 'pickup_code.pepper'" 2>/dev/null || true)"
    if [ -n "$old" ]; then
        loud "Database $1 keeps its pepper in the database (made before it moved to $PICKUP_CONF): its codes will not verify. Start over with: dropdb $1"
    fi
}

odoo_db_args() {
    ensure_pickup_conf >&2
    printf -- '-c %s --db_host=%s --db_port=%s --db_user=%s' "$PICKUP_CONF" "${PGHOST}" "${PGPORT}" "${PGUSER}"
}

# odoo_addons_path: Odoo's own addons path (from its config or defaults) plus this project.
odoo_addons_path() {
    local base
    base="$("$ODOO_PY" -c 'import odoo; odoo.tools.config.parse_config([]); print(odoo.tools.config["addons_path"])' 2>/dev/null)"
    printf '%s,%s' "$base" "$ROOT"
}

# prepare_demo_db DB: Odoo, PostgreSQL and the database made by `make run`, upgraded to the
# current code (for the benchmark and load scripts).
prepare_demo_db() {
    local db="$1"
    ensure_odoo || die "No Odoo 18.0 found: put the 'odoo' command on PATH, pass ODOO=/path/to/odoo-bin, or run with ODOO_AUTO=1 to set one up in .local/."
    ensure_pg
    psql -d postgres -Atc "select 1 from pg_database where datname='$db'" | grep -q 1 \
        || die "Database $db does not exist; run 'make run' once (or set PICKUP_DB)."
    say "Upgrading the addons in $db so that the current code runs ..."
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$db" --addons-path="$(odoo_addons_path)" -u "$ADDONS" \
        --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 \
        || die "Upgrading $db failed; run 'make run' to see why."
}
