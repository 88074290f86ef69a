"""Drop-ship wire payloads: the vendor webhook parser and the outbound order builder.

Standard library only, no Odoo imports: the reference vendor in ``tests/vendor`` loads this
file by path. The rules mirror ``data/schemas/vendor_webhook.schema.json`` and
``data/schemas/vendor_order.schema.json`` (JSON Schema 2020-12); a tier-1 test checks that
``parse_webhook`` accepts exactly what the webhook schema accepts.
"""

import json
import math
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

MAX_BODY = 64 * 1024
MAX_TEXT = 256
MAX_REF = 64
MAX_URL = 2048
MAX_LINES = 500
MAX_QTY = 1_000_000

EVENTS = ("accepted", "shipped", "in_transit", "arrived", "cancelled", "exception")
# event -> fields that become required for it
CONDITIONAL = {
    "shipped": ("carrier", "tracking_number"),
    "arrived": ("point_code",),
    "exception": ("message",),
}
WEBHOOK_REQUIRED = ("event_id", "event", "order_ref", "occurred_at")
WEBHOOK_OPTIONAL = ("carrier", "tracking_number", "point_code", "message", "position",
                    "temperature_c")
WEBHOOK_KEYS = WEBHOOK_REQUIRED + WEBHOOK_OPTIONAL
TEMPERATURE_RANGE = (-100.0, 100.0)

ORDER_KEYS = ("order_ref", "sale_ref", "lines", "ship_to", "callback_url")
LINE_KEYS = ("sku", "name", "qty", "uom")
SHIP_TO_REQUIRED = ("point_code", "name")
SHIP_TO_OPTIONAL = ("street", "city", "zip", "phone", "hours")

EVENT_ID_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
# RFC 3339 date-time with a mandatory offset, years 1970-2999 (so that converting to UTC
# never overflows); [0-9] rather than \d, which matches any Unicode digit in Python. The
# calendar (February 31st) is checked by datetime.
OCCURRED_AT_RE = re.compile(
    r"(?P<year>19[7-9][0-9]|2[0-9]{3})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9])"
    r"(?:\.(?P<fraction>[0-9]{1,9}))?"
    r"(?P<tz>Z|(?P<sign>[+-])(?P<tzh>[01][0-9]|2[0-3]):(?P<tzm>[0-5][0-9]))"
)
CALLBACK_URL_RE = re.compile(r"https?://\S+")
# NUL cannot be stored in PostgreSQL text; lone surrogates cannot be encoded as UTF-8.
BAD_CHAR_RE = re.compile("[\x00\ud800-\udfff]")


