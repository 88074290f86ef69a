"""Lockout and rate-limit arithmetic (DESIGN.md, "Verdicts").

Counting happens in the database (attempt log, counters on the code); these functions only
decide. Datetimes are compared as given: pass all naive UTC (Odoo's convention) or all aware.
"""

from __future__ import annotations

from datetime import datetime, timedelta

LOCKOUT_THRESHOLD = 5
LOCKOUT_MINUTES = 30
RATE_LIMIT_PER_MINUTE = 20
RATE_WINDOW_SECONDS = 60


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Whether a code is locked at ``now``.

    :param locked_until: end of the lock, or None when never locked.
    :param now: current time.
    :return: True while ``now < locked_until``; the lock ends exactly at ``locked_until``.
    """
    return locked_until is not None and now < locked_until


def lockout_until(
    failed_checks: int, threshold: int, now: datetime, minutes: int
) -> datetime | None:
    """Decide whether the failed checks on one code lock it.

    :param failed_checks: failed identity/OTP/approval checks so far, including the one
        just recorded (see ``verdicts.FAILED_CHECK_REASONS``).
    :param threshold: failures that lock the code (``LOCKOUT_THRESHOLD`` = 5: the 5th
        failure locks, the 4th does not).
    :param now: current time.
    :param minutes: lock duration (``LOCKOUT_MINUTES`` = 30).
    :return: ``now + minutes`` when ``failed_checks >= threshold``, else None.
    :raises ValueError: on a threshold below 1 or negative minutes.
    """
    if threshold < 1 or minutes < 0:
        raise ValueError("threshold must be >= 1 and minutes >= 0")
    if failed_checks >= threshold:
        return now + timedelta(minutes=minutes)
    return None


def is_rate_limited(recent_failures: int, limit: int = RATE_LIMIT_PER_MINUTE) -> bool:
    """Decide whether a station may make another scan.

    ``recent_failures`` counts failed guesses (``verdicts.FAILED_GUESS_REASONS``) already
    logged for the station inside the window, NOT counting the scan being decided. With
    limit 20: after 19 failures the 20th scan is allowed (it reaches the limit and is the
    last one allowed); after 20 failures the 21st scan is refused as ``rate_limited``.

    :param recent_failures: failures already in the window before this scan.
    :param limit: failures allowed per window (>= 1).
    :return: True when the scan must be refused.
    :raises ValueError: on a limit below 1.
    """
    if limit < 1:
        raise ValueError("limit must be >= 1")
    return recent_failures >= limit


# A pickup point serves several counters and clerks: it may see this many times the
# per-station limit before the whole point is slowed down.
POINT_LIMIT_FACTOR = 3


def rate_limited_scope(failures: dict, limit: int = RATE_LIMIT_PER_MINUTE):
    """Which limit a scan hits, counting failures per station, per user and per point.

    The station is a label the client sends: a guesser that names a new station on every
    request must still meet the limit of its user (or API key) and of the point.

    :param failures: failures already in the window, ``{"station": n, "user": n,
        "point": n}`` (missing keys count 0)
    :param limit: failures allowed per station and per user (>= 1); a point allows
        ``POINT_LIMIT_FACTOR`` times as many
    :return: ``"station"``, ``"user"`` or ``"point"`` when refused, else None
    """
    if is_rate_limited(failures.get("station", 0), limit):
        return "station"
    if is_rate_limited(failures.get("user", 0), limit):
        return "user"
    if is_rate_limited(failures.get("point", 0), limit * POINT_LIMIT_FACTOR):
        return "point"
    return None


def window_start(now: datetime, seconds: int = RATE_WINDOW_SECONDS) -> datetime:
    """Start of the sliding window that ends at ``now``.

    :param now: current time.
    :param seconds: window length (> 0).
    :return: ``now - seconds``; count attempts with ``create_date > window_start``.
    :raises ValueError: on a non-positive length.
    """
    if seconds <= 0:
        raise ValueError("seconds must be > 0")
    return now - timedelta(seconds=seconds)
