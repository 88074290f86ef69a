"""The effective deadline: closing days and opening hours act on it (point's local time)."""
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from stock_pickup_bridge.core import closing

# Mon–Sat 10:00–20:00, like the demo's Taipei point (0 = Monday).
MON_SAT = {day: [(10.0, 20.0)] for day in range(6)}
LUNCH = {day: [(9.0, 12.0), (13.5, 18.0)] for day in range(7)}
NEW_YEAR = frozenset({date(2026, 2, 16), date(2026, 2, 17)})  # Monday, Tuesday


def test_deadline_inside_hours_stands():
    deadline = datetime(2026, 2, 18, 15, 0)
    assert closing.effective_deadline(deadline, NEW_YEAR, MON_SAT) == deadline
    assert closing.effective_deadline(datetime(2026, 2, 18, 20, 0), NEW_YEAR, MON_SAT) == \
        datetime(2026, 2, 18, 20, 0)  # closing time itself is still open


def test_closing_day_moves_to_next_open_days_closing():
    assert closing.effective_deadline(datetime(2026, 2, 16, 15, 0), NEW_YEAR, MON_SAT) == \
        datetime(2026, 2, 18, 20, 0)


def test_closing_days_without_hours_move_to_end_of_day():
    assert closing.effective_deadline(datetime(2026, 2, 16, 15, 0), NEW_YEAR) == \
        datetime(2026, 2, 18, 23, 59)
    assert closing.effective_deadline(datetime(2026, 2, 18, 3, 0), NEW_YEAR) == \
        datetime(2026, 2, 18, 3, 0)


def test_after_hours_and_sunday():
    # Saturday 21:00 is after hours; Sunday is closed; Monday 20:00.
    assert closing.effective_deadline(datetime(2026, 3, 7, 21, 0), frozenset(), MON_SAT) == \
        datetime(2026, 3, 9, 20, 0)


def test_before_opening_keeps_the_same_day():
    assert closing.effective_deadline(datetime(2026, 3, 4, 8, 0), frozenset(), MON_SAT) == \
        datetime(2026, 3, 4, 20, 0)


def test_lunch_break_moves_to_that_days_closing():
    assert closing.effective_deadline(datetime(2026, 3, 4, 12, 30), frozenset(), LUNCH) == \
        datetime(2026, 3, 4, 18, 0)


def test_never_open_leaves_the_deadline():
    deadline = datetime(2026, 3, 4, 12, 30)
    assert closing.effective_deadline(deadline, frozenset(), {}) == deadline


def test_open_day():
    assert not closing.is_open_day(date(2026, 2, 16), NEW_YEAR, MON_SAT)
    assert not closing.is_open_day(date(2026, 3, 8), frozenset(), MON_SAT)  # Sunday
    assert closing.is_open_day(date(2026, 3, 9), frozenset(), MON_SAT)
    assert closing.is_open_day(date(2026, 3, 8), frozenset(), None)


hours_strategy = st.dictionaries(
    st.integers(0, 6),
    st.lists(st.tuples(st.integers(0, 47), st.integers(1, 48)).map(
        lambda t: (t[0] / 2, max(t[0] + 1, t[1]) / 2)), max_size=3),
) | st.none()


@settings(max_examples=300, deadline=None)
@given(
    deadline=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1)),
    closed=st.frozensets(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 31)),
                         max_size=20),
    hours=hours_strategy,
)
def test_effective_deadline_properties(deadline, closed, hours):
    result = closing.effective_deadline(deadline, closed, hours)
    assert result >= deadline  # never shortens the window
    opened = any(start <= result <= end for d in (0, 1) for start, end in closing.intervals(
        result.date() - timedelta(days=d), closed, hours))
    if result != deadline:
        # A moved deadline is a closing time of an open day, and no earlier open day
        # (nor later opening the same day) was skipped.
        # (an interval ending at 24:00 closes on the next date).
        days = (result.date(), result.date() - timedelta(days=1))
        assert any(result == max([e for _s, e in closing.intervals(d, closed, hours)] or [None],
                                 key=lambda e: e or datetime.min) for d in days)
        day = deadline.date()
        while day < days[1] and day < deadline.date() + timedelta(days=400):
            assert not [e for _s, e in closing.intervals(day, closed, hours) if e > deadline]
            day += timedelta(days=1)
    else:
        assert opened or not any(
            closing.intervals(deadline.date() + timedelta(days=n), closed, hours)
            for n in range(closing.HORIZON_DAYS + 1))
    # Idempotent: the effective deadline is already effective.
    assert closing.effective_deadline(result, closed, hours) == result
