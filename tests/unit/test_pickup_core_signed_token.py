"""Ed25519 QR tokens: authentic tokens verify offline; any change, wrong key or expiry fails."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pickup_code.core import b64url
from pickup_code.core.signed_token import (
    MAX_TOKEN_LENGTH,
    TOKEN_PREFIX,
    ExpiredToken,
    InvalidToken,
    TokenClaims,
    generate_keypair,
    sign_token,
    verify_token,
)

PRIVATE_RAW, PUBLIC_RAW = generate_keypair()
NOW = 1_750_000_000
EXPIRES = NOW + 3600
TOKEN = sign_token(PRIVATE_RAW, 1234, EXPIRES, "n0nce")
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.T"


def _forge(payload: bytes, private_raw: bytes = PRIVATE_RAW) -> str:
    """A correctly signed token around an arbitrary payload."""
    signature = ed25519.Ed25519PrivateKey.from_private_bytes(private_raw).sign(payload)
    return TOKEN_PREFIX + b64url.encode(payload) + "." + b64url.encode(signature)


def test_keypair_is_raw_32_bytes_each_and_fresh():
    private_raw, public_raw = generate_keypair()
    assert len(private_raw) == 32 and len(public_raw) == 32
    assert generate_keypair()[0] != private_raw


def test_signed_token_round_trips_claims():
    assert TOKEN.startswith(TOKEN_PREFIX)
    assert verify_token(PUBLIC_RAW, TOKEN, NOW) == TokenClaims(1234, EXPIRES, "n0nce")


def test_token_payload_is_compact_json():
    payload = b64url.decode(TOKEN[len(TOKEN_PREFIX) :].split(".")[0])
    assert payload == b'{"c":1234,"e":' + str(EXPIRES).encode() + b',"n":"n0nce"}'


def test_default_nonce_is_random():
    first = verify_token(PUBLIC_RAW, sign_token(PRIVATE_RAW, 1, EXPIRES), NOW)
    second = verify_token(PUBLIC_RAW, sign_token(PRIVATE_RAW, 1, EXPIRES), NOW)
    assert first.nonce != second.nonce and len(first.nonce) >= 16


def test_token_is_short_enough_for_a_scan():
    token = sign_token(PRIVATE_RAW, 2**31 - 1, 2**32, '"' * 64)  # worst case: escaped
    assert len(token) <= MAX_TOKEN_LENGTH
    assert verify_token(PUBLIC_RAW, token, NOW).code_id == 2**31 - 1


@given(st.data())
@settings(max_examples=400)
def test_any_single_changed_character_is_rejected(data):
    position = data.draw(st.integers(0, len(TOKEN) - 1))
    replacement = data.draw(st.sampled_from(TOKEN_CHARS))
    assume(replacement != TOKEN[position])
    tampered = TOKEN[:position] + replacement + TOKEN[position + 1 :]
    with pytest.raises(InvalidToken):
        verify_token(PUBLIC_RAW, tampered, NOW)


def test_every_position_with_a_changed_character_is_rejected_exhaustively():
    for position, char in enumerate(TOKEN):
        replacement = "B" if char != "B" else "C"
        with pytest.raises(InvalidToken):
            verify_token(PUBLIC_RAW, TOKEN[:position] + replacement + TOKEN[position + 1 :], NOW)


@given(st.data())
@settings(max_examples=400)
def test_any_single_flipped_byte_of_the_token_text_is_rejected(data):
    raw = bytearray(TOKEN.encode("ascii"))
    position = data.draw(st.integers(0, len(raw) - 1))
    raw[position] ^= data.draw(st.integers(1, 255))
    with pytest.raises(InvalidToken):
        verify_token(PUBLIC_RAW, raw.decode("latin-1"), NOW)


@given(st.data())
@settings(max_examples=400)
def test_any_flipped_bit_in_signed_payload_or_signature_is_rejected(data):
    payload_text, signature_text = TOKEN[len(TOKEN_PREFIX) :].split(".")
    payload = bytearray(b64url.decode(payload_text))
    signature = bytearray(b64url.decode(signature_text))
    target = data.draw(st.sampled_from([payload, signature]))
    target[data.draw(st.integers(0, len(target) - 1))] ^= 1 << data.draw(st.integers(0, 7))
    tampered = TOKEN_PREFIX + b64url.encode(bytes(payload)) + "." + b64url.encode(bytes(signature))
    with pytest.raises(InvalidToken):
        verify_token(PUBLIC_RAW, tampered, NOW)


def test_wrong_key_is_rejected():
    _other_private, other_public = generate_keypair()
    with pytest.raises(InvalidToken):
        verify_token(other_public, TOKEN, NOW)


def test_token_signed_by_another_key_is_rejected():
    other_private, _other_public = generate_keypair()
    with pytest.raises(InvalidToken):
        verify_token(PUBLIC_RAW, sign_token(other_private, 1234, EXPIRES, "n0nce"), NOW)


def test_token_is_valid_until_the_second_before_expiry():
    assert verify_token(PUBLIC_RAW, TOKEN, EXPIRES - 1).code_id == 1234
    with pytest.raises(ExpiredToken) as info:
        verify_token(PUBLIC_RAW, TOKEN, EXPIRES)
    assert info.value.claims == TokenClaims(1234, EXPIRES, "n0nce")
    with pytest.raises(ExpiredToken):
        verify_token(PUBLIC_RAW, TOKEN, EXPIRES + 86400)


def test_expired_token_with_wrong_key_is_invalid_not_expired():
    _other_private, other_public = generate_keypair()
    with pytest.raises(InvalidToken):
        verify_token(other_public, TOKEN, EXPIRES + 1)


def test_token_errors_are_value_errors_but_distinct():
    assert issubclass(InvalidToken, ValueError) and issubclass(ExpiredToken, ValueError)
    assert not issubclass(ExpiredToken, InvalidToken)


@pytest.mark.parametrize(
    "token",
    [
        "",
        TOKEN_PREFIX,
        TOKEN_PREFIX + ".",
        TOKEN[:-1],
        TOKEN + "A",
        TOKEN + ".",
        TOKEN + ".AAAA",
        TOKEN.replace(".", "", 2),
        TOKEN.replace(TOKEN_PREFIX, "PC1X.", 1),
        TOKEN.replace(TOKEN_PREFIX, "pc1t.", 1),
        TOKEN[len(TOKEN_PREFIX) :],
        TOKEN + "=",
        " " + TOKEN,
        TOKEN_PREFIX + "A" * 600 + ".AAAA",
        None,
        TOKEN.encode(),
        12,
    ],
)
def test_malformed_tokens_are_invalid(token):
    with pytest.raises(InvalidToken):
        verify_token(PUBLIC_RAW, token, NOW)


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"c":1,"e":9999999999}',
        b'{"c":1,"e":9999999999,"n":"x","x":1}',
        b'{"c":true,"e":9999999999,"n":"x"}',
        b'{"c":0,"e":9999999999,"n":"x"}',
        b'{"c":-5,"e":9999999999,"n":"x"}',
        b'{"c":"1","e":9999999999,"n":"x"}',
        b'{"c":1.0,"e":9999999999,"n":"x"}',
        b'{"c":1,"e":"9999999999","n":"x"}',
        b'{"c":1,"e":9999999999,"n":null}',
        b'{"c":1,"c":2,"e":9999999999,"n":"x"}',
    ],
)
def test_signed_but_malformed_claims_are_invalid(payload):
    with pytest.raises(InvalidToken):
        verify_token(PUBLIC_RAW, _forge(payload), NOW)


def test_forged_well_formed_payload_verifies_only_with_our_key():
    payload = json.dumps({"c": 7, "e": EXPIRES, "n": "x"}, separators=(",", ":")).encode()
    assert verify_token(PUBLIC_RAW, _forge(payload), NOW).code_id == 7


@pytest.mark.parametrize("public_raw", [b"", b"\x00" * 31, b"\x00" * 33, "x" * 32, None])
def test_bad_public_key_is_a_configuration_error(public_raw):
    with pytest.raises(ValueError) as info:
        verify_token(public_raw, TOKEN, NOW)
    assert not isinstance(info.value, InvalidToken)


@pytest.mark.parametrize(
    ("private_raw", "code_id", "expires_at", "nonce"),
    [
        (b"\x00" * 31, 1, EXPIRES, None),
        (PRIVATE_RAW, 0, EXPIRES, None),
        (PRIVATE_RAW, True, EXPIRES, None),
        (PRIVATE_RAW, "1", EXPIRES, None),
        (PRIVATE_RAW, 1, float(EXPIRES), None),
        (PRIVATE_RAW, 1, EXPIRES, "x" * 65),
        (PRIVATE_RAW, 1, EXPIRES, 5),
        (PRIVATE_RAW, 1, EXPIRES, "n\u00f6nce"),
        (PRIVATE_RAW, 1, EXPIRES, "line\nbreak"),
    ],
)
def test_sign_token_refuses_bad_arguments(private_raw, code_id, expires_at, nonce):
    with pytest.raises(ValueError):
        sign_token(private_raw, code_id, expires_at, nonce)


@given(
    st.integers(1, 2**53),
    st.integers(-(2**40), 2**40),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=64),
)
def test_any_claims_round_trip(code_id, expires_at, nonce):
    token = sign_token(PRIVATE_RAW, code_id, expires_at, nonce)
    claims = verify_token(PUBLIC_RAW, token, expires_at - 1)
    assert claims == TokenClaims(code_id, expires_at, nonce)
