"""Derive a code's secrets from its random seed and the server pepper.

Why derive instead of store: the buyer's portal must be able to show the code again, yet the
database must not hold it. Each code keeps a 256-bit seed from ``secrets``; its QR secret,
short code and TOTP key are HMAC-SHA256 outputs under the pepper. Without the pepper (kept
in the Odoo config file where the deployment allows) a database dump reveals no code.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass

from . import b64url
from .credential import (
    CROCKFORD_ALPHABET,
    QR_PREFIX,
    QR_SECRET_BYTES,
    SHORT_CODE_DATA_LENGTH,
    check_symbol,
)


@dataclass(frozen=True)
class Credentials:
    """The three renderings of one code (never persisted)."""

    qr_secret: str
    short_code: str
    totp_secret: str


def _prf(pepper: bytes, label: str, seed: str) -> bytes:
    return hmac.new(pepper, f"{label}\x00{seed}".encode(), hashlib.sha256).digest()


def derive(pepper: bytes, seed: str) -> Credentials:
    """Derive the code's secrets.

    :param pepper: server pepper (bytes)
    :param seed: the code's random seed (hex text)
    :return: ``Credentials`` with a ``PC1.`` QR secret, a canonical 9-symbol short code
        and a base32 TOTP key
    :raises ValueError: when the seed is empty
    """
    if not seed:
        raise ValueError("a code without a seed has no secrets")
    qr = QR_PREFIX + b64url.encode(_prf(pepper, "qr", seed)[:QR_SECRET_BYTES])
    value = int.from_bytes(_prf(pepper, "short", seed)[:5], "big")  # 40 bits
    data = "".join(
        CROCKFORD_ALPHABET[(value >> (5 * (SHORT_CODE_DATA_LENGTH - 1 - i))) & 31]
        for i in range(SHORT_CODE_DATA_LENGTH)
    )
    totp = base64.b32encode(_prf(pepper, "totp", seed)[:20]).decode()
    return Credentials(qr_secret=qr, short_code=data + check_symbol(data), totp_secret=totp)
