"""Lockout and rate-limit arithmetic at the boundaries."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core.limits import (
    LOCKOUT_MINUTES,
    LOCKOUT_THRESHOLD,
    RATE_LIMIT_PER_MINUTE,
    is_locked,
    is_rate_limited,
    lockout_until,
    window_start,
)

NOW = datetime(2025, 6, 1, 10, 0, 0)


def test_defaults_match_design():
    assert (LOCKOUT_THRESHOLD, LOCKOUT_MINUTES, RATE_LIMIT_PER_MINUTE) == (5, 30, 20)


def test_four_failed_checks_do_not_lock_five_do():
    assert lockout_until(4, LOCKOUT_THRESHOLD, NOW, LOCKOUT_MINUTES) is None
    assert lockout_until(5, LOCKOUT_THRESHOLD, NOW, LOCKOUT_MINUTES) == NOW + timedelta(minutes=30)
    assert lockout_until(6, LOCKOUT_THRESHOLD, NOW, LOCKOUT_MINUTES) == NOW + timedelta(minutes=30)
    assert lockout_until(0, LOCKOUT_THRESHOLD, NOW, LOCKOUT_MINUTES) is None


@pytest.mark.parametrize(("threshold", "minutes"), [(0, 30), (-1, 30), (5, -1)])
def test_lockout_refuses_nonsense_settings(threshold, minutes):
    with pytest.raises(ValueError):
        lockout_until(10, threshold, NOW, minutes)


def test_lock_holds_until_its_end_exactly():
    until = NOW + timedelta(minutes=30)
    assert not is_locked(None, NOW)
    assert is_locked(until, NOW)
    assert is_locked(until, until - timedelta(microseconds=1))
    assert not is_locked(until, until)
    assert not is_locked(until, until + timedelta(seconds=1))


def test_twentieth_failing_scan_allowed_twenty_first_refused():
    # ``recent_failures`` is what the log already holds for the station this minute.
    assert not is_rate_limited(18, RATE_LIMIT_PER_MINUTE)  # the 19th scan
    assert not is_rate_limited(19, RATE_LIMIT_PER_MINUTE)  # the 20th scan: last allowed
    assert is_rate_limited(20, RATE_LIMIT_PER_MINUTE)  # the 21st scan: refused
    assert is_rate_limited(21, RATE_LIMIT_PER_MINUTE)


def test_simulated_burst_allows_exactly_the_limit():
    logged = 0
    allowed = 0
    for _scan in range(50):
        if is_rate_limited(logged, RATE_LIMIT_PER_MINUTE):
            continue
        allowed += 1
        logged += 1  # every scan in the burst is a failed guess
    assert allowed == RATE_LIMIT_PER_MINUTE


def test_rate_limit_refuses_nonsense_limit():
    with pytest.raises(ValueError):
        is_rate_limited(0, 0)


@given(st.integers(0, 1000), st.integers(1, 1000))
def test_rate_limit_is_a_threshold(failures, limit):
    assert is_rate_limited(failures, limit) == (failures >= limit)
    if is_rate_limited(failures, limit):
        assert is_rate_limited(failures + 1, limit)


def test_window_start_is_one_minute_back_by_default():
    assert window_start(NOW) == NOW - timedelta(seconds=60)
    assert window_start(NOW, 300) == NOW - timedelta(minutes=5)
    with pytest.raises(ValueError):
        window_start(NOW, 0)


def test_rate_limit_counts_user_and_point_not_only_the_station():
    from pickup_code.core.limits import POINT_LIMIT_FACTOR, rate_limited_scope

    assert rate_limited_scope({"station": 0, "user": 0, "point": 0}, 20) is None
    assert rate_limited_scope({"station": 20}, 20) == "station"
    # A guesser naming a new station per request: its user still meets the limit.
    assert rate_limited_scope({"station": 0, "user": 20, "point": 20}, 20) == "user"
    assert rate_limited_scope({"station": 1, "user": 5, "point": 20 * POINT_LIMIT_FACTOR},
                              20) == "point"
    assert rate_limited_scope({"point": 20 * POINT_LIMIT_FACTOR - 1}, 20) is None
