"""Attempt-log hash chain: intact chains verify, any edit is located."""

import hashlib
import json
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core.hash_chain import GENESIS, first_broken, row_digest


def _chain(field_rows):
    rows, prev = [], GENESIS
    for fields in field_rows:
        digest = row_digest(prev, fields)
        rows.append((fields, prev, digest))
        prev = digest
    return rows


FIELDS = [
    {"code_id": 1, "reason": "ok", "station": "A", "at": datetime(2025, 6, 1, 10, 0)},
    {"code_id": 2, "reason": "unknown", "station": "A", "at": datetime(2025, 6, 1, 10, 1)},
    {"code_id": 3, "reason": "id_mismatch", "station": "B", "note": "領貨"},
    {"code_id": 3, "reason": "ok", "station": "B"},
    {"code_id": None, "reason": "malformed", "station": "C"},
]


def test_digest_is_sha256_of_prev_and_canonical_json():
    fields = {"b": 1, "a": "領"}
    expected = hashlib.sha256((GENESIS + '{"a":"領","b":1}').encode("utf-8")).hexdigest()
    assert row_digest(GENESIS, fields) == expected


def test_digest_ignores_key_order_but_not_values():
    assert row_digest(GENESIS, {"a": 1, "b": 2}) == row_digest(GENESIS, {"b": 2, "a": 1})
    assert row_digest(GENESIS, {"a": 1}) != row_digest(GENESIS, {"a": 2})
    assert row_digest(GENESIS, {"a": 1}) != row_digest("1" * 64, {"a": 1})


def test_digest_serialises_datetimes_as_text():
    at = datetime(2025, 6, 1, 10, 0)
    assert row_digest(GENESIS, {"at": at}) == row_digest(GENESIS, {"at": str(at)})
    json.dumps({"at": str(at)})  # the canonical form is plain JSON


@pytest.mark.parametrize("prev", ["", "0" * 63, "G" * 64, "A" * 64, None])
def test_digest_refuses_malformed_previous_hash(prev):
    with pytest.raises(ValueError):
        row_digest(prev, {})


def test_intact_chain_verifies():
    assert first_broken(_chain(FIELDS)) is None
    assert first_broken([]) is None


def test_edited_middle_row_is_located():
    rows = _chain(FIELDS)
    fields, prev, digest = rows[2]
    rows[2] = ({**fields, "reason": "ok"}, prev, digest)
    assert first_broken(rows) == 2


def test_edited_row_with_recomputed_digest_breaks_the_next_row():
    rows = _chain(FIELDS)
    fields, prev, _digest = rows[2]
    forged = {**fields, "reason": "ok"}
    rows[2] = (forged, prev, row_digest(prev, forged))
    assert first_broken(rows) == 3


def test_deleted_row_is_located():
    rows = _chain(FIELDS)
    del rows[1]
    assert first_broken(rows) == 1


def test_swapped_rows_are_located():
    rows = _chain(FIELDS)
    rows[1], rows[2] = rows[2], rows[1]
    assert first_broken(rows) == 1


def test_first_row_must_start_from_genesis():
    rows = _chain(FIELDS)
    assert first_broken(rows[1:]) == 0


def test_unserialisable_fields_count_as_broken():
    rows = _chain(FIELDS)
    rows[1] = ({1: "x", "a": "y"}, rows[1][1], rows[1][2])  # mixed key types cannot sort
    assert first_broken(rows) == 1


row_fields = st.dictionaries(
    st.text(max_size=8),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
    max_size=5,
)


@given(st.lists(row_fields, min_size=1, max_size=12), st.data())
def test_any_edited_row_is_the_first_broken(field_rows, data):
    rows = _chain(field_rows)
    assert first_broken(rows) is None
    index = data.draw(st.integers(0, len(rows) - 1))
    fields, prev, digest = rows[index]
    rows[index] = ({**fields, "__tampered__": True}, prev, digest)
    assert first_broken(rows) == index
