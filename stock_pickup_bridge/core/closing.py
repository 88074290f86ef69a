"""Whether a pickup point is open on a day (exceptional closing days)."""

from datetime import date, datetime, time, timedelta


def parse_closing_days(text):
    """Parse one ISO date per line (blank lines and ``#`` comments ignored).

    :param str text: e.g. ``"2026-02-16  # Lunar New Year"``
    :return: frozenset of ``datetime.date``
    :raises ValueError: naming the first line that is not a date
    """
    days = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        try:
            days.add(date.fromisoformat(value))
        except ValueError as err:
            raise ValueError("line %d is not a YYYY-MM-DD date: %r" % (number, value)) from err
    return frozenset(days)


def is_open(day, closing_days):
    """:return: False when ``day`` is an exceptional closing day."""
    return day not in closing_days


# A point without opening hours is open all day; its "end of day" is the last minute.
END_OF_DAY = 24.0 - 1.0 / 60
# How far ahead to look for an open day before giving up (a point closed for a year).
HORIZON_DAYS = 366


def _at(day, hour):
    """``day`` at ``hour`` (a float, as resource.calendar stores it: 17.5 is 17:30)."""
    return datetime.combine(day, time.min) + timedelta(minutes=round(hour * 60))


def intervals(day, closing_days, hours=None):
    """The open intervals of ``day``, as sorted ``(start, end)`` datetimes.

    :param closing_days: set of ``date`` (exceptional closings)
    :param hours: {weekday (0 = Monday): [(hour_from, hour_to), ...]} or None when the point
        keeps no opening hours (then every day not closed is open all day)
    """
    if day in closing_days:
        return []
    if hours is None:
        return [(_at(day, 0.0), _at(day, END_OF_DAY))]
    return sorted((_at(day, start), _at(day, end))
                  for start, end in hours.get(day.weekday(), ()) if end > start)


def is_open_day(day, closing_days, hours=None):
    """:return: whether the point opens at all on ``day``."""
    return bool(intervals(day, closing_days, hours))


def effective_deadline(deadline, closing_days, hours=None, horizon_days=HORIZON_DAYS):
    """The deadline a buyer can actually meet.

    A deadline inside an open interval stands. One that falls on a closed day, after
    hours, before opening or in a break moves forward to the end (last closing time) of the
    next day that still opens after it — the same day when it opens later that day. Never
    earlier: the buyer was promised at least the window. With no open day within
    ``horizon_days`` the deadline stands (nothing better to say).

    :param datetime deadline: naive, in the point's local time
    :return: naive local datetime
    """
    day = deadline.date()
    # The day before too: an interval ending at 24:00 closes at the next date's 00:00.
    for start, end in (intervals(day - timedelta(days=1), closing_days, hours)
                       + intervals(day, closing_days, hours)):
        if start <= deadline <= end:
            return deadline
    for _offset in range(horizon_days + 1):
        later = [(start, end) for start, end in intervals(day, closing_days, hours)
                 if end > deadline]
        if later:
            return max(end for _start, end in later)
        day += timedelta(days=1)
    return deadline
