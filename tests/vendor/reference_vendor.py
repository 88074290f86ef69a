#!/usr/bin/env python3
"""Reference drop-ship vendor: the vendor side of the wire protocol, for tests and demos.

Standard library only. Runs on its own::

    python3 tests/vendor/reference_vendor.py --port 8765 --api-key KEY --secret SECRET

or in-process::

    from reference_vendor import ReferenceVendor
    vendor = ReferenceVendor(api_key="KEY", secret="SECRET").start()   # port 0: a free port
    ...  # vendor.url, vendor.orders, vendor.emit("P00012", "shipped")
    vendor.stop()

It binds 127.0.0.1 only and sends webhooks to loopback addresses only (no proxy, no
redirects). Webhook signatures come from ``dropship_connectors/core/signature.py`` and order
validation from ``dropship_connectors/core/payload.py``, both loaded by file path.
"""

import argparse
import copy
import hmac
import importlib.util
import ipaddress
import json
import re
import signal
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib import error as urlerror
from urllib import parse as urlparse
from urllib import request as urlrequest

REPO_ROOT = Path(__file__).resolve().parents[2]


def _load(name, relative):
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


signature = _load("_reference_vendor_signature", "dropship_connectors/core/signature.py")
payload = _load("_reference_vendor_payload", "dropship_connectors/core/payload.py")

HOST = "127.0.0.1"
MAX_REQUEST_BODY = 1024 * 1024
MAX_KEY_LENGTH = 255
MAX_COUNT = 10_000          # fail_next / slow_next
MAX_SLOW_SECONDS = 60.0
MAX_DUPLICATES = 100
MAX_REQUESTS_KEPT = 10_000
MAX_ANSWER_READ = 64 * 1024
CANCEL_PATH_RE = re.compile(r"/orders/(.+)/cancel")
CHANGE_PATH_RE = re.compile(r"/orders/(.+)/change")
CONTROL_KEYS = ("fail_next", "status", "slow_next", "seconds", "reset")


