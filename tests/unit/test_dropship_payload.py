"""Drop-ship wire payloads: ``parse_webhook`` / ``build_order_payload`` and their JSON schemas."""

import copy
import functools
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dropship_connectors.core import payload
from dropship_connectors.core.payload import PayloadError, build_order_payload, parse_webhook

try:
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover - depends on the machine
    Draft202012Validator = None

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "schemas"
needs_jsonschema = pytest.mark.skipif(
    Draft202012Validator is None,
    reason="jsonschema is not installed (pip install -r requirements-test.txt): "
           "schema/parser consistency not checked")

EVENT_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
BASE = {"event_id": EVENT_ID, "order_ref": "P00012", "occurred_at": "2026-11-25T10:00:00Z"}


def hook(**fields):
    """A valid ``accepted`` webhook with ``fields`` merged in (``None`` drops a key)."""
    doc = dict(BASE, event="accepted")
    doc.update(fields)
    return {key: value for key, value in doc.items() if value is not None}


def encode(doc):
    return json.dumps(doc).encode("utf-8")


VALID = [
    hook(),
    hook(event="shipped", carrier="黑貓宅急便", tracking_number="9012-3456-7890"),
    hook(event="arrived", point_code="TXG", position={"lat": 24.1477, "lon": 120.6736},
         temperature_c=4.5),
    hook(event="cancelled", message="out of stock"),
    hook(event="exception", message="box damaged in transit", temperature_c=-18),
    hook(event_id="abcd_EF-", occurred_at="2026-11-25T18:00:00.123+08:00"),
    hook(event_id="x" * 64, occurred_at="1970-01-01T00:00:00-00:00"),
    hook(order_ref="P" * 64, carrier="c" * 256, message="m" * 256, point_code="T" * 64),
    hook(position={"lat": -90, "lon": 180}, temperature_c=100),
    hook(occurred_at="2028-02-29T23:59:59.123456789-03:30", message="line 1\nline 2"),
]

