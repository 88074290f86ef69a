"""Schema-driven fuzzing of the pickup API on a running multi-worker server: never a 5xx.

Bodies are generated from the request schemas that `/pickup/api/v1/openapi.json` publishes
(valid shapes with hostile values), plus malformed JSON, wrong types and raw bytes. A counter
user's session authenticates the calls (the bearer route falls back to the session).
"""

import json

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odoo_rpc import DB, URL

TEXT = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "PC1.", "PC1T.x.y", "0" * 9, "ABCD-EFGH-J", "'; --", "<b>", "\x00"]),
    st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ-*~$=U", min_size=1, max_size=12),
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
STEPS = st.dictionaries(
    st.sampled_from(["id_check", "otp", "approval", "signature", "photo", "x"]), JSON_VALUE,
    max_size=4)
LINES = st.lists(st.dictionaries(st.sampled_from(["product_id", "barcode", "qty", "x"]),
                                 JSON_VALUE, max_size=3), max_size=5)
BODY = st.fixed_dictionaries(
    {"code": st.one_of(TEXT, JSON_VALUE), "point": st.one_of(st.just("TPE"), TEXT, JSON_VALUE)},
    optional={"steps": st.one_of(STEPS, JSON_VALUE), "lines": st.one_of(LINES, JSON_VALUE),
              "partial_reason": JSON_VALUE})

_session = None


def _counter_session():
    global _session
    if _session is None:
        _session = requests.Session()
        _session.post(URL + "/web/session/authenticate", json={
            "jsonrpc": "2.0",
            "params": {"db": DB, "login": "counter_tpe", "password": "counter_tpe"}},
            timeout=60)
    return _session


def _post(path, data, headers=None):
    # A session (not an API key) must look interactive to Odoo's bearer routes.
    interactive = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate",
                   "Sec-Fetch-Site": "same-origin", "Sec-Fetch-User": "?1"}
    return _counter_session().post(
        URL + "/pickup/api/v1" + path, data=data, timeout=60,
        headers=dict(interactive, **{"Content-Type": "application/json"}, **(headers or {})))


def test_openapi_document_describes_the_routes():
    spec = requests.get(URL + "/pickup/api/v1/openapi.json", timeout=60).json()
    assert spec["openapi"].startswith("3.1")
    assert {"/verify", "/redeem"} <= set(spec["paths"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODY, path=st.sampled_from(["/verify", "/redeem"]))
def test_schema_shaped_bodies_never_give_5xx(body, path):
    answer = _post(path, json.dumps(body), {"X-Pickup-Station": "fuzz"})
    assert answer.status_code < 500, (path, body, answer.text[:200])
    assert answer.status_code != 401, "the counter session must be accepted"


@settings(max_examples=40, deadline=None)
@given(raw=st.binary(max_size=400))
def test_raw_bytes_never_give_5xx(raw):
    assert _post("/verify", raw).status_code < 500


def test_oversized_body_is_413():
    assert _post("/verify", json.dumps({"code": "x" * 70_000, "point": "TPE"})).status_code == 413