class _NoRedirect(urlrequest.HTTPRedirectHandler):
    """A redirect could point off the loopback: answer the 3xx status instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _check_loopback(url):
    parts = urlparse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("callback_url must be an http(s) URL: %r" % url)
    host = parts.hostname
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ValueError("the reference vendor only calls loopback addresses, not %r" % host)
    return url


def _json_object(headers, body):
    """:return: (dict, None) or (None, error text)."""
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return None, "Content-Type: must be application/json"
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, "body: not JSON"
    if not isinstance(data, dict):
        return None, "body: must be a JSON object"
    return data, None


def _now_rfc3339():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _count(value, name, high=MAX_COUNT):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise ValueError("%s: must be an integer between 0 and %d" % (name, high))
    return value


class ReferenceVendor:
    """The vendor end of the drop-ship protocol, with controls for tests.

    State (read through copies): ``orders`` (order_ref -> {"payload", "vendor_order_id",
    "cancelled", "received"}), ``requests`` (every request: method, path, idempotency_key,
    status, replayed), ``emitted`` (every webhook sent by ``emit``).
    """

    def __init__(self, api_key, secret, port=0, verbose=False, emit_timeout=10.0):
        if not api_key:
            raise ValueError("api_key is required")
        self.api_key = api_key
        self.secret = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        self.port = port
        self.verbose = verbose
        self.emit_timeout = emit_timeout
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server = None
        self._thread = None
        self._opener = urlrequest.build_opener(urlrequest.ProxyHandler({}), _NoRedirect())
        self.reset()

    # -- life cycle ------------------------------------------------------------------------

    def start(self):
        """Listen on 127.0.0.1:``port`` (0: any free port) in a daemon thread.

        :return: self
        """
        if self._server is not None:
            return self
        self._stopping.clear()
        server = ThreadingHTTPServer((HOST, self.port), _Handler)
        server.daemon_threads = True
        server.vendor = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="reference-vendor", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop listening; requests still sleeping in ``slow_next`` wake up at once."""
        self._stopping.set()
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        self._thread.join(timeout=5)
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        """``http://127.0.0.1:<port>`` (the actual port once started)."""
        return "http://%s:%d" % (HOST, self.port)

    # -- test controls ---------------------------------------------------------------------

    def reset(self):
        """Forget orders, requests, idempotency keys, emitted webhooks and pending controls."""
        with self._lock:
            self._orders = {}
            self._requests = []
            self._idempotency = {}
            self._emitted = []
            self._sequence = 0
            self._fail = [0, 500]
            self._slow = [0, 0.0]

    def fail_next(self, n, status=500):
        """The next ``n`` order/cancel calls answer ``status`` (400-599) and change nothing."""
        _count(n, "fail_next")
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("status: must be an integer between 400 and 599")
        with self._lock:
            self._fail = [n, status]

    def slow_next(self, n, seconds):
        """The next ``n`` order/cancel calls sleep ``seconds`` (<= 60) before being handled."""
        _count(n, "slow_next")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) \
                or not 0 <= seconds <= MAX_SLOW_SECONDS:
            raise ValueError("seconds: must be a number between 0 and %g" % MAX_SLOW_SECONDS)
        with self._lock:
            self._slow = [n, float(seconds)]

    @property
    def orders(self):
        with self._lock:
            return copy.deepcopy(self._orders)

    @property
    def requests(self):
        with self._lock:
            return [dict(entry) for entry in self._requests]

    @property
    def emitted(self):
        with self._lock:
            return copy.deepcopy(self._emitted)

    # -- webhooks --------------------------------------------------------------------------

    def signature_header(self, body, timestamp=None):
        """The ``X-Dropship-Signature`` value for ``body`` (now, or at ``timestamp``)."""
        return signature.sign(self.secret, int(time.time() if timestamp is None else timestamp),
                              body)

    def emit(self, order_ref, event, callback_url=None, duplicates=1, **fields):
        """Send one signed webhook, ``duplicates`` times with the very same body and signature.

        The body gets a fresh ``event_id`` and ``occurred_at`` = now; ``shipped`` gets a
        default carrier and tracking number, ``arrived`` the order's ship-to point code,
        ``exception`` a default message. ``fields`` override any key; a ``None`` value drops
        the key. Nothing is validated: emitting a broken event is allowed on purpose.

        :param callback_url: default: the one the order was created with (loopback only)
        :return: list of HTTP status codes answered, ``None`` where no answer came
        :raises LookupError: unknown order and no ``callback_url``
        :raises ValueError: bad ``duplicates`` or a non-loopback ``callback_url``
        """
        _count(duplicates, "duplicates", MAX_DUPLICATES)
        if duplicates < 1:
            raise ValueError("duplicates: must be at least 1")
        entry = self.orders.get(order_ref)
        if callback_url is None:
            if entry is None:
                raise LookupError("unknown order %r and no callback_url" % (order_ref,))
            callback_url = entry["payload"]["callback_url"]
        _check_loopback(callback_url)
        body = {"event_id": str(uuid.uuid4()), "event": event, "order_ref": order_ref,
                "occurred_at": _now_rfc3339()}
        if event == "shipped":
            body.update(carrier="Reference Express",
                        tracking_number="RX%010d" % (uuid.uuid4().int % 10 ** 10))
        elif event == "arrived" and entry is not None:
            point_code = (entry["payload"].get("ship_to") or {}).get("point_code")
            if point_code:
                body["point_code"] = point_code
        elif event == "exception":
            body["message"] = "exception reported by the reference vendor"
        body.update(fields)
        body = {key: value for key, value in body.items() if value is not None}
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = self.signature_header(raw)
        statuses = [self.emit_raw(callback_url, raw, header) for _ in range(duplicates)]
        with self._lock:
            self._emitted.append({"callback_url": callback_url, "body": body, "raw": raw,
                                  "signature": header, "statuses": list(statuses)})
        return statuses

    def emit_raw(self, callback_url, body, signature_header):
        """POST ``body`` as is to a loopback ``callback_url`` (replay and forgery tests).

        :param signature_header: the ``X-Dropship-Signature`` value; ``None`` leaves it out
        :return: the HTTP status answered, or ``None`` (refused, timed out)
        """
        _check_loopback(callback_url)
        req = urlrequest.Request(callback_url, data=bytes(body), method="POST",
                                 headers={"Content-Type": "application/json"})
        if signature_header is not None:
            req.add_header("X-Dropship-Signature", signature_header)
        try:
            with self._opener.open(req, timeout=self.emit_timeout) as answer:
                answer.read(MAX_ANSWER_READ)
                return answer.status
        except urlerror.HTTPError as err:
            err.close()
            return err.code
        except (urlerror.URLError, OSError):
            return None

    # -- HTTP side (called by _Handler) ----------------------------------------------------

    def _record(self, method, path, key, status, replayed):
        with self._lock:
            self._requests.append({"method": method, "path": path, "idempotency_key": key,
                                   "status": status, "replayed": replayed,
                                   "at": time.time()})
            del self._requests[:-MAX_REQUESTS_KEPT]

    def _handle(self, method, path, headers, body):
        """:return: (status, JSON-able answer, replayed)"""
        cancel = CANCEL_PATH_RE.fullmatch(path)
        change = CHANGE_PATH_RE.fullmatch(path)
        if path == "/orders" or cancel or change:
            if method != "POST":
                return 405, {"error": "method not allowed"}, False
            match = cancel or change
            ref = urlparse.unquote(match.group(1)) if match else None
            return self._order_call(ref, headers, body, kind="change" if change else None)
        routes = {"/_control": ("POST", self._http_control), "/_orders": ("GET", None),
                  "/_emit": ("POST", self._http_emit)}
        if path not in routes:
            return 404, {"error": "not found"}, False
        allowed, handler = routes[path]
        if method != allowed:
            return 405, {"error": "method not allowed"}, False
        if handler is None:
            return 200, self.orders, False
        data, problem = _json_object(headers, body)
        if problem:
            return 400, {"error": problem}, False
        return handler(data) + (False,)

    def _order_call(self, cancel_ref, headers, body, kind=None):
        with self._lock:
            sleep = self._slow[1] if self._slow[0] > 0 else 0.0
            self._slow[0] = max(0, self._slow[0] - 1)
        if sleep:
            self._stopping.wait(sleep)
        with self._lock:
            if self._fail[0] > 0:
                self._fail[0] -= 1
                return self._fail[1], {"error": "simulated failure"}, False
        bearer = headers.get("Authorization") or ""
        expected = "Bearer " + self.api_key
        if not hmac.compare_digest(bearer.encode("utf-8", "replace"), expected.encode("utf-8")):
            return 401, {"error": "unauthorized"}, False
        key = headers.get("Idempotency-Key") or ""
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            return 400, {"error": "Idempotency-Key: header required (1-%d characters)"
                         % MAX_KEY_LENGTH}, False
        action = kind or ("cancel" if cancel_ref is not None else "create")
        scope = (action, cancel_ref, key)
        with self._lock:
            stored = self._idempotency.get(scope)
            if stored is not None:
                return 200, copy.deepcopy(stored), True
            data, problem = _json_object(headers, body)
            if problem:
                return 400, {"error": problem}, False
            if action == "create":
                status, answer = self._create(data)
            elif action == "change":
                status, answer = self._change(cancel_ref, data)
            else:
                status, answer = self._cancel(cancel_ref, data)
            if status < 300:
                self._idempotency[scope] = copy.deepcopy(answer)
            return status, answer, False

    def _create(self, data):
        for key in sorted(data):
            if key not in payload.ORDER_KEYS:
                return 400, {"error": "%s: unknown field" % key[:64]}
        for key in payload.ORDER_KEYS:
            if key not in data:
                return 400, {"error": "%s: required" % key}
        ship_to = data["ship_to"]
        if isinstance(ship_to, dict):
            # build_order_payload drops Odoo's None/False; on the wire they are wrong types
            for key, value in ship_to.items():
                if value is None or isinstance(value, bool):
                    return 400, {"error": "ship_to.%s: must be a string" % key[:64]}
        try:
            payload.build_order_payload(**{key: data[key] for key in payload.ORDER_KEYS})
        except payload.PayloadError as err:
            return 400, {"error": err.reason}
        self._sequence += 1
        vendor_order_id = "V-%04d" % self._sequence
        entry = self._orders.setdefault(data["order_ref"], {"received": 0})
        entry.update(payload=copy.deepcopy(data), vendor_order_id=vendor_order_id,
                     cancelled=False, received=entry["received"] + 1)
        return 201, {"vendor_order_id": vendor_order_id, "status": "accepted"}

    def _change(self, order_ref, data):
        """Replace an order's lines and address (``POST /orders/<ref>/change``)."""
        if data.get("order_ref") != order_ref:
            return 400, {"error": "order_ref: must be the order of the URL"}
        entry = self._orders.get(order_ref)
        if entry is None:
            return 404, {"error": "unknown order"}
        try:
            payload.build_order_payload(**{key: data.get(key) for key in payload.ORDER_KEYS})
        except (payload.PayloadError, TypeError) as err:
            return 400, {"error": getattr(err, "reason", "body: invalid order")}
        entry.update(payload=copy.deepcopy(data), changes=entry.get("changes", 0) + 1)
        return 200, {"status": "changed"}

    def _cancel(self, order_ref, data):
        for key in sorted(data):
            if key not in ("order_ref", "reason"):
                return 400, {"error": "%s: unknown field" % key[:64]}
        if data.get("order_ref") != order_ref:
            return 400, {"error": "order_ref: must be the order of the URL"}
        reason = data.get("reason")
        if not isinstance(reason, str) or len(reason) > payload.MAX_TEXT:
            return 400, {"error": "reason: required, a string of at most %d characters"
                         % payload.MAX_TEXT}
        entry = self._orders.get(order_ref)
        if entry is None:
            return 404, {"error": "unknown order"}
        entry["cancelled"] = True
        entry["cancel_reason"] = reason
        return 200, {"status": "cancelled"}

    def _http_control(self, data):
        unknown = sorted(set(data) - set(CONTROL_KEYS))
        if unknown:
            return 400, {"error": "%s: unknown field" % unknown[0][:64]}
        try:
            if data.get("reset"):
                self.reset()
            if "fail_next" in data:
                self.fail_next(data["fail_next"], data.get("status", 500))
            if "slow_next" in data:
                self.slow_next(data["slow_next"], data.get("seconds", 1.0))
        except ValueError as err:
            return 400, {"error": str(err)}
        with self._lock:
            return 200, {"fail_next": self._fail[0], "status": self._fail[1],
                         "slow_next": self._slow[0], "seconds": self._slow[1]}

    def _http_emit(self, data):
        fields = dict(data)
        order_ref = fields.pop("order_ref", None)
        event = fields.pop("event", None)
        if not isinstance(order_ref, str) or not isinstance(event, str):
            return 400, {"error": "order_ref and event: required strings"}
        callback_url = fields.pop("callback_url", None)
        duplicates = fields.pop("duplicates", 1)
        try:
            statuses = self.emit(order_ref, event, callback_url=callback_url,
                                 duplicates=duplicates, **fields)
        except LookupError as err:
            return 404, {"error": str(err)}
        except (ValueError, TypeError) as err:
            return 400, {"error": str(err)}
        return 200, {"statuses": statuses, "event_id": self.emitted[-1]["body"].get("event_id")}


