"""Verdict reasons returned by every verify/redeem call, and what they mean for limits.

Reasons are stored in the attempt log and read by KPIs and API clients: extend the list,
never rename a value.
"""

from __future__ import annotations

OK = "ok"
MALFORMED = "malformed"
UNKNOWN = "unknown"
ALREADY_REDEEMED = "already_redeemed"
EXPIRED = "expired"
REVOKED = "revoked"
NOT_READY = "not_ready"
WRONG_PICKUP_POINT = "wrong_pickup_point"
LOCKED = "locked"
RATE_LIMITED = "rate_limited"
ID_REQUIRED = "id_required"
ID_MISMATCH = "id_mismatch"
APPROVAL_REQUIRED = "approval_required"
ITEMS_INCOMPLETE = "items_incomplete"
SIGNATURE_REQUIRED = "signature_required"
OTP_REQUIRED = "otp_required"
OTP_MISMATCH = "otp_mismatch"
PHOTO_REQUIRED = "photo_required"
GOODS_EXPIRED = "goods_expired"
# The second person refused, or the approver was not allowed (e.g. the same user as the
# clerk). Distinct from APPROVAL_REQUIRED, which only says the step is still open.
APPROVAL_REFUSED = "approval_refused"
# The code was good but Odoo refused to validate the transfer: nothing was collected.
TRANSFER_FAILED = "transfer_failed"
# A rotating QR whose time-based suffix is no longer live (a screenshot of yesterday's QR).
QR_ROTATED = "qr_rotated"
# The order is paid at the pickup point (pickup_pay_at_point) and is not paid yet: the
# counter takes the payment, then hands over.
PAYMENT_REQUIRED = "payment_required"
# The campaign's leader collects this order (mode "forced"): the member's own code does not.
LEADER_ONLY = "leader_only"

REASONS = (
    OK,
    MALFORMED,
    UNKNOWN,
    ALREADY_REDEEMED,
    EXPIRED,
    REVOKED,
    NOT_READY,
    WRONG_PICKUP_POINT,
    LOCKED,
    RATE_LIMITED,
    ID_REQUIRED,
    ID_MISMATCH,
    APPROVAL_REQUIRED,
    ITEMS_INCOMPLETE,
    SIGNATURE_REQUIRED,
    OTP_REQUIRED,
    OTP_MISMATCH,
    PHOTO_REQUIRED,
    GOODS_EXPIRED,
    APPROVAL_REFUSED,
    TRANSFER_FAILED,
    QR_ROTATED,
    PAYMENT_REQUIRED,
    LEADER_ONLY,
)

# Failed guesses count toward the per-station rate limit: they name no code, so they are
# the signature of someone enumerating codes. A typo caught by the check symbol is
# MALFORMED and still counts here (it costs the station a scan), but never locks a code.
FAILED_GUESS_REASONS = frozenset({UNKNOWN, MALFORMED})

# Failed checks count toward the per-code lockout: the code is real but the person at the
# counter failed an identity, OTP or approval check. Only APPROVAL_REFUSED (a refusal or a
# disallowed approver) counts, not APPROVAL_REQUIRED, because asking for a second person
# that has not arrived yet is not a failure.
FAILED_CHECK_REASONS = frozenset({ID_MISMATCH, OTP_MISMATCH, APPROVAL_REFUSED})

GREEN = "green"
AMBER = "amber"
RED = "red"

# Amber: the code is good but the hand-over needs another step (or the goods to arrive).
_AMBER_REASONS = frozenset(
    {
        ID_REQUIRED,
        APPROVAL_REQUIRED,
        SIGNATURE_REQUIRED,
        PHOTO_REQUIRED,
        OTP_REQUIRED,
        ITEMS_INCOMPLETE,
        NOT_READY,
        PAYMENT_REQUIRED,
    }
)


def colour(reason: str) -> str:
    """Counter-screen colour for a reason.

    :param reason: one of ``REASONS``.
    :return: ``"green"`` for ok, ``"amber"`` when a step is still needed, else ``"red"``.
    :raises ValueError: on an unknown reason.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown verdict reason {reason!r}")
    if reason == OK:
        return GREEN
    return AMBER if reason in _AMBER_REASONS else RED
