"""Webhook signatures: header ``t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">``."""

import hashlib
import hmac

TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The webhook is not authentic or too old; ``reason`` says which."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """:return: the signature header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret, b"%d." % timestamp + body, hashlib.sha256).hexdigest()
    return "t=%d,v1=%s" % (timestamp, mac)


def verify(secrets: list, header: str, body: bytes, now: int,
           tolerance: int = TOLERANCE_SECONDS) -> int:
    """Check a signature header against any of the valid secrets (rotation grace period).

    :param list secrets: the current secret first, then the previous one while it is valid
    :return: the signed timestamp
    :raises SignatureError: ``format``, ``stale`` or ``mismatch``
    """
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError) as err:
        raise SignatureError("format") from err
    if abs(now - timestamp) > tolerance:
        raise SignatureError("stale")
    for secret in secrets:
        expected = sign(secret, timestamp, body).split("v1=", 1)[1]
        if hmac.compare_digest(expected, given):
            return timestamp
    raise SignatureError("mismatch")
