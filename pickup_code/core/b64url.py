"""Strict, canonical base64url (RFC 4648 section 5) without padding.

Credentials are compared as strings and hashed as strings, so every byte string must have
exactly one accepted text form; otherwise a scanner could present a second spelling of the
same secret or token (the unused low bits of the last symbol) and slip past string checks.
"""

import base64
import binascii

_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def encode(raw: bytes) -> str:
    """Encode bytes as base64url without ``=`` padding.

    :param raw: bytes to encode.
    :return: the ASCII text form.
    """
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode(text: str) -> bytes:
    """Decode unpadded base64url, accepting only the canonical spelling.

    :param text: unpadded base64url text.
    :return: the decoded bytes.
    :raises ValueError: on a non-str input, a character outside the alphabet, padding, an
        impossible length, or a non-canonical final symbol.
    """
    if not isinstance(text, str) or not text or not _ALPHABET.issuperset(text):
        raise ValueError("not base64url")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc
    # Re-encoding catches spellings that differ only in ignored trailing bits.
    if encode(raw) != text:
        raise ValueError("non-canonical base64url")
    return raw
