#!/usr/bin/env bash
# make scale: Odoo's own way past one machine, on loopback (127.0.0.1 only), for a bounded time.
#   PostgreSQL primary + streaming replica (pg_basebackup -R) in .local/scale (Debian's
#   PostgreSQL 15 binaries; the system cluster is only read, to copy the demo database),
#   PgBouncer in front of the primary, two Odoo servers with workers (db_replica_host = the
#   replica, proxy_mode, the project's odoo.conf so the pepper is shared) behind nginx,
#   tests/bench/load_counters.py against nginx, then one figures block: throughput, latency,
#   exactly-once across the servers (SQL), what the replica served, replica lag, conflicts.
# Everything it starts is stopped on exit (trap). Knobs: LOAD_SECONDS (60), LOAD_CODES (300),
# LOAD_COUNTERS (12), LOAD_READERS (2), LOAD_SINGLE_PRODUCT (0), LOAD_TRANSFER_TIMING (counter |
# batch: validate the transfers after the hand-overs, the first server runs the crons),
# SCALE_WORKERS (2 per server),
# PICKUP_DB (source database, pickup_demo; when missing the addons and demo data are installed
# on the private primary), SCALE_DB (pickup_scale), SCALE_UPGRADE (1: -u the addons first),
# SCALE_ADDONS_ROOT (the addons served, default this checkout), SCALE_POOL_MODE (transaction).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
SRC_DB="${PICKUP_DB:-pickup_demo}"
DB="${SCALE_DB:-pickup_scale}"
DIR="$LOCAL/scale"
WORKERS="${SCALE_WORKERS:-2}"
ADDONS_ROOT="$(cd "${SCALE_ADDONS_ROOT:-$ROOT}" && pwd)"
POOL_MODE="${SCALE_POOL_MODE:-transaction}"
HOST=127.0.0.1

ensure_odoo || die "No Odoo 18.0 found: put the 'odoo' command on PATH or pass ODOO=/path/to/odoo-bin."
ensure_python_deps
ensure_pg   # the system cluster: only read (pg_dump of the source database)
[ -x "$PGBIN/pg_ctl" ] || die "PostgreSQL server binaries not found in $PGBIN; apt-get install postgresql-15 or set PGBIN."
if ! command -v pgbouncer >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
        || die "pgbouncer and nginx are needed: apt-get install pgbouncer nginx-light"
    say "Installing Debian's pgbouncer and nginx ..."
    mkdir -p "$LOCAL"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer nginx-light) \
        >"$LOCAL/scale_apt.log" 2>&1 || die "Could not install pgbouncer/nginx (see $LOCAL/scale_apt.log)."
fi
PGBOUNCER="$(command -v pgbouncer)"
NGINX="$(command -v nginx)"

# PostgreSQL, PgBouncer and nginx refuse to run as root (or should not): as root they run as
# the postgres system user, in a directory it owns.
SVC_USER="$(id -un)"
if [ "$(id -u)" = 0 ]; then SVC_USER=postgres; fi
as_svc() { if [ "$(id -u)" = 0 ]; then runuser -u "$SVC_USER" -- "$@"; else "$@"; fi; }
DBUSER="$(id -un)"

