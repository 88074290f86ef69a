"""Real parts that fail on purpose, for the fault suite (tests/e2e/test_fault_*.py).

- ``FakeSmsGateway``: the IAP SMS endpoint Odoo calls (``sms.endpoint`` system parameter),
  on loopback; answers success, HTTP 500, or sleeps past Odoo's 15 s IAP timeout.
- ``SmtpServer``: a tiny SMTP server on loopback that accepts mail, or drops the connection
  in the middle of the conversation; ``closed_port()`` gives a port nobody listens on.
- ``OdooServer``: an Odoo server process of our own on the e2e database (to kill -9).
- ``pg()``: a psycopg2 connection to the e2e database, to hold locks and read the truth.
"""

import json
import os
import shlex
import signal
import socket
import socketserver
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2
import requests
from odoo_rpc import DB


def wait_for(predicate, timeout=30.0, interval=0.1, what="condition"):
    """Poll ``predicate`` until it returns a truthy value; that value is returned."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def free_port():
    """A free loopback port (PICKUP_FAULT_PORTS=8372-8379 picks from a range instead)."""
    span = os.environ.get("PICKUP_FAULT_PORTS")
    candidates = range(int(span.split("-")[0]), int(span.split("-")[1]) + 1) if span else [0]
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port in %s" % span)


def closed_port():
    """A loopback port with nothing listening (connections are refused)."""
    return free_port()


# ------------------------------------------------------------------------- SMS gateway

class FakeSmsGateway:
    """Odoo's IAP SMS API (``/api/sms/3/send``) on loopback, with a switchable failure mode.

    ``mode``: ``"ok"`` (every number accepted), ``"error"`` (HTTP 500) or ``"slow"`` (sleeps
    ``slow_seconds`` before answering success, past Odoo's IAP timeout of 15 s).
    ``sent`` lists the message bodies accepted; ``calls`` counts every request.
    """

    def __init__(self, mode="ok", slow_seconds=17.0):
        self.mode, self.slow_seconds = mode, slow_seconds
        self.sent, self.calls = [], 0
        self._stop = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"] or 0)))
                gateway.calls += 1
                if gateway.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"gateway down")
                    return
                if gateway.mode == "slow" and gateway._stop.wait(gateway.slow_seconds):
                    return
                results = []
                for message in body["params"]["messages"]:
                    for number in message["numbers"]:
                        results.append({"uuid": number["uuid"], "state": "success",
                                        "credit": 1})
                        gateway.sent.append({"number": number["number"],
                                             "content": message["content"]})
                answer = json.dumps({"jsonrpc": "2.0", "id": body.get("id"),
                                     "result": results}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the client gave up (timeout)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = "http://127.0.0.1:%s" % self._server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()


# ------------------------------------------------------------------------- SMTP

class SmtpServer:
    """A minimal SMTP server on loopback. ``mode``: ``"accept"`` stores each message in
    ``messages``; ``"drop"`` closes the connection right after the client's MAIL FROM."""

    def __init__(self, mode="accept"):
        self.mode, self.messages, self.connections = mode, [], 0
        smtp = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                smtp.connections += 1
                self.reply("220 fault-smtp ready")
                data, in_data = [], False
                for raw in self.rfile:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    if in_data:
                        if line == ".":
                            in_data = False
                            smtp.messages.append("\n".join(data))
                            data = []
                            self.reply("250 queued")
                        else:
                            data.append(line[1:] if line.startswith("..") else line)
                        continue
                    verb = line[:4].upper()
                    if verb == "EHLO":
                        self.reply("250-fault-smtp")
                        self.reply("250 8BITMIME")
                    elif verb == "MAIL" and smtp.mode == "drop":
                        return  # connection lost in the middle of a transaction
                    elif verb == "DATA":
                        in_data = True
                        self.reply("354 end with .")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


# ------------------------------------------------------------------------- database

def pg(autocommit=True):
    """A psycopg2 connection to the e2e database (libpq's PG* variables say where)."""
    conn = psycopg2.connect(dbname=DB)
    conn.autocommit = autocommit
    return conn


def query(sql, *args):
    with pg() as conn, conn.cursor() as cr:
        cr.execute(sql, args)
        rows = cr.fetchall() if cr.description else []
    conn.close()
    return rows


def backends_waiting_on_locks(application_prefix="odoo-"):
    """PostgreSQL backends of the e2e database blocked on a lock: [(pid, app, query)]."""
    return query(
        "SELECT pid, application_name, query FROM pg_stat_activity WHERE datname = %s "
        "AND wait_event_type = 'Lock' AND application_name LIKE %s", DB,
        application_prefix + "%")


# ------------------------------------------------------------------------- Odoo

class OdooServer:
    """An Odoo server process of our own on the e2e database (threaded, no cron).

    Needs ``PICKUP_ODOO_BIN`` and ``PICKUP_ADDONS_PATH`` (exported by scripts/test.sh) and
    the PG* variables. ``kill()`` sends SIGKILL to its whole process group.
    """

    def __init__(self, logfile):
        self.port = free_port()
        self.url = "http://127.0.0.1:%s" % self.port
        self.logfile = logfile
        self.proc = None

    @staticmethod
    def available():
        return bool(os.environ.get("PICKUP_ODOO_BIN") and os.environ.get("PICKUP_ADDONS_PATH"))

    def start(self, timeout=90):
        env = os.environ
        cmd = shlex.split(env["PICKUP_ODOO_BIN"]) + [
            "-d", DB, "--db-filter", "^%s$" % DB, "--addons-path", env["PICKUP_ADDONS_PATH"],
            "--http-interface", "127.0.0.1", "--http-port", str(self.port), "--workers", "0",
            "--max-cron-threads", "0", "--logfile", self.logfile,
        ]
        if env.get("PICKUP_CONF"):  # the server pepper lives there, not in the database
            cmd += ["-c", env["PICKUP_CONF"]]
        for flag, var in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"),
                          ("--db_user", "PGUSER")):
            if env.get(var):
                cmd += [flag, env[var]]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)

        def healthy():
            if self.proc.poll() is not None:
                raise AssertionError("the Odoo server exited early; see %s" % self.logfile)
            try:
                return requests.get(self.url + "/web/health", timeout=2).ok
            except requests.RequestException:
                return False

        wait_for(healthy, timeout=timeout, interval=0.5, what="Odoo on %s" % self.url)
        return self

    @property
    def application_prefix(self):
        return "odoo-%s" % self.proc.pid

    def kill(self):
        """SIGKILL to the server and every process it started; waits until it is gone."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


# ------------------------------------------------------------------------- fixtures' data

def new_ready_order(admin, product="GB-BAKERY", point="TPE", partner="Lin Mei-ling", qty=1,
                    stock=True):
    """Confirm a demo-company order at ``point``; its code is ready (stock is there).

    :param bool stock: top the point's stock up first (an inventory count), so that the suite
        can run again on the same database; False for drop-shipped products
    :return: (sale order id, pickup code id, context)
    """
    company = admin("res.company", "search", [[("name", "ilike", "Good Buy")]])[0]
    ctx = {"allowed_company_ids": [company]}
    point_id = admin("stock.warehouse", "search", [[("code", "=", point),
                                                    ("company_id", "=", company)]])[0]
    partner_id = admin("res.partner", "search", [[("name", "ilike", partner)]])[0]
    product_id = admin("product.product", "search", [[("default_code", "=", product)]])[0]
    if stock:
        _top_up(admin, product_id, point_id, ctx)
    order = admin("sale.order", "create", [{
        "partner_id": partner_id, "company_id": company, "warehouse_id": point_id,
        "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": qty})],
    }], {"context": ctx})
    admin("sale.order", "action_confirm", [[order]], {"context": ctx})
    codes = admin("pickup.code", "search_read", [[("sale_order_id", "=", order)]],
                  {"fields": ["state"], "context": ctx})
    assert len(codes) == 1, codes
    return order, codes[0]["id"], ctx


def _top_up(admin, product_id, point_id, ctx, minimum=20, add=40):
    location = admin("stock.warehouse", "read", [[point_id], ["lot_stock_id"]],
                     {"context": ctx})[0]["lot_stock_id"][0]
    at_point = dict(ctx, location=location)
    levels = admin("product.product", "read", [[product_id], ["free_qty", "qty_available"]],
                   {"context": at_point})[0]
    if levels["free_qty"] >= minimum:
        return
    quant = admin("stock.quant", "create", [{
        "product_id": product_id, "location_id": location,
        "inventory_quantity": levels["qty_available"] + add}],
        {"context": dict(ctx, inventory_mode=True)})
    admin("stock.quant", "action_apply_inventory", [[quant]], {"context": ctx})


def xmlid(admin, ref):
    module, name = ref.split(".")
    rows = admin("ir.model.data", "search_read", [[("module", "=", module), ("name", "=", name)]],
                 {"fields": ["res_id"]})
    assert rows, "no record %s" % ref
    return rows[0]["res_id"]


def run_cron(admin, ref):
    """Run a scheduled action now, in a request of the e2e server (as Odoo's UI does)."""
    started = time.monotonic()
    admin("ir.cron", "method_direct_trigger", [[xmlid(admin, ref)]])
    return time.monotonic() - started


def figure(text):
    """Record one measured figure of the fault suite (printed by scripts/test.sh)."""
    path = os.environ.get("PICKUP_FAULT_FIGURES")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(text.rstrip() + "\n")
    print("FIGURE:", text)
