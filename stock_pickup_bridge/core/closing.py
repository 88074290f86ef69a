"""Whether a pickup point is open on a day (exceptional closing days)."""

from datetime import date


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
