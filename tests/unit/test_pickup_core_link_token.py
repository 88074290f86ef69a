"""Short signed links: round trip, forgery, binding to the code version, length."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core import link_token

PEPPER = b"p" * 32


@given(st.integers(1, 2**32 - 1), st.text(max_size=64))
def test_round_trip(code_id, bind):
    token = link_token.sign(PEPPER, code_id, bind)
    assert len(token) == link_token.TOKEN_LENGTH == 16
    assert link_token.read_id(token) == code_id
    assert link_token.verify(PEPPER, token, bind, 0) == code_id


def test_forged_rebound_and_other_pepper_fail():
    token = link_token.sign(PEPPER, 7, "hash-1")
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(PEPPER, token, "hash-2", 10)  # regenerated code
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(b"q" * 32, token, "hash-1", 10)
    forged = link_token.sign(PEPPER, 8, "hash-1")[:6] + token[6:]
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(PEPPER, forged, "hash-1", 10)


def test_links_of_the_earlier_layout_still_open_until_their_expiry():
    token = link_token.sign_legacy(PEPPER, 7, 1000, "hash-1")
    assert len(token) == link_token.LEGACY_TOKEN_LENGTH
    assert link_token.read_id(token) == 7
    assert link_token.verify(PEPPER, token, "hash-1", 1000) == 7
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(PEPPER, token, "hash-1", 1001)
    with pytest.raises(link_token.InvalidLink):
        link_token.verify(PEPPER, token, "hash-2", 10)


@pytest.mark.parametrize("junk", ["", "x" * 15, "x" * 17, "x" * 23, "x" * 25, "!" * 16,
                                  "!" * 24, None, 5])
def test_junk_is_invalid(junk):
    with pytest.raises(link_token.InvalidLink):
        link_token.read_id(junk)


def test_out_of_range_is_refused_when_signing():
    with pytest.raises(ValueError):
        link_token.sign(PEPPER, 0, "")
    with pytest.raises(ValueError):
        link_token.sign(PEPPER, 2**32, "")
