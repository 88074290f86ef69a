"""Ed25519-signed QR tokens that a scanner can check offline.

Layout: ``"PC1T." + b64url(payload) + "." + b64url(signature)`` where the payload is the
compact JSON ``{"c": code_id, "e": expires_at, "n": nonce}`` and the signature covers the
payload bytes exactly as they travel. A token proves authenticity and expiry only; whether
the code is still redeemable is decided by the server from the code's state.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from . import b64url

TOKEN_PREFIX = "PC1T."
# A token is about 160 characters; the cap stops hostile input before any decoding work.
MAX_TOKEN_LENGTH = 512
MAX_NONCE_LENGTH = 64
_KEY_BYTES = 32
_SIGNATURE_BYTES = 64
_CLAIM_KEYS = frozenset({"c", "e", "n"})


class InvalidToken(ValueError):
    """The token is not one we signed: bad shape, encoding, JSON, signature or key."""


class ExpiredToken(ValueError):
    """The token is authentic but its expiry has passed.

    :param claims: the verified claims, so the caller can still name the code.
    """

    def __init__(self, claims: TokenClaims):
        super().__init__("token expired")
        self.claims = claims


@dataclass(frozen=True)
class TokenClaims:
    """Verified contents of a token."""

    code_id: int
    expires_at: int
    nonce: str


def _is_int(value) -> bool:
    # bool is an int subclass; JSON true must never pass as code id 1.
    return isinstance(value, int) and not isinstance(value, bool)


def generate_keypair(seed: bytes | None = None) -> tuple[bytes, bytes]:
    """Create an Ed25519 key pair, new or from a 32-byte seed.

    :param seed: 32 bytes (derive it from a server secret so the key is never stored)
    :return: ``(private_raw, public_raw)``, 32 raw bytes each.
    """
    private_key = (ed25519.Ed25519PrivateKey.from_private_bytes(seed) if seed is not None
                   else ed25519.Ed25519PrivateKey.generate())
    private_raw = private_key.private_bytes(
        encoding=serialization.Encoding.Raw,
        format=serialization.PrivateFormat.Raw,
        encryption_algorithm=serialization.NoEncryption(),
    )
    public_raw = private_key.public_key().public_bytes(
        encoding=serialization.Encoding.Raw,
        format=serialization.PublicFormat.Raw,
    )
    return private_raw, public_raw


def sign_token(private_raw: bytes, code_id: int, expires_at: int, nonce: str | None = None) -> str:
    """Sign a token for one pickup code.

    :param private_raw: 32-byte raw Ed25519 private key.
    :param code_id: database id of the pickup code (positive int).
    :param expires_at: unix time (int seconds) from which the token is refused.
    :param nonce: up to 64 printable ASCII characters; a fresh random one when None, so
        two tokens for the same code and expiry still differ.
    :return: the token text.
    :raises ValueError: on a malformed key or argument.
    """
    if not isinstance(private_raw, bytes) or len(private_raw) != _KEY_BYTES:
        raise ValueError("private key must be 32 raw bytes")
    if not _is_int(code_id) or code_id <= 0:
        raise ValueError("code_id must be a positive int")
    if not _is_int(expires_at):
        raise ValueError("expires_at must be an int unix time")
    if nonce is None:
        nonce = secrets.token_urlsafe(12)
    # Printable ASCII keeps the JSON (and so the token) within MAX_TOKEN_LENGTH.
    if (
        not isinstance(nonce, str)
        or len(nonce) > MAX_NONCE_LENGTH
        or not all(" " <= char <= "~" for char in nonce)
    ):
        raise ValueError("nonce must be at most 64 printable ASCII characters")
    payload = json.dumps(
        {"c": code_id, "e": expires_at, "n": nonce}, separators=(",", ":"), ensure_ascii=True
    ).encode("ascii")
    signature = ed25519.Ed25519PrivateKey.from_private_bytes(private_raw).sign(payload)
    token = TOKEN_PREFIX + b64url.encode(payload) + "." + b64url.encode(signature)
    if len(token) > MAX_TOKEN_LENGTH:
        raise ValueError("token too long")
    return token


def _parse_claims(payload: bytes) -> TokenClaims:
    """Decode the signed payload into claims.

    :param payload: JSON bytes whose signature was already verified.
    :return: the claims.
    :raises InvalidToken: on anything but the exact expected object.
    """

    def _no_duplicates(pairs):
        keys = [key for key, _value in pairs]
        if len(set(keys)) != len(keys):
            raise InvalidToken("duplicate claim")
        return dict(pairs)

    try:
        data = json.loads(payload.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidToken("json") from exc
    if not isinstance(data, dict) or set(data) != _CLAIM_KEYS:
        raise InvalidToken("claims")
    code_id, expires_at, nonce = data["c"], data["e"], data["n"]
    if not (_is_int(code_id) and code_id > 0 and _is_int(expires_at) and isinstance(nonce, str)):
        raise InvalidToken("claims")
    return TokenClaims(code_id=code_id, expires_at=expires_at, nonce=nonce)


def verify_token(public_raw: bytes, token: str, now: int) -> TokenClaims:
    """Check a token's signature and expiry.

    The signature is checked before the expiry so that ``ExpiredToken`` is only ever
    raised for tokens we really signed.

    :param public_raw: 32-byte raw Ed25519 public key.
    :param token: scanned token text.
    :param now: current unix time; the token is valid while ``now < expires_at``.
    :return: the verified claims.
    :raises InvalidToken: on any change to the token, bad base64, bad JSON or the wrong key.
    :raises ExpiredToken: when the token is authentic and ``now >= expires_at``.
    :raises ValueError: (plain) when ``public_raw`` is not a 32-byte key: configuration,
        not scanner input.
    """
    if not isinstance(public_raw, bytes) or len(public_raw) != _KEY_BYTES:
        raise ValueError("public key must be 32 raw bytes")
    public_key = ed25519.Ed25519PublicKey.from_public_bytes(public_raw)
    if (
        not isinstance(token, str)
        or len(token) > MAX_TOKEN_LENGTH
        or not token.startswith(TOKEN_PREFIX)
    ):
        raise InvalidToken("format")
    parts = token[len(TOKEN_PREFIX) :].split(".")
    if len(parts) != 2:
        raise InvalidToken("format")
    try:
        payload = b64url.decode(parts[0])
        signature = b64url.decode(parts[1])
    except ValueError as exc:
        raise InvalidToken("base64") from exc
    if len(signature) != _SIGNATURE_BYTES:
        raise InvalidToken("signature")
    try:
        public_key.verify(signature, payload)
    except InvalidSignature as exc:
        raise InvalidToken("signature") from exc
    claims = _parse_claims(payload)
    if now >= claims.expires_at:
        raise ExpiredToken(claims)
    return claims