# (document, word the reason must contain)
INVALID = [
    ([], "body"),
    ("accepted", "body"),
    (12, "body"),
    (None, "body"),
    (hook(pickup_code="123456"), "pickup_code"),
    (hook(event_id=None), "event_id"),
    (hook(order_ref=None), "order_ref"),
    (hook(occurred_at=None), "occurred_at"),
    ({key: value for key, value in hook().items() if key != "event"}, "event"),
    (hook(event_id=12345678), "event_id"),
    (hook(event_id="short_7"), "event_id"),
    (hook(event_id="y" * 65), "event_id"),
    (hook(event_id="has space"), "event_id"),
    (hook(event_id="abcdefgh\n"), "event_id"),
    (hook(event_id="abcdefg٣"), "event_id"),
    (hook(event="delivered"), "event"),
    (hook(event=1), "event"),
    (hook(event=["accepted"]), "event"),
    (hook(order_ref=12), "order_ref"),
    (hook(order_ref=""), "order_ref"),
    (hook(order_ref="P" * 65), "order_ref"),
    (hook(occurred_at=1764064800), "occurred_at"),
    (hook(occurred_at="2026-11-25T10:00:00"), "occurred_at"),
    (hook(occurred_at="2026-11-25"), "occurred_at"),
    (hook(occurred_at="2026-11-25 10:00:00Z"), "occurred_at"),
    (hook(occurred_at="2026-11-25t10:00:00z"), "occurred_at"),
    (hook(occurred_at="2026-13-01T10:00:00Z"), "occurred_at"),
    (hook(occurred_at="2026-11-25T24:00:00Z"), "occurred_at"),
    (hook(occurred_at="2026-11-25T10:00:60Z"), "occurred_at"),
    (hook(occurred_at="2026-11-25T10:00:00+24:00"), "occurred_at"),
    (hook(occurred_at="2026-11-25T10:00:00+0800"), "occurred_at"),
    (hook(occurred_at="1969-12-31T23:59:59Z"), "occurred_at"),
    (hook(occurred_at="3000-01-01T00:00:00Z"), "occurred_at"),
    (hook(occurred_at="2026-11-25T10:00:00Z\n"), "occurred_at"),
    (hook(occurred_at="２026-11-25T10:00:00Z"), "occurred_at"),
    (hook(occurred_at="2026-11-25T10:00:00.1234567890Z"), "occurred_at"),
    (hook(event="shipped", tracking_number="T1"), "carrier"),
    (hook(event="shipped", carrier="C"), "tracking_number"),
    (hook(event="arrived"), "point_code"),
    (hook(event="exception"), "message"),
    (hook(carrier="c" * 257), "carrier"),
    (hook(tracking_number="t" * 257), "tracking_number"),
    (hook(message="m" * 257), "message"),
    (hook(point_code="T" * 65), "point_code"),
    (hook(carrier=""), "carrier"),
    (hook(carrier=["DHL"]), "carrier"),
    (hook(message="nul\x00inside"), "message"),
    (hook(message="lone \ud800 surrogate"), "message"),
    (hook(position=[24.1, 120.6]), "position"),
    (hook(position={"lat": 24.1}), "position.lon"),
    (hook(position={"lat": 24.1, "lon": 120.6, "alt": 3}), "position.alt"),
    (hook(position={"lat": 91, "lon": 0}), "position.lat"),
    (hook(position={"lat": 0, "lon": -180.5}), "position.lon"),
    (hook(position={"lat": "24.1", "lon": 0}), "position.lat"),
    (hook(position={"lat": True, "lon": 0}), "position.lat"),
    (hook(temperature_c="4"), "temperature_c"),
    (hook(temperature_c=False), "temperature_c"),
    (hook(temperature_c=100.5), "temperature_c"),
    (hook(temperature_c=10 ** 30), "temperature_c"),
]
# Only a format checker sees February 31st; kept apart so the consistency test can skip it.
CALENDAR_INVALID = [
    (hook(occurred_at="2026-02-29T10:00:00Z"), "occurred_at"),
    (hook(occurred_at="2026-04-31T10:00:00+08:00"), "occurred_at"),
]


# -- parse_webhook: accepted ---------------------------------------------------------------

@pytest.mark.parametrize("doc", VALID)
def test_valid_webhooks_are_accepted(doc):
    result = parse_webhook(encode(doc))
    assert set(result) == set(payload.WEBHOOK_KEYS)
    for key, value in doc.items():
        if key not in ("occurred_at", "position", "temperature_c"):
            assert result[key] == value
    assert result["occurred_at"].tzinfo is not None
    assert result["occurred_at"].utcoffset() == timedelta(0)


def test_webhook_is_normalised():
    body = encode(hook(event="arrived", point_code="TXG", position={"lat": 24, "lon": 120},
                       temperature_c=4, occurred_at="2026-11-25T18:00:00.5+08:00"))
    result = parse_webhook(body)
    assert result["occurred_at"] == datetime(2026, 11, 25, 10, 0, 0, 500000, tzinfo=timezone.utc)
    assert result["position"] == {"lat": 24.0, "lon": 120.0}
    assert isinstance(result["position"]["lat"], float)
    assert isinstance(result["temperature_c"], float)
    assert result["carrier"] is None and result["message"] is None


def test_bytearray_and_memoryview_bodies():
    body = encode(hook())
    assert parse_webhook(bytearray(body)) == parse_webhook(memoryview(body)) == parse_webhook(body)


def test_non_ascii_text_survives():
    result = parse_webhook(encode(hook(event="cancelled", message="顧客取消訂單")))
    assert result["message"] == "顧客取消訂單"


# -- parse_webhook: refused ----------------------------------------------------------------

def refused(body):
    with pytest.raises(PayloadError) as err:
        parse_webhook(body)
    assert isinstance(err.value, ValueError)
    assert err.value.reason == str(err.value)
    return err.value.reason


