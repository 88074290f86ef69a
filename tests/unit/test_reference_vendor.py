"""The reference drop-ship vendor (tests/vendor/reference_vendor.py), over real loopback HTTP."""

import json
import re
import selectors
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib import error as urlerror
from urllib import request as urlrequest

import pytest

from dropship_connectors.core import signature
from dropship_connectors.core.payload import PayloadError, parse_webhook

VENDOR_DIR = Path(__file__).resolve().parents[1] / "vendor"
if str(VENDOR_DIR) not in sys.path:
    sys.path.insert(0, str(VENDOR_DIR))

from reference_vendor import ReferenceVendor  # noqa: E402

API_KEY = "test-api-key"
SECRET = "test-webhook-secret"
# No proxy from the environment, no redirects followed: these tests talk to loopback only.
OPENER = urlrequest.build_opener(urlrequest.ProxyHandler({}))


def order_body(order_ref="P00012", callback_url="http://127.0.0.1:9/dropship/webhook/3"):
    return {
        "order_ref": order_ref, "sale_ref": "S00034",
        "lines": [{"sku": "GB-VEG", "name": "Fresh vegetable box", "qty": 2.0, "uom": "Units"}],
        "ship_to": {"point_code": "TXG", "name": "台中取貨點", "street": "台灣大道一段 1 號",
                    "city": "台中市", "zip": "403", "phone": "+886422000000",
                    "hours": "10:00-21:00"},
        "callback_url": callback_url,
    }


