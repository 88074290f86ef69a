"""Retry schedule of buyer notifications: parsing the data and the back-off decisions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core.retry import (
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_SCHEDULE,
    MAX_DELAY_MINUTES,
    is_exhausted,
    next_delay_minutes,
    parse_max_attempts,
    parse_schedule,
)


def test_schedule_is_read_from_text_and_garbage_gives_the_default():
    assert parse_schedule("5, 15,60") == (5, 15, 60)
    assert parse_schedule("") == DEFAULT_SCHEDULE
    assert parse_schedule(None) == DEFAULT_SCHEDULE
    assert parse_schedule("x,-3,") == DEFAULT_SCHEDULE
    assert parse_schedule("0,99999999") == (1, MAX_DELAY_MINUTES)
    assert parse_schedule("٣") == DEFAULT_SCHEDULE, "non-ASCII digits are not numbers here"


def test_max_attempts_is_bounded():
    assert parse_max_attempts("3") == 3
    assert parse_max_attempts("0") == 1
    assert parse_max_attempts("1000") == 100
    assert parse_max_attempts("many") == DEFAULT_MAX_ATTEMPTS


def test_delays_grow_then_the_last_repeats():
    assert [next_delay_minutes(n, (5, 15, 60)) for n in range(1, 6)] == [5, 15, 60, 60, 60]


@pytest.mark.parametrize("attempt", [0, -1])
def test_attempts_start_at_one(attempt):
    with pytest.raises(ValueError):
        next_delay_minutes(attempt)


def test_empty_schedule_is_a_programmer_error():
    with pytest.raises(ValueError):
        next_delay_minutes(1, ())


def test_flagged_exactly_at_the_maximum():
    assert not is_exhausted(4, 5)
    assert is_exhausted(5, 5)
    assert is_exhausted(6, 5)


@given(st.text(max_size=40), st.integers(min_value=1, max_value=1000))
def test_any_text_gives_a_usable_schedule(text, attempt):
    schedule = parse_schedule(text)
    assert schedule and all(1 <= d <= MAX_DELAY_MINUTES for d in schedule)
    assert next_delay_minutes(attempt, schedule) in schedule