@pytest.mark.parametrize("doc,field", INVALID + CALENDAR_INVALID)
def test_invalid_webhooks_name_the_field(doc, field):
    reason = refused(encode(doc))
    assert reason.split(":")[0] == field, reason


@pytest.mark.parametrize("body", [
    b"\xff\xfe{}", "{\"event\": \"caf\u00e9\"}".encode("latin-1"), b"\xed\xa0\x80",
])
def test_non_utf8_is_refused(body):
    assert refused(body).startswith("body: not UTF-8")


@pytest.mark.parametrize("body", [b"", b"{", b"{'a': 1}", b"\xef\xbb\xbf{}", b"[" * 50_000,
                                  b'{"a": 1} {"b": 2}'])
def test_non_json_is_refused(body):
    assert refused(body) == "body: not JSON"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant):
    body = encode(hook())[:-1] + b', "temperature_c": ' + constant.encode() + b"}"
    assert refused(body).startswith("body:")


def test_oversized_body_is_refused_before_parsing():
    doc = hook(message="m" * 200)
    body = encode(doc)
    body = body[:-1] + b" " * (payload.MAX_BODY - len(body) + 1) + b"}"
    assert len(body) == payload.MAX_BODY + 1
    assert refused(body).startswith("body: larger than")
    assert parse_webhook(body[:-2] + b"}")["message"] == "m" * 200  # exactly MAX_BODY


def test_duplicate_keys_are_refused():
    body = b'{"event_id": "%s", "event": "accepted", "event": "arrived"}' % EVENT_ID.encode()
    assert refused(body) == "event: duplicate key"


def test_non_bytes_is_refused():
    assert refused(encode(hook()).decode()) == "body: must be bytes"


# -- parse_webhook: properties -------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
NUMBERS = st.one_of(st.integers(-500, 500), st.floats(-500, 500), st.booleans(),
                    st.text(max_size=3))
OCCURRED_AT = st.one_of(
    st.sampled_from([doc["occurred_at"] for doc in VALID]
                    + [doc["occurred_at"] for doc, field in INVALID
                       if field == "occurred_at" and "occurred_at" in doc]),
    st.from_regex(r"(19[6-9][0-9]|2[0-9]{3})-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:"
                  r"[0-6][0-9](\.[0-9]{1,10})?(Z|[+-][0-2][0-9]:[0-6][0-9])", fullmatch=True),
    st.text(max_size=30),
)
OTHER = st.one_of(st.none(), st.booleans(), st.integers(), st.lists(st.integers(), max_size=2))
TEXT = st.one_of(st.text(max_size=8), st.text(min_size=60, max_size=70),
                 st.text(min_size=250, max_size=260))
WEBHOOK_FIELDS = {
    "event_id": st.one_of(st.from_regex(r"[A-Za-z0-9_-]{6,66}", fullmatch=True),
                          st.text(max_size=70), OTHER),
    "event": st.one_of(st.sampled_from(payload.EVENTS + ("delivered", "")), OTHER),
    "order_ref": st.one_of(TEXT, OTHER),
    "occurred_at": st.one_of(OCCURRED_AT, OTHER),
    "carrier": st.one_of(TEXT, OTHER),
    "tracking_number": st.one_of(TEXT, OTHER),
    "point_code": st.one_of(TEXT, OTHER),
    "message": st.one_of(TEXT, OTHER),
    "position": st.one_of(
        st.fixed_dictionaries({}, optional={"lat": NUMBERS, "lon": NUMBERS, "alt": NUMBERS}),
        st.fixed_dictionaries({"lat": st.floats(-100, 100), "lon": st.floats(-200, 200)}),
        OTHER),
    "temperature_c": NUMBERS,
    "pickup_code": st.text(max_size=6),
}


