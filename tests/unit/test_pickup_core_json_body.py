"""API bodies: hostile nesting and NUL characters are a clear 400, never a RecursionError."""

import pytest

from pickup_code.core import json_body


def _nested(depth, open_="[", close="]"):
    return ('{"a": %s%s}' % (open_ * depth, close * depth)).encode()


@pytest.mark.parametrize("raw", [
    b"[" * 30000 + b"]" * 30000,
    _nested(5000, '{"a": ', "}"),
    _nested(40),
    b"{not json", b"\xff\xfe", b"[]", b'"text"',
    b'{"code": "a\\u0000b"}', b'{"x\\u0000": 1}',
    b'{"code": "x", "point": "\\ud800"}',  # a lone surrogate: valid JSON, no storable text
])
def test_refused_with_a_reason(raw):
    with pytest.raises(json_body.BodyError) as refused:
        json_body.parse_object(raw)
    assert str(refused.value)


def test_a_normal_body_and_the_deepest_allowed():
    assert json_body.parse_object(b'{"code": "x", "steps": {"id_check": {"last4": "1"}}}')
    assert json_body.parse_object(_nested(json_body.MAX_DEPTH - 1))  # depth 32
    with pytest.raises(json_body.BodyError):
        json_body.parse_object(_nested(json_body.MAX_DEPTH))  # depth 33
