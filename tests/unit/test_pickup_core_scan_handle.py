"""The verified handle of a scan: only for its user, point and quarter of an hour."""

import pytest

from pickup_code.core import scan_handle
from pickup_code.core.scan_handle import InvalidHandle

KEY = b"k" * 32
NOW = 1_800_000_000


def _handle(**over):
    values = dict(code_id=7, point_id=2, user_id=9, seen_count=1, steps=("id_check",),
                  input_kind="qr", now=NOW)
    values.update(over)
    return scan_handle.sign(KEY, **values)


def test_round_trip():
    seen = scan_handle.read(KEY, _handle(), point_id=2, user_id=9, now=NOW + 60)
    assert seen == {"code_id": 7, "seen_count": 1, "steps": ("id_check",), "input_kind": "qr"}


@pytest.mark.parametrize("point_id, user_id, now", [
    (3, 9, NOW),                                # another point
    (2, 10, NOW),                               # another clerk
    (2, 9, NOW + scan_handle.TTL_SECONDS),      # expired
])
def test_only_for_its_user_point_and_time(point_id, user_id, now):
    with pytest.raises(InvalidHandle):
        scan_handle.read(KEY, _handle(), point_id=point_id, user_id=user_id, now=now)


def test_forged_or_garbled_is_refused():
    handle = _handle()
    head, _dot, mac = handle.partition(".")
    other = _handle(code_id=8).partition(".")[0]
    for bad in (other + "." + mac, head + "." + mac[:-2] + "AA", "", "x" * 600, None, 7,
                head, handle + ".x", "!!.!!"):
        with pytest.raises(InvalidHandle):
            scan_handle.read(KEY, bad, point_id=2, user_id=9, now=NOW)
    with pytest.raises(InvalidHandle):
        scan_handle.read(b"other key".ljust(32), handle, point_id=2, user_id=9, now=NOW)
