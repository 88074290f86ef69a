"""Perishable goods: pickup windows in hours, reminder schedule, temperature ranges.

Pure functions (standard library only): the models call them, tier-1 tests check them.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

# Reminders at these fractions of the window, counted from when the goods became ready.
# A 24-hour bakery window reminds at 12 h and at 19.2 h; a 7-day window reminds once, a day
# before (the company setting). Earlier and more often, because an hour late is a loss.
REMINDER_FRACTIONS = (0.5, 0.8)
DEFAULT_WINDOW_HOURS = 24


class TemperatureRange(NamedTuple):
    low: float | None
    high: float | None


def window_hours(product_hours: Iterable[int | None], default: int = DEFAULT_WINDOW_HOURS) -> int:
    """The window of a parcel is that of its most perishable product.

    :param product_hours: each perishable product's own window (None or 0: not set)
    :param default: the company's window for perishables that set none
    :return: hours (at least 1)
    """
    hours = [h for h in product_hours if h and h > 0]
    return max(min(hours) if hours else default, 1)


def deadline(ready_at: datetime, hours: int, not_after: datetime | None = None) -> datetime:
    """Collect-before time: ``hours`` after ready, never after ``not_after`` (a lot's expiry)."""
    end = ready_at + timedelta(hours=hours)
    return min(end, not_after) if not_after else end


def reminder_times(ready_at: datetime, expires_at: datetime,
                   fractions: Iterable[float] = REMINDER_FRACTIONS) -> list[datetime]:
    """When a perishable's reminders are due, earliest first."""
    span = expires_at - ready_at
    if span <= timedelta(0):
        return []
    return sorted(ready_at + span * f for f in fractions if 0 < f < 1)


def reminder_due(ready_at: datetime, expires_at: datetime, now: datetime, sent: int,
                 fractions: Iterable[float] = REMINDER_FRACTIONS) -> bool:
    """Is the next reminder (after ``sent`` reminders) due at ``now``?

    Idempotent with the count: once the count is raised, the same reminder is not due again,
    and a cron that ran late sends one reminder, not every missed one (the count jumps).
    """
    if now >= expires_at:
        return False
    return reminders_passed(ready_at, expires_at, now, fractions) > sent


def reminders_passed(ready_at: datetime, expires_at: datetime, now: datetime,
                     fractions: Iterable[float] = REMINDER_FRACTIONS) -> int:
    """How many reminder times lie at or before ``now``."""
    return sum(1 for t in reminder_times(ready_at, expires_at, fractions) if t <= now)


def is_overdue(ready_at: datetime | None, hours: int, now: datetime) -> bool:
    """Has a perishable parcel waited longer than its limit?"""
    return bool(ready_at) and now - ready_at > timedelta(hours=hours)


def combined_range(ranges: Iterable[TemperatureRange]) -> TemperatureRange:
    """The range every product of a parcel tolerates: the tightest bounds."""
    ranges = list(ranges)
    lows = [r.low for r in ranges if r.low is not None]
    highs = [r.high for r in ranges if r.high is not None]
    return TemperatureRange(max(lows) if lows else None, min(highs) if highs else None)


def out_of_range(temperature: float, allowed: TemperatureRange) -> bool:
    """Is a reading outside the allowed range (open bounds allow anything)?"""
    if allowed.low is not None and temperature < allowed.low:
        return True
    return allowed.high is not None and temperature > allowed.high