def call(url, body=None, key="key-1", token=API_KEY, method="POST", timeout=5.0,
         content_type="application/json"):
    """:return: (status, decoded JSON answer)"""
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    req = urlrequest.Request(url, data=data, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    if token is not None:
        req.add_header("Authorization", "Bearer " + token)
    if key is not None:
        req.add_header("Idempotency-Key", key)
    try:
        with OPENER.open(req, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urlerror.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def wait_for(predicate, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.fixture
def vendor():
    vendor = ReferenceVendor(api_key=API_KEY, secret=SECRET).start()
    yield vendor
    vendor.stop()


class Receiver:
    """A tiny Odoo stand-in: verifies signatures with core/signature.py, records deliveries."""

    def __init__(self):
        self.deliveries = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                header = self.headers.get("X-Dropship-Signature")
                try:
                    signature.verify([SECRET.encode()], header, body, int(time.time()))
                    parse_webhook(body)
                    status = 200
                except signature.SignatureError:
                    status = 401
                except PayloadError:
                    status = 400
                receiver.deliveries.append({"body": body, "signature": header,
                                            "status": status, "path": self.path})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/dropship/webhook/3" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


# -- orders --------------------------------------------------------------------------------

def test_order_is_created_once_per_idempotency_key(vendor):
    status, answer = call(vendor.url + "/orders", order_body(), key="po-P00012-1")
    assert (status, answer) == (201, {"vendor_order_id": "V-0001", "status": "accepted"})
    again = call(vendor.url + "/orders", order_body(), key="po-P00012-1")
    assert again == (200, answer)
    order = vendor.orders["P00012"]
    assert order["received"] == 1 and order["vendor_order_id"] == "V-0001"
    assert order["payload"] == order_body() and order["cancelled"] is False
    assert [(r["method"], r["path"], r["idempotency_key"], r["status"], r["replayed"])
            for r in vendor.requests] == [
        ("POST", "/orders", "po-P00012-1", 201, False),
        ("POST", "/orders", "po-P00012-1", 200, True)]


def test_a_new_key_for_the_same_order_is_a_second_creation(vendor):
    assert call(vendor.url + "/orders", order_body(), key="a")[0] == 201
    status, answer = call(vendor.url + "/orders", order_body(), key="b")
    assert (status, answer["vendor_order_id"]) == (201, "V-0002")
    assert vendor.orders["P00012"]["received"] == 2


@pytest.mark.parametrize("token", [None, "", "wrong-key", API_KEY + "x", "clé"])
def test_wrong_or_missing_bearer_is_401(vendor, token):
    req = urlrequest.Request(vendor.url + "/orders", data=json.dumps(order_body()).encode(),
                             method="POST", headers={"Content-Type": "application/json",
                                                     "Idempotency-Key": "k"})
    if token is not None:
        req.add_header("Authorization", "Bearer " + token)
    with pytest.raises(urlerror.HTTPError) as err:
        OPENER.open(req, timeout=5)
    with err.value:
        assert err.value.code == 401
        assert err.value.headers["WWW-Authenticate"] == "Bearer"
        assert json.loads(err.value.read()) == {"error": "unauthorized"}
    assert vendor.orders == {}


@pytest.mark.parametrize("body,error", [
    (dict(order_body(), pickup_code="123456"), "pickup_code: unknown field"),
    ({k: v for k, v in order_body().items() if k != "sale_ref"}, "sale_ref: required"),
    (dict(order_body(), lines=[]), "lines: at least one line is required"),
    (dict(order_body(), lines=[{"sku": "A", "name": "B", "qty": 0, "uom": "U"}]),
     "lines[0].qty: must be > 0"),
    (dict(order_body(), ship_to={"point_code": "TXG", "name": "n", "street": None}),
     "ship_to.street: must be a string"),
    (b"{not json", "body: not JSON"),
    ([order_body()], "body: must be a JSON object"),
])
def test_invalid_order_is_400(vendor, body, error):
    assert call(vendor.url + "/orders", body) == (400, {"error": error})
    assert vendor.orders == {}


def test_order_needs_idempotency_key_and_json_content_type(vendor):
    status, answer = call(vendor.url + "/orders", order_body(), key=None)
    assert status == 400 and answer["error"].startswith("Idempotency-Key")
    status, answer = call(vendor.url + "/orders", order_body(), content_type="text/plain")
    assert (status, answer["error"]) == (400, "Content-Type: must be application/json")
    assert vendor.orders == {}


def test_fail_next_answers_errors_then_recovers(vendor):
    vendor.fail_next(2)
    statuses = [call(vendor.url + "/orders", order_body(), key="retry-me")[0] for _ in range(3)]
    assert statuses == [500, 500, 201]
    assert vendor.orders["P00012"]["received"] == 1
    vendor.fail_next(1, status=503)
    assert call(vendor.url + "/orders", order_body(), key="retry-me")[0] == 503
    assert call(vendor.url + "/orders", order_body(), key="retry-me")[0] == 200


def test_slow_vendor_times_the_client_out_but_still_creates_once(vendor):
    vendor.slow_next(1, 1.5)
    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urlerror.URLError)) as err:
        call(vendor.url + "/orders", order_body(), key="slow-1", timeout=0.3)
    assert "timed out" in str(err.value)
    assert time.monotonic() - started < 1.4
    # The vendor finishes its work after the client gave up: the retry must not duplicate.
    assert wait_for(lambda: "P00012" in vendor.orders)
    assert call(vendor.url + "/orders", order_body(), key="slow-1")[0] == 200
    assert vendor.orders["P00012"]["received"] == 1


def test_stop_wakes_a_sleeping_request():
    vendor = ReferenceVendor(api_key=API_KEY, secret=SECRET).start()
    vendor.slow_next(1, 60)
    with pytest.raises((TimeoutError, socket.timeout, urlerror.URLError)):
        call(vendor.url + "/orders", order_body(), timeout=0.2)
    assert vendor.requests == []  # still asleep in the vendor
    started = time.monotonic()
    vendor.stop()
    assert wait_for(lambda: len(vendor.requests) == 1, seconds=5)
    assert time.monotonic() - started < 5


def test_controls_refuse_out_of_range_values(vendor):
    for bad in (lambda: vendor.fail_next(-1), lambda: vendor.fail_next(1, status=200),
                lambda: vendor.fail_next(True), lambda: vendor.slow_next(1, 61),
                lambda: vendor.slow_next(10 ** 6, 1)):
        with pytest.raises(ValueError):
            bad()


# -- cancel --------------------------------------------------------------------------------

def test_cancel_is_idempotent_and_unknown_orders_are_404(vendor):
    call(vendor.url + "/orders", order_body(), key="create")
    cancel = {"order_ref": "P00012", "reason": "customer cancelled"}
    assert call(vendor.url + "/orders/P00012/cancel", cancel, key="cancel-1") == (
        200, {"status": "cancelled"})
    assert call(vendor.url + "/orders/P00012/cancel", cancel, key="cancel-1") == (
        200, {"status": "cancelled"})
    assert vendor.requests[-1]["replayed"] is True
    assert vendor.orders["P00012"]["cancelled"] is True
    unknown = {"order_ref": "P99999", "reason": "x"}
    assert call(vendor.url + "/orders/P99999/cancel", unknown, key="c2")[0] == 404
    assert call(vendor.url + "/orders/P00012/cancel", cancel, key="c3", token="bad")[0] == 401
    assert call(vendor.url + "/orders/P00012/cancel", unknown, key="c4")[0] == 400
    assert call(vendor.url + "/orders/P00012/cancel", {"order_ref": "P00012"}, key="c5")[0] == 400


def test_cancel_accepts_a_quoted_or_slashed_order_ref(vendor):
    call(vendor.url + "/orders", order_body(order_ref="PO/2026/0001"), key="create")
    cancel = {"order_ref": "PO/2026/0001", "reason": "r"}
    assert call(vendor.url + "/orders/PO%2F2026%2F0001/cancel", cancel, key="q")[0] == 200
    assert call(vendor.url + "/orders/PO/2026/0001/cancel", cancel, key="s")[0] == 200


def test_unknown_paths_and_methods(vendor):
    assert call(vendor.url + "/nothing", {})[0] == 404
    assert call(vendor.url + "/orders", method="GET")[0] == 405
    assert call(vendor.url + "/_orders", {}, method="POST")[0] == 405


# -- webhooks ------------------------------------------------------------------------------

def test_emit_sends_signed_identical_duplicates(vendor, receiver):
    call(vendor.url + "/orders", order_body(callback_url=receiver.url), key="k")
    statuses = vendor.emit("P00012", "shipped", duplicates=2)
    assert statuses == [200, 200]
    first, second = receiver.deliveries
    assert first["body"] == second["body"] and first["signature"] == second["signature"]
    assert first["path"] == "/dropship/webhook/3"
    event = parse_webhook(first["body"])
    assert event["event"] == "shipped" and event["order_ref"] == "P00012"
    assert event["carrier"] and event["tracking_number"]
    assert re.fullmatch(r"[0-9a-f-]{36}", event["event_id"])
    assert vendor.emitted[-1]["raw"] == first["body"]


def test_emit_fills_the_point_and_takes_overrides(vendor, receiver):
    call(vendor.url + "/orders", order_body(callback_url=receiver.url), key="k")
    assert vendor.emit("P00012", "arrived", position={"lat": 24.1, "lon": 120.6},
                       temperature_c=4.0) == [200]
    assert vendor.emit("P00012", "exception") == [200]
    assert vendor.emit("P00012", "shipped", carrier=None) == [400]  # carrier dropped
    events = [parse_webhook(d["body"]) for d in receiver.deliveries[:2]]
    assert events[0]["point_code"] == "TXG" and events[0]["temperature_c"] == 4.0
    assert events[1]["message"]
    assert len({d["body"] for d in receiver.deliveries}) == 3  # a fresh event_id each time


def test_emit_raw_replays_and_forgeries(vendor, receiver):
    body = json.dumps({"event_id": "evt-00000001", "event": "accepted", "order_ref": "P00012",
                       "occurred_at": "2026-11-25T10:00:00Z"}).encode()
    assert vendor.emit_raw(receiver.url, body, vendor.signature_header(body)) == 200
    stale = vendor.signature_header(body, timestamp=time.time() - 3600)
    assert vendor.emit_raw(receiver.url, body, stale) == 401
    forged = signature.sign(b"not-the-secret", int(time.time()), body)
    assert vendor.emit_raw(receiver.url, body, forged) == 401
    assert vendor.emit_raw(receiver.url, body, None) == 401
    assert vendor.emit_raw(receiver.url, body + b" ", vendor.signature_header(body)) == 401


def test_emit_goes_to_loopback_only(vendor):
    for url in ("http://192.0.2.10/hook", "http://example.com/hook", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            vendor.emit("P00012", "accepted", callback_url=url)
        with pytest.raises(ValueError):
            vendor.emit_raw(url, b"{}", None)
    with pytest.raises(LookupError):
        vendor.emit("P-unknown", "accepted")
    with pytest.raises(ValueError):
        vendor.emit("P00012", "accepted", callback_url="http://127.0.0.1:9/", duplicates=0)


def test_emit_without_a_listener_reports_none(vendor):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert vendor.emit("P00012", "accepted", callback_url="http://127.0.0.1:%d/" % port) == [None]


# -- the same controls over HTTP -----------------------------------------------------------

def test_http_controls(vendor, receiver):
    control = vendor.url + "/_control"
    status, answer = call(control, {"fail_next": 1, "status": 502, "slow_next": 0}, key=None)
    assert (status, answer["fail_next"], answer["status"]) == (200, 1, 502)
    assert call(vendor.url + "/orders", order_body(callback_url=receiver.url))[0] == 502
    assert call(vendor.url + "/orders", order_body(callback_url=receiver.url))[0] == 201
    assert call(control, {"fail_next": "many"}, key=None)[0] == 400
    assert call(control, {"explode": True}, key=None)[0] == 400

    status, orders = call(vendor.url + "/_orders", method="GET", key=None)
    assert status == 200 and orders["P00012"]["received"] == 1

    status, answer = call(vendor.url + "/_emit", {"order_ref": "P00012", "event": "arrived",
                                                  "duplicates": 2}, key=None)
    assert (status, answer["statuses"]) == (200, [200, 200])
    assert len(receiver.deliveries) == 2
    assert call(vendor.url + "/_emit", {"order_ref": "P-none", "event": "arrived"},
                key=None)[0] == 404
    assert call(vendor.url + "/_emit", {"order_ref": "P00012", "event": "arrived",
                                        "callback_url": "http://192.0.2.10/"}, key=None)[0] == 400

    assert call(control, {"reset": True}, key=None)[0] == 200
    assert vendor.orders == {}


# -- command line --------------------------------------------------------------------------

def test_command_line_prints_one_line_and_serves():
    script = VENDOR_DIR / "reference_vendor.py"
    proc = subprocess.Popen([sys.executable, str(script), "--port", "0", "--api-key", API_KEY,
                             "--secret", SECRET, "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd="/")
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=15), "the vendor printed nothing"
        line = proc.stdout.readline().strip()
        match = re.fullmatch(r"reference vendor listening on (http://127\.0\.0\.1:(\d+))", line)
        assert match, line
        assert call(match.group(1) + "/orders", order_body())[0] == 201
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == 0, proc.stderr.read()