class _Handler(BaseHTTPRequestHandler):
    server_version = "ReferenceVendor/1.0"
    protocol_version = "HTTP/1.0"
    timeout = 30  # seconds a client may take to send its request

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def log_message(self, format, *args):  # same signature as the base class
        if self.server.vendor.verbose:
            sys.stderr.write("reference vendor: %s %s\n" % (self.address_string(), format % args))

    def _dispatch(self, method):
        vendor = self.server.vendor
        path = urlparse.urlsplit(self.path).path
        key = self.headers.get("Idempotency-Key")
        replayed = False
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            status, answer = 400, {"error": "Content-Length: not a number"}
        else:
            if not 0 <= length <= MAX_REQUEST_BODY:
                status, answer = 413, {"error": "body: larger than %d bytes" % MAX_REQUEST_BODY}
            else:
                body = self.rfile.read(length)
                status, answer, replayed = vendor._handle(method, path, self.headers, body)
        vendor._record(method, self.path, key, status, replayed)
        raw = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            if status == 401:
                self.send_header("WWW-Authenticate", "Bearer")
            self.end_headers()
            self.wfile.write(raw)
        except OSError:
            pass  # the client gave up (e.g. timed out during slow_next)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Reference drop-ship vendor (127.0.0.1 only).")
    parser.add_argument("--port", type=int, default=8765, help="0: any free port")
    parser.add_argument("--api-key", required=True, help="bearer token Odoo must send")
    parser.add_argument("--secret", required=True, help="webhook signing secret")
    parser.add_argument("--quiet", action="store_true", help="do not log requests to stderr")
    args = parser.parse_args(argv)
    vendor = ReferenceVendor(api_key=args.api_key, secret=args.secret, port=args.port,
                             verbose=not args.quiet)
    vendor.start()
    signal.signal(signal.SIGTERM, _interrupt)
    print("reference vendor listening on %s" % vendor.url, flush=True)
    try:
        threading.Event().wait()  # until Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        pass
    finally:
        vendor.stop()
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
