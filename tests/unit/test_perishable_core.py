"""Perishables core (pickup_perishable): windows, reminder schedule, temperature ranges."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pickup_perishable.core import perishable
from pickup_perishable.core.perishable import TemperatureRange

T0 = datetime(2026, 11, 25, 8, 0)


def test_window_is_the_most_perishable_product():
    assert perishable.window_hours([24, 12, None, 0]) == 12
    assert perishable.window_hours([None, 0], default=36) == 36
    assert perishable.window_hours([], default=0) == 1, "never a zero-hour window"


def test_deadline_never_after_the_goods_expire():
    assert perishable.deadline(T0, 24) == T0 + timedelta(hours=24)
    lot_expiry = T0 + timedelta(hours=10)
    assert perishable.deadline(T0, 24, not_after=lot_expiry) == lot_expiry
    assert perishable.deadline(T0, 24, not_after=T0 + timedelta(days=9)) == T0 + timedelta(
        hours=24)


def test_reminder_schedule_of_a_24_hour_window():
    end = T0 + timedelta(hours=24)
    assert perishable.reminder_times(T0, end) == [T0 + timedelta(hours=12),
                                                  T0 + timedelta(hours=19, minutes=12)]
    assert not perishable.reminder_due(T0, end, T0 + timedelta(hours=11), 0)
    assert perishable.reminder_due(T0, end, T0 + timedelta(hours=12), 0)
    assert not perishable.reminder_due(T0, end, T0 + timedelta(hours=13), 1)
    assert perishable.reminder_due(T0, end, T0 + timedelta(hours=20), 1)
    assert not perishable.reminder_due(T0, end, T0 + timedelta(hours=23), 2)
    assert not perishable.reminder_due(T0, end, end, 0), "never after the deadline"


@given(st.integers(1, 24 * 14), st.integers(0, 24 * 14 * 60))
def test_reminders_are_monotonic_and_bounded(hours, minutes):
    end = T0 + timedelta(hours=hours)
    now = T0 + timedelta(minutes=minutes)
    passed = perishable.reminders_passed(T0, end, now)
    assert 0 <= passed <= len(perishable.REMINDER_FRACTIONS)
    assert passed <= perishable.reminders_passed(T0, end, now + timedelta(minutes=1))
    # A cron that ran late sends one reminder and catches up with the count.
    assert not perishable.reminder_due(T0, end, now, passed)


def test_overdue():
    assert not perishable.is_overdue(None, 24, T0)
    assert not perishable.is_overdue(T0, 24, T0 + timedelta(hours=24))
    assert perishable.is_overdue(T0, 24, T0 + timedelta(hours=24, seconds=1))


def test_combined_range_is_the_tightest():
    ranges = (TemperatureRange(0.0, 7.0), TemperatureRange(2.0, 10.0), TemperatureRange(None, 5))
    assert perishable.combined_range(r for r in ranges) == TemperatureRange(2.0, 5)
    assert perishable.combined_range([]) == TemperatureRange(None, None)


@given(st.floats(-100, 100), st.floats(-100, 100), st.floats(-100, 100))
def test_out_of_range(low, high, reading):
    allowed = TemperatureRange(min(low, high), max(low, high))
    assert perishable.out_of_range(reading, allowed) == (
        reading < allowed.low or reading > allowed.high)
    assert not perishable.out_of_range(reading, TemperatureRange(None, None))