@st.composite
def webhook_like(draw):
    """A valid webhook with 0-3 keys removed or replaced by values good or bad."""
    doc = dict(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(sorted(WEBHOOK_FIELDS)))
        if draw(st.integers(0, 4)) == 0:
            doc.pop(key, None)
        else:
            doc[key] = draw(WEBHOOK_FIELDS[key])
    return doc


def only_payload_errors(body):
    try:
        result = parse_webhook(body)
    except PayloadError as err:
        assert err.reason and isinstance(err.reason, str)
        return None
    assert isinstance(result["occurred_at"], datetime)
    return result


@given(st.binary(max_size=4096))
def test_random_bytes_raise_only_payload_errors(body):
    only_payload_errors(body)


@given(JSON_VALUES)
def test_random_json_values_raise_only_payload_errors(value):
    only_payload_errors(json.dumps(value).encode())


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(webhook_like())
def test_near_miss_webhooks_raise_only_payload_errors(doc):
    only_payload_errors(json.dumps(doc).encode())


# -- parse_webhook agrees with vendor_webhook.schema.json ----------------------------------

def load_schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def webhook_validator():
    schema = load_schema("vendor_webhook.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def parser_accepts(doc):
    try:
        parse_webhook(encode(doc))
    except PayloadError:
        return False
    return True


@needs_jsonschema
def test_schema_and_parser_agree_on_the_corpus():
    validator = webhook_validator()
    corpus = [(doc, True) for doc in VALID] + [(doc, False) for doc, _ in INVALID]
    # jsonschema checks "date-time" only when rfc3339-validator is installed; without it the
    # schema cannot see February 31st, which the parser still refuses.
    if not validator.format_checker.conforms("2026-02-30T10:00:00Z", "date-time"):
        corpus += [(doc, False) for doc, _ in CALENDAR_INVALID]
    for doc, expected in corpus:
        assert validator.is_valid(doc) is expected, doc
        assert parser_accepts(doc) is expected, doc


@needs_jsonschema
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(webhook_like())
def test_schema_and_parser_agree_on_near_misses(doc):
    assert webhook_validator().is_valid(doc) is parser_accepts(doc), doc


# -- build_order_payload -------------------------------------------------------------------

LINE = {"sku": "GB-VEG", "name": "Fresh vegetable box", "qty": 2, "uom": "Units"}
SHIP_TO = {"point_code": "TXG", "name": "台中取貨點", "street": "台灣大道一段 1 號",
           "city": "台中市", "zip": "403", "phone": "+886422000000", "hours": "10:00-21:00"}
CALLBACK = "http://127.0.0.1:8069/dropship/webhook/3"


def order(**changes):
    args = {"order_ref": "P00012", "sale_ref": "S00034", "lines": [dict(LINE)],
            "ship_to": dict(SHIP_TO), "callback_url": CALLBACK}
    args.update(changes)
    return args


def test_order_payload_has_exactly_the_schema_shape():
    args = order()
    before = copy.deepcopy(args)
    result = build_order_payload(**args)
    assert result == {
        "order_ref": "P00012", "sale_ref": "S00034",
        "lines": [{"sku": "GB-VEG", "name": "Fresh vegetable box", "qty": 2.0, "uom": "Units"}],
        "ship_to": SHIP_TO, "callback_url": CALLBACK,
    }
    assert isinstance(result["lines"][0]["qty"], float)
    assert args == before and result["lines"][0] is not args["lines"][0]
    assert json.loads(json.dumps(result)) == result


def test_order_payload_drops_odoo_empty_values_and_takes_tuples():
    result = build_order_payload(**order(
        lines=(dict(LINE, qty=0.5),),
        ship_to={"point_code": "TXG", "name": "台中取貨點", "street": False, "zip": None,
                 "phone": ""}))
    assert result["ship_to"] == {"point_code": "TXG", "name": "台中取貨點", "phone": ""}
    assert result["lines"][0]["qty"] == 0.5


ORDER_INVALID = [
    (order(order_ref=""), "order_ref"),
    (order(order_ref="P" * 65), "order_ref"),
    (order(order_ref=12), "order_ref"),
    (order(sale_ref=None), "sale_ref"),
    (order(sale_ref="S\x00"), "sale_ref"),
    (order(lines=[]), "lines"),
    (order(lines={"sku": "A"}), "lines"),
    (order(lines="GB-VEG"), "lines"),
    (order(lines=[dict(LINE)] * 501), "lines"),
    (order(lines=["GB-VEG"]), "lines[0]"),
    (order(lines=[dict(LINE), dict(LINE, qty=0)]), "lines[1].qty"),
    (order(lines=[dict(LINE, qty=-1)]), "lines[0].qty"),
    (order(lines=[dict(LINE, qty=True)]), "lines[0].qty"),
    (order(lines=[dict(LINE, qty="2")]), "lines[0].qty"),
    (order(lines=[dict(LINE, qty=float("nan"))]), "lines[0].qty"),
    (order(lines=[dict(LINE, qty=1_000_001)]), "lines[0].qty"),
    (order(lines=[dict(LINE, sku="")]), "lines[0].sku"),
    (order(lines=[dict(LINE, name="n" * 257)]), "lines[0].name"),
    (order(lines=[dict(LINE, uom=None)]), "lines[0].uom"),
    (order(lines=[{"sku": "A", "name": "B", "qty": 1}]), "lines[0].uom"),
    (order(lines=[dict(LINE, pickup_code="123456")]), "lines[0].pickup_code"),
    (order(ship_to=None), "ship_to"),
    (order(ship_to={"name": "台中取貨點"}), "ship_to.point_code"),
    (order(ship_to=dict(SHIP_TO, name="")), "ship_to.name"),
    (order(ship_to=dict(SHIP_TO, street="s" * 257)), "ship_to.street"),
    (order(ship_to=dict(SHIP_TO, phone=886)), "ship_to.phone"),
    (order(ship_to=dict(SHIP_TO, pickup_code="123456")), "ship_to.pickup_code"),
    (order(callback_url="ftp://127.0.0.1/x"), "callback_url"),
    (order(callback_url="http://127.0.0.1/a b"), "callback_url"),
    (order(callback_url="http://"), "callback_url"),
    (order(callback_url=None), "callback_url"),
    (order(callback_url="http://h/" + "x" * 2048), "callback_url"),
]


@pytest.mark.parametrize("args,field", ORDER_INVALID)
def test_invalid_orders_name_the_field(args, field):
    with pytest.raises(PayloadError) as err:
        build_order_payload(**args)
    assert err.value.reason.split(":")[0] == field, err.value.reason


@needs_jsonschema
def test_order_schema_agrees_with_the_builder():
    schema = load_schema("vendor_order.schema.json")
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    assert validator.is_valid(build_order_payload(**order()))
    for args, _ in ORDER_INVALID:
        if isinstance(args["lines"], tuple):
            continue
        doc = json.loads(json.dumps(args)) if _json_safe(args) else None
        if doc is not None:
            assert not validator.is_valid(doc), args
    assert not validator.is_valid(dict(build_order_payload(**order()), pickup_code="123456"))


def _json_safe(value):
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


@given(st.lists(st.fixed_dictionaries({
    "sku": TEXT, "name": TEXT, "uom": TEXT,
    "qty": st.one_of(st.floats(-1, 2_000_000, allow_nan=False), st.integers(-1, 2_000_000)),
}), max_size=3), TEXT)
def test_builder_output_always_matches_the_schema(lines, ref):
    try:
        result = build_order_payload(ref, "S00034", lines, SHIP_TO, CALLBACK)
    except PayloadError:
        return
    if Draft202012Validator is not None:
        validator = Draft202012Validator(load_schema("vendor_order.schema.json"))
        assert validator.is_valid(result)
