"""Verdict reasons: stable values, counter-screen colours, which failures count where."""

import pytest

from pickup_code.core import verdicts
from pickup_code.core.verdicts import (
    AMBER,
    FAILED_CHECK_REASONS,
    FAILED_GUESS_REASONS,
    GREEN,
    REASONS,
    RED,
    colour,
)


def test_reason_values_are_stable_and_in_documented_order():
    assert REASONS == (
        "ok",
        "malformed",
        "unknown",
        "already_redeemed",
        "expired",
        "revoked",
        "not_ready",
        "wrong_pickup_point",
        "locked",
        "rate_limited",
        "id_required",
        "id_mismatch",
        "approval_required",
        "items_incomplete",
        "signature_required",
        "otp_required",
        "otp_mismatch",
        "photo_required",
        "goods_expired",
        "approval_refused",
        "transfer_failed",
        "qr_rotated",
        "payment_required",
        "leader_only",
    )
    assert len(set(REASONS)) == len(REASONS)


def test_every_reason_has_a_constant():
    for reason in REASONS:
        assert getattr(verdicts, reason.upper()) == reason


def test_failed_guesses_are_unknown_and_malformed():
    assert FAILED_GUESS_REASONS == {"unknown", "malformed"}


def test_failed_checks_are_identity_otp_and_approval_refusals():
    assert FAILED_CHECK_REASONS == {"id_mismatch", "otp_mismatch", "approval_refused"}
    # Merely asking for a step that has not happened yet is not a failure.
    assert not FAILED_CHECK_REASONS & {"id_required", "otp_required", "approval_required"}
    assert not FAILED_CHECK_REASONS & FAILED_GUESS_REASONS
    assert FAILED_CHECK_REASONS | FAILED_GUESS_REASONS <= set(REASONS)


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("ok", GREEN),
        ("id_required", AMBER),
        ("approval_required", AMBER),
        ("signature_required", AMBER),
        ("photo_required", AMBER),
        ("otp_required", AMBER),
        ("items_incomplete", AMBER),
        ("not_ready", AMBER),
        ("payment_required", AMBER),
        ("malformed", RED),
        ("unknown", RED),
        ("already_redeemed", RED),
        ("expired", RED),
        ("revoked", RED),
        ("wrong_pickup_point", RED),
        ("locked", RED),
        ("rate_limited", RED),
        ("id_mismatch", RED),
        ("otp_mismatch", RED),
        ("goods_expired", RED),
        ("approval_refused", RED),
        ("transfer_failed", RED),
        ("qr_rotated", RED),
    ],
)
def test_colour_of_each_reason(reason, expected):
    assert colour(reason) == expected


def test_every_reason_has_a_colour():
    assert {colour(reason) for reason in REASONS} == {GREEN, AMBER, RED}


def test_unknown_reason_is_refused():
    with pytest.raises(ValueError):
        colour("success")
