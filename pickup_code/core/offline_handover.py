"""Hand-overs the counter queued while the network was down: what a queued item may carry,
when it says it happened, and what its sync answer means for the counter.

A queued item is a hand-over that already happened at the counter: the goods left with
the collector while the server could not be asked. The sync therefore never "skips" a
check; it runs the normal redeem, and every refusal is a conflict the supervisor must look
at (the goods are gone), never a silent failure.
"""

from __future__ import annotations

import re

from .signed_token import MAX_TOKEN_LENGTH, TOKEN_PREFIX

# The policy steps a clerk can record without the server. The others cannot: the OTP is
# sent and checked by the server, an approval is checked against the approver's password
# or passkey there, and a signature or photo is too heavy for a first step's browser queue.
# A policy that asks for one of them refuses the synced hand-over (a conflict).
OFFLINE_STEPS = frozenset({"id_check"})
# A tablet's clock may run ahead; a queued time further ahead than this is taken as "now".
MAX_CLOCK_SKEW_SECONDS = 300
# A queued time this far before the goods were ready at the point cannot be true (a forged
# time, or a tablet whose clock reset): a conflict. Up to a day earlier is taken as a clock
# off by a time zone (a tablet set to local time but told it is UTC is 8 hours behind).
MAX_CLOCK_BEHIND_SECONDS = 86400
# The browser's key: ``newAttemptKey`` style, never anything that could carry the secret.
_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

CONFIRMED = "confirmed"
CONFLICT = "conflict"
RETRY = "retry"


class InvalidQueuedItem(ValueError):
    """The item is not one the counter could have queued (shape, key, code kind)."""


def check_item(key, token, steps) -> dict:
    """Check a queued item's shape and keep only the steps a clerk can record offline.

    :param key: the item's idempotency key, made by the browser when it queued it
    :param token: the scanned text; only a signed QR token can be checked offline
    :param steps: the evidence recorded offline (``{"id_check": {...}}``) or None
    :return: the steps to send with the redeem (offline-recordable ones only)
    :raises InvalidQueuedItem: with the problem as its message
    """
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise InvalidQueuedItem("key")
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) \
            or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidQueuedItem("token")
    if steps is None:
        return {}
    if not isinstance(steps, dict):
        raise InvalidQueuedItem("steps")
    return {name: value for name, value in steps.items() if name in OFFLINE_STEPS}


def queued_time(value, now: float) -> int:
    """When the hand-over happened, by the counter's clock (Unix seconds).

    An item is never refused here for its age (the goods already left); a time ahead of the
    server's clock beyond the skew allowance is taken as ``now``. One far before the goods
    were ready at the point is refused on sync (``MAX_CLOCK_BEHIND_SECONDS``).

    :raises InvalidQueuedItem: when ``value`` is not a positive number
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 \
            or value != value:  # NaN
        raise InvalidQueuedItem("queued_at")
    if value > now + MAX_CLOCK_SKEW_SECONDS:
        return int(now)
    return int(value)


def outcome(reason: str, transient_reasons) -> str:
    """:return: what the counter shows for a synced item: ``confirmed`` (handed over and
    recorded), ``retry`` (a "not now" answer: stays queued) or ``conflict``"""
    if reason == "ok":
        return CONFIRMED
    if reason in transient_reasons:
        return RETRY
    return CONFLICT
