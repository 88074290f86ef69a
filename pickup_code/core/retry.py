"""Retry schedules: the one place that decides when a failed delivery is tried again.

Two kinds, both used by every addon from here:

- **A stepped schedule** (buyer notifications, SMS and e-mail carrying a pickup code): tried
  again after a growing delay and flagged for staff after a fixed number of attempts, so
  that none is lost silently. The schedule is data (a system parameter such as
  ``"5,15,60,240"``); these functions only decide.
- **Exponential back-off with full jitter** (outbound calls to drop-ship vendors): many jobs
  that failed together spread their retries, so a recovering vendor is not hit all at once.
"""

from __future__ import annotations

import random

DEFAULT_SCHEDULE = (5, 15, 60, 240)
DEFAULT_MAX_ATTEMPTS = 5
MAX_DELAY_MINUTES = 7 * 24 * 60


def parse_schedule(text: str | None) -> tuple[int, ...]:
    """Read a comma-separated list of minutes; anything unusable gives the default.

    :param text: e.g. ``"5,15,60"``; blanks, negative or non-numeric entries are ignored
    :return: delays in minutes, each between 1 and one week
    """
    delays = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isascii() and part.isdigit():
            delays.append(min(max(int(part), 1), MAX_DELAY_MINUTES))
    return tuple(delays) or DEFAULT_SCHEDULE


def parse_max_attempts(text: str | None) -> int:
    """:return: the attempts before a notification is flagged (1–100, default 5)."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit():
        return min(max(int(text), 1), 100)
    return DEFAULT_MAX_ATTEMPTS


def next_delay_minutes(failed_attempts: int, schedule: tuple[int, ...] = DEFAULT_SCHEDULE) -> int:
    """Minutes to wait after the ``failed_attempts``-th failure (1-based); the last repeats.

    :raises ValueError: when ``failed_attempts`` < 1 or the schedule is empty
    """
    if failed_attempts < 1:
        raise ValueError("attempt numbers start at 1")
    if not schedule:
        raise ValueError("the schedule needs at least one delay")
    return schedule[min(failed_attempts, len(schedule)) - 1]


def is_exhausted(failed_attempts: int, max_attempts: int) -> bool:
    """Whether a notification that failed ``failed_attempts`` times is given up and flagged."""
    return failed_attempts >= max_attempts


def jittered_delay_seconds(attempt: int, base: float = 30.0, cap: float = 3600.0,
                           rng=random) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): uniform between 0 and
    ``min(cap, base * 2 ** (attempt - 1))`` (full jitter).

    :raises ValueError: when ``attempt`` < 1
    """
    if attempt < 1:
        raise ValueError("attempt numbers start at 1")
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return rng.uniform(0, ceiling)
