"""The verified handle of a scan: what ``verify`` established, so ``redeem`` need not redo it.

Standard library only. A handle names the code, the point, the user who scanned, the
entitlement's hand-over count seen at the scan and the policy steps found then, with an
expiry, signed with an HMAC under a key derived from the server pepper. It is no credential:
it only works for the user it was issued to, at the same point, before it expires, and the
claim still checks that the entitlement is unchanged. Nothing of it is stored.
"""

import hashlib
import hmac
import json

from . import b64url

_MAC_BYTES = 16
MAX_LENGTH = 512  # a handle is ~150 symbols; anything much longer is not one
# Long enough for an ID check and a supervisor walking over, short enough that a handle left
# on a counter screen over lunch is dead.
TTL_SECONDS = 15 * 60


class InvalidHandle(ValueError):
    """Not a handle this server signed, for someone else, or expired."""


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, b"pickup-scan\x00" + body, hashlib.sha256).digest()[:_MAC_BYTES]


def sign(key: bytes, *, code_id: int, point_id: int, user_id: int, seen_count: int,
         steps: tuple, input_kind: str, now: int) -> str:
    """:return: the handle (base64url body, a dot, base64url MAC)"""
    body = json.dumps([code_id, point_id, user_id, seen_count, list(steps), input_kind,
                       now + TTL_SECONDS], separators=(",", ":")).encode()
    return "%s.%s" % (b64url.encode(body), b64url.encode(_mac(key, body)))


def read(key: bytes, handle: str, *, point_id: int, user_id: int, now: int) -> dict:
    """Check a handle for this user at this point.

    :return: ``{"code_id", "seen_count", "steps", "input_kind"}``
    :raises InvalidHandle: forged, garbled, another user's or point's, or expired
    """
    if not isinstance(handle, str) or len(handle) > MAX_LENGTH or handle.count(".") != 1:
        raise InvalidHandle("not a scan handle")
    head, _dot, mac = handle.partition(".")
    try:
        body = b64url.decode(head)
        given_mac = b64url.decode(mac)
    except ValueError:
        raise InvalidHandle("not a scan handle") from None
    if not hmac.compare_digest(given_mac, _mac(key, body)):
        raise InvalidHandle("not signed here")
    code_id, handle_point, handle_user, seen_count, steps, input_kind, expires = json.loads(body)
    if handle_point != point_id or handle_user != user_id:
        raise InvalidHandle("issued to another user or point")
    if now >= expires:
        raise InvalidHandle("expired")
    return {"code_id": code_id, "seen_count": seen_count, "steps": tuple(steps),
            "input_kind": input_kind}
