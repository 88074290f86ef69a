"""Short, expiring, signed links to a buyer's pickup page and QR image (``/p/<token>``).

Standard library only. Nothing of a link is stored: the token is the code id, an expiry and
an HMAC under the server pepper bound to the code's current QR hash, so a database dump holds
no live link, a regenerated code kills the old links, and an SMS stays short (24 symbols).
"""

import hashlib
import hmac
import struct

from . import b64url

_LAYOUT = struct.Struct(">II")  # code id, expiry (Unix seconds)
_MAC_BYTES = 10  # 80 bits: forging needs ~2**80 online tries
TOKEN_LENGTH = 24


class InvalidLink(ValueError):
    """Not a link this server signed, or past its expiry."""


def _mac(pepper: bytes, head: bytes, bind: str) -> bytes:
    return hmac.new(pepper, b"pickup-link\x00" + head + b"\x00" + bind.encode(),
                    hashlib.sha256).digest()[:_MAC_BYTES]


def sign(pepper: bytes, code_id: int, expiry: int, bind: str) -> str:
    """:param bind: a value that changes when the link must die (the code's QR hash)
    :return: the token (24 base64url symbols)"""
    if not 0 < code_id < 2**32 or not 0 <= expiry < 2**32:
        raise ValueError("code id or expiry out of range")
    head = _LAYOUT.pack(code_id, expiry)
    return b64url.encode(head + _mac(pepper, head, bind))


def read_id(token: str) -> int:
    """The code id a token names, before its signature is checked (to find the code).

    :raises InvalidLink: on anything that is not a token
    """
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        raise InvalidLink("not a link token")
    try:
        raw = b64url.decode(token)
    except ValueError:
        raise InvalidLink("not a link token") from None
    return _LAYOUT.unpack(raw[:_LAYOUT.size])[0]


def verify(pepper: bytes, token: str, bind: str, now: int) -> int:
    """Check a token against the code's current ``bind`` value.

    :return: the code id
    :raises InvalidLink: forged, for another code version, or expired
    """
    read_id(token)
    raw = b64url.decode(token)
    head, mac = raw[:_LAYOUT.size], raw[_LAYOUT.size:]
    if not hmac.compare_digest(mac, _mac(pepper, head, bind)):
        raise InvalidLink("bad signature")
    code_id, expiry = _LAYOUT.unpack(head)
    if now > expiry:
        raise InvalidLink("expired")
    return code_id
