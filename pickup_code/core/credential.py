"""Pickup code credentials: QR secrets, Crockford short codes, scan parsing, keyed hashes.

One pickup code has two independent secrets (DESIGN.md, "The credential"): a QR secret of
160 random bits behind a version tag, and a short code of 8 Crockford Base32 symbols
(40 bits) plus a mod-37 check symbol for typing or reading aloud. Only keyed hashes of
either are stored, so lookup is one indexed query on the hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from . import b64url
from .signed_token import TOKEN_PREFIX

QR_PREFIX = "PC1."
QR_SECRET_BYTES = 20
CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Crockford's check symbols: values 32..36 extend the data alphabet.
CHECK_ALPHABET = CROCKFORD_ALPHABET + "*~$=U"
CHECK_MODULUS = 37
SHORT_CODE_DATA_LENGTH = 8
SHORT_CODE_LENGTH = SHORT_CODE_DATA_LENGTH + 1
# Longest accepted scan; a signed token is about 160 characters.
MAX_SCAN_LENGTH = 512
MIN_PEPPER_BYTES = 16
KINDS = frozenset({"qr", "short", "token"})

_DATA_VALUE = {symbol: value for value, symbol in enumerate(CROCKFORD_ALPHABET)}
_CHECK_VALUE = {symbol: value for value, symbol in enumerate(CHECK_ALPHABET)}
# Crockford decoding: I and L read as 1, O as 0; separators people type are dropped.
_SHORT_CODE_TABLE = str.maketrans("ILO", "110", " -\t")
_TOKEN_BODY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


class MalformedCode(ValueError):
    """Input that cannot be any credential (a typo, not a failed guess).

    :param detail: short machine string: ``type``, ``too_long``, ``empty``, ``non_ascii``,
        ``control_char``, ``length``, ``alphabet``, ``check``, ``qr_format`` or
        ``token_format``.
    """

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class ScannedCode:
    """A scan classified and put in canonical form.

    ``kind`` is ``qr``, ``short`` or ``token``; ``value`` is the canonical text to hash
    (QR and token: the full text with prefix; short: the 9 canonical symbols).
    """

    kind: str
    value: str

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown scan kind {self.kind!r}")


def new_qr_secret() -> str:
    """Draw a fresh QR secret.

    :return: ``"PC1."`` followed by the unpadded base64url of 20 CSPRNG bytes (160 bits).
    """
    return QR_PREFIX + b64url.encode(secrets.token_bytes(QR_SECRET_BYTES))


def check_symbol(data: str) -> str:
    """Compute the Crockford check symbol of 8 canonical data symbols.

    :param data: 8 symbols from ``CROCKFORD_ALPHABET`` (already normalised).
    :return: ``CHECK_ALPHABET[value mod 37]`` where value reads ``data`` as base 32.
    :raises MalformedCode: ``length`` or ``alphabet``.
    """
    if not isinstance(data, str) or len(data) != SHORT_CODE_DATA_LENGTH:
        raise MalformedCode("length")
    value = 0
    for symbol in data:
        digit = _DATA_VALUE.get(symbol)
        if digit is None:
            raise MalformedCode("alphabet")
        value = value * 32 + digit
    return CHECK_ALPHABET[value % CHECK_MODULUS]


def new_short_code() -> str:
    """Draw a fresh short code.

    :return: canonical 9-symbol code: 8 data symbols from 40 CSPRNG bits plus the check.
    """
    # Five random bytes are exactly eight 5-bit symbols: uniform, no modulo bias.
    bits = int.from_bytes(secrets.token_bytes(5), "big")
    data = "".join(CROCKFORD_ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return data + check_symbol(data)


def normalize_short_code(text: str) -> str:
    """Turn a typed or read-aloud short code into its canonical form.

    NFKC first (full-width input from phone keyboards), then uppercase, drop spaces,
    hyphens and tabs, read I/L as 1 and O as 0.

    :param text: user input such as ``"7kq3-m9xa-z"``.
    :return: canonical 9-symbol code, e.g. ``"7KQ3M9XAZ"``.
    :raises MalformedCode: ``type``, ``too_long``, ``length``, ``alphabet`` or ``check``.
    """
    if not isinstance(text, str):
        raise MalformedCode("type")
    if len(text) > MAX_SCAN_LENGTH:
        raise MalformedCode("too_long")
    text = unicodedata.normalize("NFKC", text).strip()
    # Checked before upper(): "ı".upper() is "I" and would sneak in as a 1.
    if not text.isascii():
        raise MalformedCode("alphabet")
    code = text.upper().translate(_SHORT_CODE_TABLE)
    if len(code) != SHORT_CODE_LENGTH:
        raise MalformedCode("length")
    data, check = code[:SHORT_CODE_DATA_LENGTH], code[SHORT_CODE_DATA_LENGTH]
    if check not in _CHECK_VALUE:
        raise MalformedCode("alphabet")
    if check_symbol(data) != check:
        raise MalformedCode("check")
    return code


def format_short_code(canonical: str) -> str:
    """Render a short code for display and reading aloud, grouped 4-4-1.

    :param canonical: a short code (any accepted spelling).
    :return: e.g. ``"7KQ3-M9XA-Z"``.
    :raises MalformedCode: when ``canonical`` is not a valid short code.
    """
    code = normalize_short_code(canonical)
    return f"{code[:4]}-{code[4:8]}-{code[8]}"


def _canonical_qr(text: str) -> str:
    """Validate a QR secret (prefix already seen).

    :param text: stripped scan text starting with ``QR_PREFIX``.
    :return: the same text.
    :raises MalformedCode: ``qr_format`` unless the body is canonical base64url of 20 bytes.
    """
    try:
        raw = b64url.decode(text[len(QR_PREFIX) :])
    except ValueError as exc:
        raise MalformedCode("qr_format") from exc
    if len(raw) != QR_SECRET_BYTES:
        raise MalformedCode("qr_format")
    return text


def _checked_token_shape(text: str) -> str:
    """Check a token's outline; the signature is checked by ``signed_token.verify_token``.

    :param text: stripped scan text starting with ``TOKEN_PREFIX``.
    :return: the same text.
    :raises MalformedCode: ``token_format``.
    """
    body = text[len(TOKEN_PREFIX) :]
    parts = body.split(".")
    if len(parts) != 2 or not all(parts) or not _TOKEN_BODY_CHARS.issuperset(body):
        raise MalformedCode("token_format")
    return text


def parse_scan(text: str) -> ScannedCode:
    """Classify scanner or keyboard input as a QR secret, signed token or short code.

    Leading and trailing whitespace (a keyboard-wedge scanner's Enter or Tab) is ignored;
    inner tabs count as short-code separators; any other control character is refused.

    :param text: raw input.
    :return: the kind and canonical value.
    :raises MalformedCode: on anything that cannot be a credential; never anything else.
    """
    if not isinstance(text, str):
        raise MalformedCode("type")
    # Checked before and after NFKC: NFKC can expand a string up to 18-fold.
    if len(text) > MAX_SCAN_LENGTH:
        raise MalformedCode("too_long")
    text = unicodedata.normalize("NFKC", text)
    if len(text) > MAX_SCAN_LENGTH:
        raise MalformedCode("too_long")
    text = text.strip()
    if not text:
        raise MalformedCode("empty")
    if not text.isascii():
        raise MalformedCode("non_ascii")
    if any((char < " " and char != "\t") or char == "\x7f" for char in text):
        raise MalformedCode("control_char")
    if text.startswith(TOKEN_PREFIX):
        return ScannedCode("token", _checked_token_shape(text))
    if text.startswith(QR_PREFIX):
        return ScannedCode("qr", _canonical_qr(text))
    return ScannedCode("short", normalize_short_code(text))


def keyed_hash(pepper: bytes, kind: str, value: str) -> str:
    """Keyed hash stored instead of a secret.

    The kind is mixed in (``kind + NUL + value``) so that a QR secret, a short code and
    any other hashed value (e.g. ID last 4) can never produce the same stored hash.

    :param pepper: server secret, at least 16 bytes.
    :param kind: domain label such as ``"qr"`` or ``"short"``; must not contain NUL.
    :param value: canonical value (see ``parse_scan``).
    :return: lowercase hex HMAC-SHA256 (64 characters).
    :raises ValueError: on a short pepper or an empty or NUL-bearing kind.
    """
    if not isinstance(pepper, (bytes, bytearray)) or len(pepper) < MIN_PEPPER_BYTES:
        raise ValueError("pepper must be at least 16 bytes")
    if not isinstance(kind, str) or not kind or "\x00" in kind:
        raise ValueError("kind must be a non-empty str without NUL")
    message = f"{kind}\x00{value}".encode()
    return hmac.new(bytes(pepper), message, hashlib.sha256).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    """Compare two strings in time independent of where they differ.

    :param a: first string.
    :param b: second string.
    :return: True when equal.
    :raises TypeError: when either is not a str.
    """
    if not isinstance(a, str) or not isinstance(b, str):
        raise TypeError("constant_time_equal compares str values")
    # UTF-8 bytes, because compare_digest refuses non-ASCII str.
    return hmac.compare_digest(a.encode(), b.encode())
