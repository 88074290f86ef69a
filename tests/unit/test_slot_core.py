"""Pickup slots core (pickup_slot): slot times, loads, capacity, arrivals, no-shows."""
from datetime import date, datetime, timedelta

from pickup_slot.core import slots

# Monday to Friday 10:00-12:00 and 13:00-18:00; Saturday 10:00-14:00.
HOURS = {d: [(10.0, 12.0), (13.0, 18.0)] for d in range(5)}
HOURS[5] = [(10.0, 14.0)]
MONDAY = datetime(2026, 12, 7, 9, 0)


def test_slots_follow_opening_hours_and_length():
    got = slots.slot_starts(MONDAY, 0, 60, 0, HOURS)
    assert [s.strftime("%H:%M") for s, _ in got] == [
        "10:00", "11:00", "13:00", "14:00", "15:00", "16:00", "17:00"]
    assert all(stop - start == timedelta(minutes=60) for start, stop in got)


def test_slot_must_end_within_the_period():
    got = slots.slot_starts(MONDAY, 0, 90, 0, {0: [(10.0, 12.0)]})
    assert [(s.hour, s.minute) for s, _ in got] == [(10, 0)]


def test_preparation_delay_and_past_slots_are_left_out():
    now = datetime(2026, 12, 7, 12, 30)
    got = slots.slot_starts(now, 0, 60, 120, HOURS)
    assert got[0][0] == datetime(2026, 12, 7, 15, 0)


def test_days_ahead_skip_closed_and_days_without_hours():
    friday = datetime(2026, 12, 11, 8, 0)
    got = slots.slot_starts(friday, 3, 240, 0, HOURS, closed_days={date(2026, 12, 12)})
    days = sorted({s.date() for s, _ in got})
    # Friday open, Saturday closed (typed in), Sunday no hours, Monday open.
    assert days == [date(2026, 12, 11), date(2026, 12, 14)]


def test_half_hours():
    got = slots.slot_starts(MONDAY, 0, 30, 0, {0: [(9.5, 10.5)]})
    assert [(s.hour, s.minute) for s, _ in got] == [(9, 30), (10, 0)]


def test_no_slots_without_length_or_hours():
    assert slots.slot_starts(MONDAY, 3, 0, 0, HOURS) == []
    assert slots.slot_starts(MONDAY, 3, 30, 0, None) == []


def test_load_in_orders_or_volume():
    assert slots.order_load("orders", [(5, 2.0)]) == 1.0
    assert slots.order_load("volume", [(2, 1.5), (1, 0.5)]) == 3.5
    assert slots.order_load("volume", [(-1, 3.0)]) == 0.0


def test_fits_and_full():
    assert slots.fits(4, 1, 5)
    assert not slots.fits(5, 1, 5)
    assert slots.fits(0.1 + 0.2, 0.7, 1.0)
    assert slots.is_full(5, 5)
    assert not slots.is_full(4.5, 5, smallest_load=0.5)


def test_bookable_and_arrival():
    assert slots.is_bookable("ready") and slots.is_bookable("issued")
    assert not slots.is_bookable("revoked")
    assert slots.can_announce_arrival("ready", None)
    assert not slots.can_announce_arrival("ready", MONDAY)
    assert not slots.can_announce_arrival("issued", None)


def test_minutes_and_no_show():
    assert slots.minutes_between(MONDAY, MONDAY + timedelta(minutes=7, seconds=59)) == 7
    assert slots.minutes_between(None, MONDAY) is None
    assert slots.is_no_show(MONDAY, 0, MONDAY + timedelta(minutes=1))
    assert not slots.is_no_show(MONDAY, 1, MONDAY + timedelta(minutes=1))
    assert not slots.is_no_show(MONDAY + timedelta(hours=1), 0, MONDAY)


def test_group_by_day():
    got = slots.slot_starts(MONDAY, 1, 240, 0, HOURS)
    grouped = slots.group_by_day(got)
    assert [day for day, _ in grouped] == [date(2026, 12, 7), date(2026, 12, 8)]
