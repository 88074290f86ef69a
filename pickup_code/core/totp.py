"""Rotating codes (TOTP, RFC 6238) for screenshot-resistant high-value pickups.

30-second steps, 6 digits, accepted one step either side to absorb clock drift between
the buyer's phone and the server. The step counter is computed here from unix time rather
than handing pyotp a datetime, whose naive local-time round trip can slip by an hour
around daylight-saving changes.
"""

from __future__ import annotations

import base64
import hmac
import secrets

import pyotp

TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
TOTP_SECRET_BYTES = 20
DEFAULT_WINDOW = 1


def new_totp_secret() -> str:
    """Draw a fresh TOTP secret.

    :return: base32 text of 20 CSPRNG bytes (160 bits, 32 symbols, no padding).
    """
    return base64.b32encode(secrets.token_bytes(TOTP_SECRET_BYTES)).decode("ascii")


def _step(unix_time: float) -> int:
    return int(unix_time) // TOTP_STEP_SECONDS


def totp_at(secret: str, unix_time: float) -> str:
    """Code shown at a given time.

    :param secret: base32 secret from ``new_totp_secret``.
    :param unix_time: seconds since the epoch (non-negative).
    :return: the 6-digit code as text.
    :raises ValueError: on a bad base32 secret or a negative time.
    """
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_STEP_SECONDS).generate_otp(
        _step(unix_time)
    )


def totp_match_step(
    secret: str, code: str, unix_time: float, window: int = DEFAULT_WINDOW
) -> int | None:
    """Find which time step a code belongs to, so the caller can refuse a replayed step.

    Every candidate step is compared (no early exit) so timing does not reveal which one
    matched.

    :param secret: base32 secret.
    :param code: code as typed; inner and outer spaces are ignored.
    :param unix_time: server time in unix seconds.
    :param window: steps accepted either side of the current one (>= 0).
    :return: the matching step counter, or None.
    :raises ValueError: on a negative window or a bad secret.
    """
    if not isinstance(window, int) or window < 0:
        raise ValueError("window must be a non-negative int")
    if not isinstance(code, str):
        return None
    code = code.replace(" ", "")
    if len(code) != TOTP_DIGITS or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_STEP_SECONDS)
    current = _step(unix_time)
    matched = None
    for step in range(current - window, current + window + 1):
        if step >= 0 and hmac.compare_digest(totp.generate_otp(step), code) and matched is None:
            matched = step
    return matched


def totp_verify(secret: str, code: str, unix_time: float, window: int = DEFAULT_WINDOW) -> bool:
    """Check a rotating code.

    :param secret: base32 secret.
    :param code: code as typed.
    :param unix_time: server time in unix seconds.
    :param window: steps accepted either side (default 1, i.e. +-30 s).
    :return: True when the code matches a step within the window.
    :raises ValueError: on a negative window or a bad secret.
    """
    return totp_match_step(secret, code, unix_time, window) is not None