PIDS=()
cleanup() {
    set +e
    [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null && wait "$SAMPLER" 2>/dev/null
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    done
    [ -f "$DIR/pgbouncer.pid" ] && kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null
    [ -f "$DIR/nginx/nginx.pid" ] && kill -QUIT "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null
    for node in replica primary; do
        [ -f "$DIR/$node/postmaster.pid" ] && as_svc "$PGBIN/pg_ctl" -D "$DIR/$node" -m fast -w stop >/dev/null 2>&1
    done
    [ -n "${FILESTORE:-}" ] && rm -rf "$FILESTORE"
    [ "${SCALE_KEEP:-0}" = 1 ] || rm -rf "$DIR/primary" "$DIR/replica"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port() { free_port; }
P_PRIMARY="$(port)"; P_REPLICA="$(port)"; P_BOUNCER="$(port)"; P_PROXY="$(port)"
P_ODOO=("$(port)" "$(port)"); P_GEVENT=("$(port)" "$(port)")

# --- the private primary ---------------------------------------------------------------------
rm -rf "$DIR"
mkdir -p "$DIR/sock" "$DIR/nginx"
[ "$(id -u)" = 0 ] && chown -R "$SVC_USER" "$DIR"
say "Starting a PostgreSQL primary on $HOST:$P_PRIMARY ($DIR/primary) ..."
as_svc "$PGBIN/initdb" -D "$DIR/primary" -A trust -U "$DBUSER" >"$DIR/initdb.log" 2>&1 \
    || die "initdb failed (see $DIR/initdb.log)."
cat >>"$DIR/primary/postgresql.conf" <<CONF
listen_addresses = '$HOST'
port = $P_PRIMARY
unix_socket_directories = '$DIR/sock'
wal_level = replica
max_wal_senders = 4
hot_standby = on
max_connections = 200
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
log_line_prefix = '%m [%p] %q%d '
CONF
as_svc "$PGBIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null \
    || die "The primary did not start (see $DIR/primary.log)."
PSQL_P=(psql -h "$HOST" -p "$P_PRIMARY" -U "$DBUSER" -v ON_ERROR_STOP=1 -qAt)

# --- the demo database on the primary ----------------------------------------------------------
ODOO_DIRECT=(-c "$PICKUP_CONF" --db_host="$HOST" --db_port="$P_PRIMARY" --db_user="$DBUSER"
             --addons-path="$("$ODOO_PY" -c 'import odoo; odoo.tools.config.parse_config([]); print(odoo.tools.config["addons_path"])'),$ADDONS_ROOT")
ensure_pickup_conf
DATA_DIR="$("$ODOO_PY" -c "import odoo; odoo.tools.config.parse_config(['-c', '$PICKUP_CONF']); print(odoo.tools.config['data_dir'])")"
FILESTORE="$DATA_DIR/filestore/$DB"
rm -rf "$FILESTORE"
if psql -d postgres -Atc "select 1 from pg_database where datname='$SRC_DB'" | grep -q 1; then
    say "Copying $SRC_DB (system cluster, read only) into $DB on the primary ..."
    "${PSQL_P[@]}" -d postgres -c "CREATE DATABASE \"$DB\""
    pg_dump --no-owner --no-acl -d "$SRC_DB" | "${PSQL_P[@]}" -d "$DB" >/dev/null \
        || die "Copying $SRC_DB failed."
    [ -d "$DATA_DIR/filestore/$SRC_DB" ] && cp -r "$DATA_DIR/filestore/$SRC_DB" "$FILESTORE"
    if [ "${SCALE_UPGRADE:-1}" = 1 ]; then
        say "Upgrading the addons in $DB so that the current code runs ..."
        # shellcheck disable=SC2086
        $ODOO_BIN "${ODOO_DIRECT[@]}" -d "$DB" -u "$ADDONS" --stop-after-init --no-http \
            --log-level=warn >"$DIR/upgrade.log" 2>&1 || die "Upgrading $DB failed (see $DIR/upgrade.log)."
    fi
else
    say "No database $SRC_DB: installing the addons and demo data into $DB on the primary (minutes) ..."
    # shellcheck disable=SC2086
    $ODOO_BIN "${ODOO_DIRECT[@]}" -d "$DB" -i "$ADDONS" --stop-after-init --no-http \
        --log-level=warn >"$DIR/install.log" 2>&1 || die "Installing into $DB failed (see $DIR/install.log)."
fi
"${PSQL_P[@]}" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

# --- the streaming replica ---------------------------------------------------------------------
say "Making a streaming replica with pg_basebackup -R on $HOST:$P_REPLICA ..."
as_svc "$PGBIN/pg_basebackup" -h "$HOST" -p "$P_PRIMARY" -U "$DBUSER" -D "$DIR/replica" -R \
    -X stream -c fast >"$DIR/basebackup.log" 2>&1 || die "pg_basebackup failed (see $DIR/basebackup.log)."
printf "port = %s\n" "$P_REPLICA" | as_svc tee -a "$DIR/replica/postgresql.auto.conf" >/dev/null
as_svc "$PGBIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w start >/dev/null \
    || die "The replica did not start (see $DIR/replica.log)."
PSQL_R=(psql -h "$HOST" -p "$P_REPLICA" -U "$DBUSER" -qAt -d "$DB")
[ "$("${PSQL_R[@]}" -c 'select pg_is_in_recovery()')" = t ] || die "The replica is not in recovery."

# --- PgBouncer in front of the primary ---------------------------------------------------------
printf '"%s" ""\n' "$DBUSER" >"$DIR/userlist.txt"
cat >"$DIR/pgbouncer.ini" <<INI
[databases]
* = host=$HOST port=$P_PRIMARY
[pgbouncer]
listen_addr = $HOST
listen_port = $P_BOUNCER
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
; Transactions, not sessions, hold a server connection: Odoo opens every transaction with its
; isolation level (BEGIN ISOLATION LEVEL ...), and the load uses no LISTEN (bus) connection.
pool_mode = $POOL_MODE
default_pool_size = 30
max_client_conn = 500
ignore_startup_parameters = extra_float_digits
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
admin_users = $DBUSER
INI
[ "$(id -u)" = 0 ] && chown "$SVC_USER" "$DIR"/pgbouncer.ini "$DIR"/userlist.txt
as_svc "$PGBOUNCER" -d "$DIR/pgbouncer.ini" >/dev/null 2>&1 || die "PgBouncer did not start (see $DIR/pgbouncer.log)."

# --- two Odoo servers behind nginx -------------------------------------------------------------
# LOAD_TRANSFER_TIMING=batch: the first server also runs the crons (the transfer validation).
CRON_THREADS=0
for i in 0 1; do
    [ "${LOAD_TRANSFER_TIMING:-}" = batch ] && [ "$i" = 0 ] && CRON_THREADS=1 || CRON_THREADS=0
    # shellcheck disable=SC2086
    $ODOO_BIN -c "$PICKUP_CONF" --db_host="$HOST" --db_port="$P_BOUNCER" --db_user="$DBUSER" \
        --db_replica_host="$HOST" --db_replica_port="$P_REPLICA" \
        --addons-path="${ODOO_DIRECT[-1]#--addons-path=}" -d "$DB" --db-filter="^$DB\$" \
        --http-interface="$HOST" --http-port="${P_ODOO[$i]}" --gevent-port="${P_GEVENT[$i]}" \
        --proxy-mode --workers="$WORKERS" --max-cron-threads="$CRON_THREADS" --limit-time-real=300 \
        --logfile="$DIR/odoo$((i + 1)).log" >"$DIR/odoo$((i + 1)).stderr" 2>&1 &
    PIDS+=("$!")
done
cat >"$DIR/nginx.conf" <<NGINX
# Odoo's documented proxy setup (Deploying Odoo > HTTPS / proxy_mode), on loopback, plain HTTP.
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    log_format upstream '\$upstream_addr \$status \$request_time "\$request"';
    access_log $DIR/nginx/access.log upstream;
    upstream odoo { server $HOST:${P_ODOO[0]}; server $HOST:${P_ODOO[1]}; }
    upstream odoochat { server $HOST:${P_GEVENT[0]}; server $HOST:${P_GEVENT[1]}; }
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    server {
        listen $HOST:$P_PROXY;
        proxy_read_timeout 720s;
        proxy_connect_timeout 720s;
        proxy_send_timeout 720s;
        client_max_body_size 64m;
        location /websocket {
            proxy_pass http://odoochat;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header X-Forwarded-Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Real-IP \$remote_addr;
        }
        location / {
            proxy_set_header X-Forwarded-Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Real-IP \$remote_addr;
            proxy_redirect off;
            proxy_pass http://odoo;
        }
    }
}
NGINX
[ "$(id -u)" = 0 ] && chown -R "$SVC_USER" "$DIR/nginx" "$DIR/nginx.conf"
as_svc "$NGINX" -c "$DIR/nginx.conf" -p "$DIR/nginx" -e "$DIR/nginx/error.log" \
    || die "nginx did not start (see $DIR/nginx/error.log)."
URL="http://$HOST:$P_PROXY"
for i in 0 1; do
    for _ in $(seq 1 180); do
        curl -fs "http://$HOST:${P_ODOO[$i]}/web/health" >/dev/null 2>&1 && break
        kill -0 "${PIDS[$i]}" 2>/dev/null || die "Odoo server $((i + 1)) stopped (see $DIR/odoo$((i + 1)).log)."
        sleep 1
    done
done
curl -fs "$URL/web/health" >/dev/null || die "nginx does not reach Odoo (see $DIR/nginx/error.log)."
say "Serving $URL: nginx -> 2 Odoo servers x $WORKERS workers -> PgBouncer ($POOL_MODE) -> primary; replica $HOST:$P_REPLICA."

# --- the load ----------------------------------------------------------------------------------
"${PSQL_R[@]}" -c "select pg_stat_statements_reset(); select pg_stat_reset()" >/dev/null
"${PSQL_P[@]}" -d "$DB" -c "select pg_stat_statements_reset()" >/dev/null
XACT0="$("${PSQL_R[@]}" -c "select xact_commit from pg_stat_database where datname = current_database()")"
T0="$("${PSQL_P[@]}" -d "$DB" -c "select now() at time zone 'UTC'")"
LOG_LINES0=()
for i in 1 2; do LOG_LINES0+=("$(wc -l <"$DIR/odoo$i.log")"); done
: >"$DIR/lag.txt"
(
    while :; do
        "${PSQL_P[@]}" -d "$DB" -F ' ' -c "select coalesce(extract(epoch from replay_lag) * 1000, 0)::int,
            pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint from pg_stat_replication" \
            >>"$DIR/lag.txt" 2>/dev/null
        sleep 1
    done
) &
SAMPLER=$!
LOAD_ARGS=(--url "$URL" --db "$DB" --codes "${LOAD_CODES:-300}" --counters "${LOAD_COUNTERS:-12}"
           --seconds "${LOAD_SECONDS:-60}" --readers "${LOAD_READERS:-2}")
[ "${LOAD_SINGLE_PRODUCT:-0}" = 1 ] && LOAD_ARGS+=(--single-product)
[ -n "${LOAD_TRANSFER_TIMING:-}" ] && LOAD_ARGS+=(--transfer-timing "$LOAD_TRANSFER_TIMING")
set +e
PICKUP_CONF="$PICKUP_CONF" python3 "$ROOT/tests/bench/load_counters.py" "${LOAD_ARGS[@]}" | tee "$DIR/load.txt"
LOAD_RC=${PIPESTATUS[0]}
set -e
sleep 2
kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=""

# --- the figures -------------------------------------------------------------------------------
q() { "${PSQL_P[@]}" -d "$DB" -c "$1"; }
HANDOVERS="$(q "select count(*) from pickup_handover where handover_date >= '$T0'")"
REDEEMED="$(q "select count(*) from pickup_code where state = 'redeemed' and redeem_date >= '$T0'")"
DOUBLES="$(q "select count(*) from (select code_id from pickup_handover group by code_id having count(*) > 1) d")"
XACT1="$("${PSQL_R[@]}" -c "select xact_commit from pg_stat_database where datname = current_database()")"
# The dashboard's daily series query runs once per dashboard; the portal list's search of
# pickup codes by the buyer's commercial partner once per page.
R_DASH="$("${PSQL_R[@]}" -c "select coalesce(sum(calls), 0) from pg_stat_statements
    where query like '%FROM pickup_kpi_attempt_fact f WHERE%GROUP BY 1%'")"
R_PORTAL="$("${PSQL_R[@]}" -c "select coalesce(sum(calls), 0) from pg_stat_statements
    where query like 'SELECT \"pickup_code\".\"id\" FROM \"pickup_code\"%' and query like '%partner_id%'")"
P_DASH="$(q "select coalesce(sum(calls), 0) from pg_stat_statements
    where query like '%FROM pickup_kpi_attempt_fact f WHERE%GROUP BY 1%'")"
P_PORTAL="$(q "select coalesce(sum(calls), 0) from pg_stat_statements
    where query like 'SELECT \"pickup_code\".\"id\" FROM \"pickup_code\"%' and query like '%partner_id%'")"
count_log() {  # pattern: occurrences in both servers' logs since the load started
    local n=0 i
    for i in 1 2; do
        n=$((n + $(tail -n +"$((LOG_LINES0[i - 1] + 1))" "$DIR/odoo$i.log" | grep -c -- "$1" || true)))
    done
    echo "$n"
}
# Odoo's retry loop (odoo/service/model.py) logs each retry with the error code's name.
SERIAL="$(count_log 'SERIALIZATION_FAILURE, ')"
LOCKS="$(count_log 'LOCK_NOT_AVAILABLE, \|DEADLOCK_DETECTED, ')"
RETRIES="$(count_log 'tries left, try again in')"
GAVEUP="$(count_log 'maximum number of tries reached')"
RO_RW="$(count_log 'retrying with a read/write cursor')"
# Odoo 18 ends each request's log line with its cursor mode: ro (a read-only cursor, on the
# replica when db_replica_host is set), ro->rw (it tried to write, retried on the primary), rw.
modes() {  # path regex: "ro=N ro->rw=M rw=K" over both servers since the load started
    local i
    for i in 1 2; do tail -n +"$((LOG_LINES0[i - 1] + 1))" "$DIR/odoo$i.log"; done \
        | awk -v path="$1" 'index($0, "werkzeug:") && $0 ~ (path " HTTP") { n[$NF]++ }
              END { printf "ro=%d ro->rw=%d rw=%d", n["ro"], n["ro->rw"], n["rw"] }'
}
M_DASH="$(modes ' /web/dataset/call_kw/pickup[.]kpi/get_dashboard')"
M_PORTAL="$(modes ' (/[a-z][a-z]_[A-Z][A-Z])?/my/pickups')"
PG_SERIAL="$(grep -c 'could not serialize access' "$DIR/primary.log" || true)"
# Which rows the conflicts were on: the table each failing statement writes or locks.
PG_SERIAL_BY="$(awk '/could not serialize access/ { want = 1; next }
    want && /STATEMENT:/ { line = $0; gsub(/"/, "", line)
        if (match(line, /(UPDATE|FROM|INTO) +[a-z_]+/)) { t = substr(line, RSTART, RLENGTH); sub(/.* +/, "", t); n[t]++ }
        want = 0 }
    END { for (t in n) printf "%s=%d ", t, n[t] }' "$DIR/primary.log")"
PG_LOCK="$(grep -c 'deadlock detected\|could not obtain lock' "$DIR/primary.log" || true)"
read -r LAG_MAX_MS LAG_MAX_B <<<"$(awk '{ if ($1 > m) m = $1; if ($2 > b) b = $2 } END { print m + 0, b + 0 }' "$DIR/lag.txt")"
LAG_END="$(tail -1 "$DIR/lag.txt")"
SERVED="$(awk '$1 ~ /:/ { n[$1]++ } END { for (s in n) printf "%s=%d ", s, n[s] }' "$DIR/nginx/access.log")"
grab() { grep -m1 "^$1" "$DIR/load.txt" || echo "$1 (none)"; }

cat <<FIGURES

==================== make scale: figures ====================
setup        nginx -> 2 Odoo servers x $WORKERS workers -> PgBouncer ($POOL_MODE) -> PostgreSQL 15 primary
             + streaming replica (db_replica_host); ${LOAD_COUNTERS:-12} counters, 6 hot-spot, ${LOAD_READERS:-2} readers, ${LOAD_SECONDS:-60} s$( [ "${LOAD_SINGLE_PRODUCT:-0}" = 1 ] && echo ", one product (parcels scanned in)")
machine      $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared: figures are noisy)
throughput   $(grab calls:)
latency      $(grab latency:)
             $(grab "redeems ok")
             $(grab errors:)
reads        $(grep '^reads' "$DIR/load.txt" | tr '\n' ' ')
per server   $SERVED(nginx upstream of every request)
exactly-once hand-overs $HANDOVERS = redeemed codes $REDEEMED; codes handed over twice: $DOUBLES  $( [ "$HANDOVERS" = "$REDEEMED" ] && [ "$DOUBLES" = 0 ] && echo OK || echo FAIL)
replica      requests by cursor: dashboard $M_DASH; portal list $M_PORTAL
             served dashboard queries $R_DASH (primary $P_DASH), portal list queries $R_PORTAL (primary $P_PORTAL); $((XACT1 - XACT0)) transactions
             read-only requests retried on the primary (ro->rw): $RO_RW
replica lag  max replay_lag ${LAG_MAX_MS} ms, max ${LAG_MAX_B} bytes behind; at the end: ${LAG_END:-n/a} (ms bytes)
conflicts    Odoo logs: serialization failures $SERIAL, lock/deadlock $LOCKS, retries $RETRIES, given up $GAVEUP;
             primary log: could not serialize $PG_SERIAL (${PG_SERIAL_BY:-none}), deadlock/lock $PG_LOCK
logs         $DIR (odoo1.log, odoo2.log, primary.log, replica.log, pgbouncer.log, nginx/)
=============================================================
FIGURES
# The verdict is exactly-once (the load script also fails when its brute-force station was not
# rate-limited within the window, which a slow shared machine may cause: reported, not judged).
HOT="$(sed -n 's/^hot-spot code collected: \([0-9]*\).*/\1/p' "$DIR/load.txt")"
[ "$LOAD_RC" = 0 ] || say "(load script exit status $LOAD_RC: see $DIR/load.txt)"
grep -q '^calls:' "$DIR/load.txt" && [ "$HANDOVERS" = "$REDEEMED" ] && [ "$DOUBLES" = 0 ] \
    && [ "${HOT:-0}" -le 1 ]
