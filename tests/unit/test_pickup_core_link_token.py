"""Short signed links: round trip, forgery, binding to the code version, expiry."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core import link_token

PEPPER = b"p" * 32


@given(st.integers(1, 2**32 - 1), st.integers(0, 2**32 - 1), st.text(max_size=64))
def test_round_trip(code_id, expiry, bind):
    token = link_token.sign(PEPPER, code_id, expiry, bind)
    assert len(token) == link_token.TOKEN_LENGTH
    assert link_token.read_id(token) == code_id
    assert link_token.verify(PEPPER, token, bind, expiry) == code_id


def test_expired_forged_rebound_and_other_pepper_fail():
    token = link_token.sign(PEPPER, 7, 1000, "hash-1")
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(PEPPER, token, "hash-1", 1001)
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(PEPPER, token, "hash-2", 10)  # regenerated code
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(b"q" * 32, token, "hash-1", 10)
    forged = link_token.sign(PEPPER, 8, 1000, "hash-1")[:11] + token[11:]
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(PEPPER, forged, "hash-1", 10)


@pytest.mark.parametrize("junk", ["", "x" * 23, "x" * 25, "!" * 24, None, 5])
def test_junk_is_invalid(junk):
    with pytest.raises(link_token.InvalidLink):
        link_token.read_id(junk)


def test_out_of_range_is_refused_when_signing():
    with pytest.raises(ValueError):
        link_token.sign(PEPPER, 0, 10, "")
    with pytest.raises(ValueError):
        link_token.sign(PEPPER, 1, 2**32, "")
