"""Short signed links to a buyer's pickup page and QR image (``/p/<token>``).

Standard library only. Nothing of a link is stored: the token is the code id and an HMAC
under the server pepper bound to the code's current QR hash, so a database dump holds no
live link and a regenerated code kills the old links. It carries no expiry of its own: the
server opens it only while the code is live and before its deadline, so it expires with the
code (whose deadline may still move) and an SMS stays short (16 symbols, 12 bytes).

The MAC is 64 bits: a forger must guess it online, one request per try, for one code id.
Tokens of the earlier 24-symbol layout (id, expiry, 80-bit MAC) already sent stay valid
until their own expiry.
"""

import hashlib
import hmac
import struct

from . import b64url

_ID = struct.Struct(">I")  # code id
_MAC_BYTES = 8
TOKEN_LENGTH = 16
# The earlier layout: code id, expiry (Unix seconds), 80-bit MAC.
_LEGACY_LAYOUT = struct.Struct(">II")
_LEGACY_MAC_BYTES = 10
LEGACY_TOKEN_LENGTH = 24


class InvalidLink(ValueError):
    """Not a link this server signed, or past its expiry."""


def _mac(pepper: bytes, head: bytes, bind: str, size: int) -> bytes:
    return hmac.new(pepper, b"pickup-link\x00" + head + b"\x00" + bind.encode(),
                    hashlib.sha256).digest()[:size]


def sign(pepper: bytes, code_id: int, bind: str) -> str:
    """:param bind: a value that changes when the link must die (the code's QR hash)
    :return: the token (16 base64url symbols)"""
    if not 0 < code_id < 2**32:
        raise ValueError("code id out of range")
    head = _ID.pack(code_id)
    return b64url.encode(head + _mac(pepper, head, bind, _MAC_BYTES))


def _decode(token) -> bytes:
    if not isinstance(token, str) or len(token) not in (TOKEN_LENGTH, LEGACY_TOKEN_LENGTH):
        raise InvalidLink("not a link token")
    try:
        return b64url.decode(token)
    except ValueError:
        raise InvalidLink("not a link token") from None


def read_id(token: str) -> int:
    """The code id a token names, before its signature is checked (to find the code).

    :raises InvalidLink: on anything that is not a token
    """
    return _ID.unpack(_decode(token)[:_ID.size])[0]


def verify(pepper: bytes, token: str, bind: str, now: int) -> int:
    """Check a token against the code's current ``bind`` value.

    :param now: Unix time (only tokens of the earlier layout carry an expiry)
    :return: the code id
    :raises InvalidLink: forged, for another code version, or (earlier layout) expired
    """
    raw = _decode(token)
    head_size = _ID.size if len(token) == TOKEN_LENGTH else _LEGACY_LAYOUT.size
    head, mac = raw[:head_size], raw[head_size:]
    if not hmac.compare_digest(mac, _mac(pepper, head, bind, len(mac))):
        raise InvalidLink("bad signature")
    if head_size == _LEGACY_LAYOUT.size:
        code_id, expiry = _LEGACY_LAYOUT.unpack(head)
        if now > expiry:
            raise InvalidLink("expired")
        return code_id
    return _ID.unpack(head)[0]


def sign_legacy(pepper: bytes, code_id: int, expiry: int, bind: str) -> str:
    """A token of the earlier layout (only to test that those already sent still open)."""
    head = _LEGACY_LAYOUT.pack(code_id, expiry)
    return b64url.encode(head + _mac(pepper, head, bind, _LEGACY_MAC_BYTES))