class PayloadError(ValueError):
    """A payload breaks the wire protocol; ``reason`` is short English naming the field."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# -- shared checks -------------------------------------------------------------------------

def _text(value, field, max_length=MAX_TEXT, min_length=1):
    if not isinstance(value, str):
        raise PayloadError("%s: must be a string" % field)
    if len(value) < min_length:
        raise PayloadError("%s: must not be empty" % field)
    if len(value) > max_length:
        raise PayloadError("%s: longer than %d characters" % (field, max_length))
    if BAD_CHAR_RE.search(value):
        raise PayloadError("%s: contains a NUL or an unpaired surrogate" % field)
    return value


def _number(value, field, low=None, high=None, low_exclusive=False):
    # bool is an int subclass in Python but not a JSON number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PayloadError("%s: must be a number" % field)
    if isinstance(value, float) and not math.isfinite(value):
        raise PayloadError("%s: must be a finite number" % field)
    if low is not None and (value <= low if low_exclusive else value < low):
        raise PayloadError("%s: must be %s %s" % (field, ">" if low_exclusive else ">=", low))
    if high is not None and value > high:
        raise PayloadError("%s: must be <= %s" % (field, high))
    return float(value)


def _keys(obj, field, allowed, required):
    """Refuse keys outside ``allowed`` and missing ``required`` ones; ``field`` is the path."""
    prefix = field + "." if field else ""
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        raise PayloadError("%s%s: unknown field" % (prefix, unknown[0][:MAX_REF]))
    for key in required:
        if key not in obj:
            raise PayloadError("%s%s: required" % (prefix, key))


def _reject_constant(name):
    raise PayloadError("body: %s is not valid JSON" % name)


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise PayloadError("%s: duplicate key" % key[:MAX_REF])
        obj[key] = value
    return obj


# -- webhook (vendor -> Odoo) --------------------------------------------------------------

def parse_occurred_at(value, field="occurred_at"):
    """:return: the RFC 3339 ``value`` as an aware ``datetime`` in UTC."""
    if not isinstance(value, str):
        raise PayloadError("%s: must be a string" % field)
    match = OCCURRED_AT_RE.fullmatch(value)
    if not match:
        raise PayloadError("%s: must be an ISO-8601 date-time with a timezone between "
                           "1970 and 2999, e.g. 2026-11-25T10:00:00Z" % field)
    parts = match.groupdict()
    if parts["tz"] == "Z":
        tz = timezone.utc
    else:
        offset = timedelta(hours=int(parts["tzh"]), minutes=int(parts["tzm"]))
        tz = timezone(-offset if parts["sign"] == "-" else offset)
    micro = int((parts["fraction"] or "0").ljust(6, "0")[:6])
    try:
        moment = datetime(int(parts["year"]), int(parts["month"]), int(parts["day"]),
                          int(parts["hour"]), int(parts["minute"]), int(parts["second"]),
                          micro, tzinfo=tz)
    except ValueError:
        raise PayloadError("%s: not a calendar date" % field)
    return moment.astimezone(timezone.utc)


def parse_webhook(body: bytes) -> dict:
    """Decode and validate a vendor webhook body.

    :param bytes body: the raw request body (the bytes the signature was computed over)
    :return: a dict with every key of the protocol (absent optional ones are ``None``);
        ``occurred_at`` is an aware ``datetime`` in UTC, ``position`` a dict of floats
        ``{"lat", "lon"}``, ``temperature_c`` a float
    :raises PayloadError: the first rule broken, ``reason`` naming the field
    """
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise PayloadError("body: must be bytes")
    body = bytes(body)
    if len(body) > MAX_BODY:
        raise PayloadError("body: larger than %d bytes" % MAX_BODY)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError("body: not UTF-8")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates,
                          parse_constant=_reject_constant)
    except PayloadError:
        raise
    except (ValueError, RecursionError):
        raise PayloadError("body: not JSON")
    if not isinstance(data, dict):
        raise PayloadError("body: must be a JSON object")

    _keys(data, "", WEBHOOK_KEYS, WEBHOOK_REQUIRED)
    event_id = data["event_id"]
    if not isinstance(event_id, str) or not EVENT_ID_RE.fullmatch(event_id):
        raise PayloadError("event_id: must be 8-64 characters of A-Z a-z 0-9 _ -")
    event = data["event"]
    if event not in EVENTS:
        raise PayloadError("event: must be one of %s" % ", ".join(EVENTS))
    result = dict.fromkeys(WEBHOOK_KEYS)
    result.update(event_id=event_id, event=event)
    result["order_ref"] = _text(data["order_ref"], "order_ref", MAX_REF)
    result["occurred_at"] = parse_occurred_at(data["occurred_at"])
    for key, limit in (("carrier", MAX_TEXT), ("tracking_number", MAX_TEXT),
                       ("point_code", MAX_REF), ("message", MAX_TEXT)):
        if key in data:
            result[key] = _text(data[key], key, limit)
    if "position" in data:
        position = data["position"]
        if not isinstance(position, dict):
            raise PayloadError("position: must be an object")
        _keys(position, "position", ("lat", "lon"), ("lat", "lon"))
        result["position"] = {
            "lat": _number(position["lat"], "position.lat", -90, 90),
            "lon": _number(position["lon"], "position.lon", -180, 180),
        }
    if "temperature_c" in data:
        result["temperature_c"] = _number(data["temperature_c"], "temperature_c",
                                          *TEMPERATURE_RANGE)
    for key in CONDITIONAL.get(event, ()):
        if key not in data:
            raise PayloadError("%s: required for event %r" % (key, event))
    return result


# -- outbound order (Odoo -> vendor) -------------------------------------------------------

def build_order_payload(order_ref, sale_ref, lines, ship_to, callback_url) -> dict:
    """The JSON body of ``POST {base_url}/orders``, validated.

    :param str order_ref: the purchase order name, e.g. ``P00012``
    :param str sale_ref: the sale order name, e.g. ``S00034``
    :param lines: non-empty list (or tuple) of mappings with exactly ``sku``, ``name``, ``qty``
        (number > 0) and ``uom``
    :param ship_to: mapping with ``point_code`` and ``name`` and optionally ``street``,
        ``city``, ``zip``, ``phone``, ``hours``; optional values that are ``None`` or
        ``False`` (Odoo's empty field) are left out
    :param str callback_url: the ``http(s)://`` URL the vendor posts webhooks to
    :return: a new dict of exactly the schema's shape (``qty`` as float); any other key
        (a pickup code, say) is refused rather than passed on
    :raises PayloadError: the first rule broken, ``reason`` naming the field
    """
    payload = {
        "order_ref": _text(order_ref, "order_ref", MAX_REF),
        "sale_ref": _text(sale_ref, "sale_ref", MAX_REF),
    }
    if not isinstance(lines, (list, tuple)):
        raise PayloadError("lines: must be a list")
    if not lines:
        raise PayloadError("lines: at least one line is required")
    if len(lines) > MAX_LINES:
        raise PayloadError("lines: more than %d lines" % MAX_LINES)
    payload["lines"] = []
    for index, line in enumerate(lines):
        field = "lines[%d]" % index
        if not isinstance(line, Mapping):
            raise PayloadError("%s: must be an object" % field)
        _keys(line, field, LINE_KEYS, LINE_KEYS)
        payload["lines"].append({
            "sku": _text(line["sku"], field + ".sku", MAX_REF),
            "name": _text(line["name"], field + ".name"),
            "qty": _number(line["qty"], field + ".qty", 0, MAX_QTY, low_exclusive=True),
            "uom": _text(line["uom"], field + ".uom", MAX_REF),
        })
    if not isinstance(ship_to, Mapping):
        raise PayloadError("ship_to: must be an object")
    _keys(ship_to, "ship_to", SHIP_TO_REQUIRED + SHIP_TO_OPTIONAL, SHIP_TO_REQUIRED)
    payload["ship_to"] = {
        "point_code": _text(ship_to["point_code"], "ship_to.point_code", MAX_REF),
        "name": _text(ship_to["name"], "ship_to.name"),
    }
    for key in SHIP_TO_OPTIONAL:
        value = ship_to.get(key)
        if value is None or value is False:
            continue
        payload["ship_to"][key] = _text(value, "ship_to." + key, min_length=0)
    _text(callback_url, "callback_url", MAX_URL)
    if not CALLBACK_URL_RE.fullmatch(callback_url):
        raise PayloadError("callback_url: must be an http:// or https:// URL without spaces")
    payload["callback_url"] = callback_url
    return payload
