"""Rotating codes: RFC 6238 values, one step of drift accepted either side, two refused."""

import base64

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pickup_code.core.totp import (
    TOTP_STEP_SECONDS,
    new_totp_secret,
    totp_at,
    totp_match_step,
    totp_verify,
)

# RFC 6238 appendix B uses the ASCII key "12345678901234567890" (SHA-1).
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
SECRET = new_totp_secret()
times = st.integers(min_value=200 * TOTP_STEP_SECONDS, max_value=2**33)


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_totp_matches_rfc_6238_vectors(unix_time, code):
    assert totp_at(RFC_SECRET, unix_time) == code
    assert totp_verify(RFC_SECRET, code, unix_time)


def test_new_secret_is_160_bit_base32_and_fresh():
    secret = new_totp_secret()
    assert len(secret) == 32 and len(base64.b32decode(secret)) == 20
    assert len({new_totp_secret() for _ in range(1000)}) == 1000


def test_code_is_six_digits_stable_within_a_step():
    start = 1_750_000_020  # a step boundary
    assert start % TOTP_STEP_SECONDS == 0
    code = totp_at(SECRET, start)
    assert len(code) == 6 and code.isdigit()
    assert totp_at(SECRET, start + 29) == code


@given(times)
def test_one_step_of_drift_is_accepted_either_way(now):
    assert totp_verify(SECRET, totp_at(SECRET, now), now)
    assert totp_verify(SECRET, totp_at(SECRET, now - TOTP_STEP_SECONDS), now)
    assert totp_verify(SECRET, totp_at(SECRET, now + TOTP_STEP_SECONDS), now)


@given(times, st.sampled_from([-2, 2, -3, 3, -100]))
def test_two_or_more_steps_of_drift_are_refused(now, steps):
    stale = totp_at(SECRET, now + steps * TOTP_STEP_SECONDS)
    # A 6-digit code can repeat by chance; only a code unique to that step proves anything.
    window = {totp_at(SECRET, now + k * TOTP_STEP_SECONDS) for k in (-1, 0, 1)}
    assume(stale not in window)
    assert not totp_verify(SECRET, stale, now)


def test_window_zero_accepts_only_the_current_step():
    now = 1_750_000_000
    previous = totp_at(RFC_SECRET, now - TOTP_STEP_SECONDS)
    assert previous != totp_at(RFC_SECRET, now)
    assert totp_verify(RFC_SECRET, totp_at(RFC_SECRET, now), now, window=0)
    assert not totp_verify(RFC_SECRET, previous, now, window=0)


def test_match_step_names_the_step_for_replay_checks():
    now = 1_750_000_000
    step = now // TOTP_STEP_SECONDS
    assert totp_match_step(RFC_SECRET, totp_at(RFC_SECRET, now), now) == step
    assert totp_match_step(RFC_SECRET, totp_at(RFC_SECRET, now - 30), now) == step - 1
    assert totp_match_step(RFC_SECRET, "abcdef", now) is None


@pytest.mark.parametrize("typed", ["287 082", " 287082 ", "28 70 82"])
def test_spaces_in_typed_code_are_ignored(typed):
    assert totp_verify(RFC_SECRET, typed, 59)


@pytest.mark.parametrize(
    "typed", ["", "28708", "2870820", "28708a", "２８７０８２", "287-082", None, 287082]
)
def test_malformed_codes_are_refused_not_raised(typed):
    assert not totp_verify(RFC_SECRET, typed, 59)


def test_negative_window_is_refused():
    with pytest.raises(ValueError):
        totp_verify(RFC_SECRET, "287082", 59, window=-1)


def test_times_before_the_epoch_step_are_skipped_not_raised():
    assert totp_verify(RFC_SECRET, totp_at(RFC_SECRET, 0), 10)
