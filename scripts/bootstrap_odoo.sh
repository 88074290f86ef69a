#!/usr/bin/env bash
# Set up Odoo 18.0 Community inside .local/ when none is installed (make run / make test call
# it through lib.sh's ensure_odoo; run it alone to prepare a machine).
#
#   ODOO_SRC     git URL or local path of an Odoo tree (default: Odoo's official repository)
#   ODOO_BRANCH  branch to clone (default 18.0)
#   ODOO_AUTO=1  proceed without asking (CI); otherwise asks once on a terminal
#
# Idempotent and resumable: each step leaves a mark in .local/ and is skipped when its mark
# is there; a step cut short starts again cleanly. Odoo's code stays in .local/ (git-ignored).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

SRC="${ODOO_SRC:-https://github.com/odoo/odoo.git}"
BRANCH="${ODOO_BRANCH:-18.0}"
TREE="$LOCAL/odoo"
VENV="$LOCAL/odoo-venv"
LOG="$LOCAL/bootstrap.log"
mkdir -p "$LOCAL"

step() { say "[bootstrap $1/5] $2"; }
fail() { loud "ODOO BOOTSTRAP FAILED: $*"; exit 1; }

# A local directory is cloned through file:// so that --depth works.
url="$SRC"
[ -d "$SRC" ] && url="file://$(cd "$SRC" && pwd)"

if [ ! -x "$VENV/bin/odoo" ] || [ ! -f "$LOCAL/.odoo-ready" ]; then
    command -v git >/dev/null 2>&1 || fail "git is missing; install it (apt-get install git)."
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 \
        || fail "Python's venv is missing; install it (apt-get install python3-venv)."
    if [ ! -d "$TREE/.git" ]; then
        if ! timeout 60 git ls-remote --exit-code --heads "$url" "$BRANCH" >/dev/null 2>&1; then
            fail "the Odoo source $SRC (branch $BRANCH) cannot be reached; set ODOO_SRC to a reachable mirror or a local clone."
        fi
        if [ -z "${ODOO_AUTO:-}" ] || [ "${ODOO_AUTO}" = 0 ]; then
            if [ -t 0 ]; then
                read -r -p "No Odoo 18.0 found. Set one up in .local/ from $SRC (about 5 minutes, 1 GB)? [y/N] " answer
                case "$answer" in [yY]*) ;; *) fail "not set up (answer was no); install Odoo 18.0 or pass ODOO=/path/to/odoo-bin." ;; esac
            else
                fail "no Odoo 18.0 found and nobody to ask; run with ODOO_AUTO=1 to set one up from $SRC."
            fi
        fi
        step 1 "Cloning Odoo $BRANCH from $SRC (shallow) ..."
        rm -rf "$TREE.part"
        git clone --quiet --depth 1 --single-branch --branch "$BRANCH" "$url" "$TREE.part" >>"$LOG" 2>&1 \
            || fail "git clone of $SRC failed (see $LOG)."
        mv "$TREE.part" "$TREE"
    else
        step 1 "Odoo source already in $TREE"
    fi
    version="$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$TREE/odoo/release.py")"
    [ "$version" = "18.0" ] || fail "$SRC holds Odoo $version, not 18.0; set ODOO_BRANCH or ODOO_SRC."

    if [ ! -x "$VENV/bin/python" ]; then
        step 2 "Creating a virtual environment in $VENV ..."
        rm -rf "$VENV"
        python3 -m venv "$VENV" >>"$LOG" 2>&1 || fail "python3 -m venv failed (see $LOG)."
        "$VENV/bin/python" -m pip install -q -U pip wheel setuptools >>"$LOG" 2>&1 \
            || fail "could not update pip in $VENV (no network to PyPI?); see $LOG."
    else
        step 2 "Virtual environment already in $VENV"
    fi

    req="$LOCAL/odoo-requirements.txt"
    python3 "$ROOT/scripts/odoo_requirements.py" "$TREE/requirements.txt" \
        "$ROOT/scripts/odoo-constraints.txt" > "$req"
    stamp="$(cat "$req" "$ROOT/requirements.txt" | sha1sum | cut -c1-12)"
    if [ "$(cat "$LOCAL/.odoo-requirements" 2>/dev/null)" != "$stamp" ]; then
        step 3 "Installing Odoo's requirements (with scripts/odoo-constraints.txt) ..."
        if ! "$VENV/bin/python" -m pip install --progress-bar off -r "$req" >>"$LOG" 2>&1; then
            if grep -qE "pg_config executable not found|libpq-fe.h" "$LOG"; then
                fail "psycopg2 needs PostgreSQL's headers to build; install them (apt-get install libpq-dev)."
            elif grep -qE "command '(x86_64-linux-gnu-)?gcc' failed|error: command .*cc|No such file or directory: 'cc'|Python.h" "$LOG"; then
                fail "a requirement has no wheel for this Python and no compiler can build it; install one (apt-get install build-essential python3-dev)."
            fi
            fail "installing Odoo's requirements failed (no network to PyPI?); see $LOG."
        fi
        "$VENV/bin/python" -m pip install -q websocket-client -r "$ROOT/requirements.txt" >>"$LOG" 2>&1 \
            || fail "installing websocket-client and the addons' requirements failed; see $LOG."
        echo "$stamp" > "$LOCAL/.odoo-requirements"
    else
        step 3 "Requirements already installed"
    fi

    if [ ! -x "$VENV/bin/odoo" ]; then
        step 4 "Installing the odoo command into $VENV ..."
        "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e "$TREE" >>"$LOG" 2>&1 \
            || fail "pip install -e $TREE failed; see $LOG."
    else
        step 4 "odoo command already in $VENV/bin"
    fi
    "$VENV/bin/python" -c 'import odoo.release as r; assert r.major_version == "18.0"' >>"$LOG" 2>&1 \
        || fail "the Odoo in $VENV does not import; see $LOG."
    touch "$LOCAL/.odoo-ready"
fi
step 5 "Odoo 18.0 ready: $VENV/bin/odoo"
