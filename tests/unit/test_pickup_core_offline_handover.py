"""Queued offline hand-overs: what an item may carry, its time, and its sync outcome."""

import math

import pytest

from pickup_code.core.offline_handover import (
    CONFIRMED,
    CONFLICT,
    MAX_CLOCK_SKEW_SECONDS,
    RETRY,
    InvalidQueuedItem,
    check_item,
    outcome,
    queued_time,
)

TOKEN = "PC1T.eyJjIjoxfQ.c2ln"
KEY = "a1b2c3d4e5f6"


def test_only_signed_tokens_with_a_sane_key_can_be_queued():
    assert check_item(KEY, TOKEN, None) == {}
    for key in ("", "short", "x" * 65, "bad key!", None, 123):
        with pytest.raises(InvalidQueuedItem, match="key"):
            check_item(key, TOKEN, None)
    for token in ("PC1.abcdef", "ABCDEFGHJ", "", None, "PC1T." + "a" * 600):
        with pytest.raises(InvalidQueuedItem, match="token"):
            check_item(KEY, token, None)
    with pytest.raises(InvalidQueuedItem, match="steps"):
        check_item(KEY, TOKEN, ["id_check"])


def test_steps_that_need_the_server_are_dropped_so_the_policy_refuses():
    steps = {"id_check": {"doc_type": "national_id", "last4": "123A"},
             "otp": "123456", "approval": {"method": "password_pin"}, "signature": "x"}
    assert check_item(KEY, TOKEN, steps) == {"id_check": steps["id_check"]}


def test_queued_time_is_kept_however_old_and_clamped_when_ahead():
    now = 1_800_000_000
    assert queued_time(now - 3600, now) == now - 3600
    assert queued_time(now - 86400 * 30, now) == now - 86400 * 30, "never refused for age"
    assert queued_time(now + MAX_CLOCK_SKEW_SECONDS, now) == now + MAX_CLOCK_SKEW_SECONDS
    assert queued_time(now + MAX_CLOCK_SKEW_SECONDS + 1, now) == now
    assert queued_time(now - 1.5, now) == now - 2, "a browser's milliseconds, truncated"
    for bad in (None, "1700000000", True, 0, -5, math.nan):
        with pytest.raises(InvalidQueuedItem):
            queued_time(bad, now)


def test_every_refusal_is_a_conflict_but_a_not_now():
    assert outcome("ok", ("rate_limited",)) == CONFIRMED
    assert outcome("rate_limited", ("rate_limited",)) == RETRY
    for reason in ("already_redeemed", "id_required", "id_mismatch", "expired", "unknown",
                   "otp_required", "items_incomplete", "not_ready"):
        assert outcome(reason, ("rate_limited",)) == CONFLICT
