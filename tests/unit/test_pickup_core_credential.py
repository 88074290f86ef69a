"""Credential formats: QR secrets, Crockford short codes, scan parsing, keyed hashes."""

import hashlib
import hmac
import string
import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pickup_code.core import b64url
from pickup_code.core.credential import (
    CHECK_ALPHABET,
    CROCKFORD_ALPHABET,
    MAX_SCAN_LENGTH,
    QR_PREFIX,
    MalformedCode,
    ScannedCode,
    check_symbol,
    constant_time_equal,
    format_short_code,
    keyed_hash,
    new_qr_secret,
    new_short_code,
    normalize_short_code,
    parse_scan,
)
from pickup_code.core.signed_token import TOKEN_PREFIX, generate_keypair, sign_token

PEPPER = b"p" * 32
SAMPLE_CODES = ("00000000", "7KQ3M9XA", "ZZZZZZZZ", "1234ABCD", "0000000Z")

data_strings = st.text(alphabet=CROCKFORD_ALPHABET, min_size=8, max_size=8)
canonical_codes = data_strings.map(lambda data: data + check_symbol(data))


def _with_check(data):
    return data + check_symbol(data)


def _to_fullwidth(text):
    # U+FF01..U+FF5E mirror ASCII 0x21..0x7E; a phone IME in full-width mode types these.
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


# --- QR secrets -------------------------------------------------------------------------


def test_qr_secret_is_prefixed_base64url_of_160_bits():
    secret = new_qr_secret()
    assert secret.startswith(QR_PREFIX)
    assert len(secret) == len(QR_PREFIX) + 27
    assert len(b64url.decode(secret[len(QR_PREFIX) :])) == 20
    assert "=" not in secret


def test_100000_qr_secrets_never_collide():
    secrets_ = [new_qr_secret() for _ in range(100_000)]
    assert len(set(secrets_)) == 100_000


def test_qr_secret_parses_back_to_itself():
    secret = new_qr_secret()
    assert parse_scan(secret) == ScannedCode("qr", secret)
    # A keyboard-wedge scanner ends the scan with Enter or Tab.
    assert parse_scan(secret + "\r\n") == ScannedCode("qr", secret)
    assert parse_scan("\t" + secret + "\t") == ScannedCode("qr", secret)


@pytest.mark.parametrize("size", [0, 1, 16, 19, 21, 32])
def test_qr_secret_of_wrong_size_is_malformed(size):
    with pytest.raises(MalformedCode) as info:
        parse_scan(QR_PREFIX + b64url.encode(b"\x01" * size))
    assert info.value.detail == "qr_format"


def test_qr_secret_with_non_canonical_last_symbol_is_malformed():
    body = b64url.encode(bytes(20))  # 27 symbols, last one carries 2 unused bits
    assert body[-1] == "A"
    with pytest.raises(MalformedCode) as info:
        parse_scan(QR_PREFIX + body[:-1] + "B")  # same bytes, other spelling
    assert info.value.detail == "qr_format"


@pytest.mark.parametrize("bad", ["+", "/", "=", " ", "!"])
def test_qr_secret_with_foreign_character_is_malformed(bad):
    body = b64url.encode(bytes(20))
    with pytest.raises(MalformedCode):
        parse_scan(QR_PREFIX + body[:10] + bad + body[11:])


# --- short codes: generation and check symbol --------------------------------------------


def test_new_short_code_is_nine_valid_canonical_symbols():
    for _ in range(1000):
        code = new_short_code()
        assert len(code) == 9
        assert set(code[:8]) <= set(CROCKFORD_ALPHABET)
        assert normalize_short_code(code) == code


def test_100000_short_codes_are_valid_and_practically_unique():
    codes = [new_short_code() for _ in range(100_000)]
    assert all(code[8] == check_symbol(code[:8]) for code in codes)
    # 40 bits: the birthday bound gives 100000**2 / 2**41 ~= 0.0045 expected duplicate
    # pairs, so "zero duplicates" would fail about once in 220 runs by pure chance. More
    # than 2 duplicates has probability ~1.5e-8 and would mean the generator is broken.
    # (Uniqueness among live codes is the database's unique index plus a retry.)
    assert len(codes) - len(set(codes)) <= 2


def test_short_code_generator_uses_whole_alphabet_in_every_position():
    codes = [new_short_code() for _ in range(5000)]
    for position in range(8):
        assert {code[position] for code in codes} == set(CROCKFORD_ALPHABET)


@pytest.mark.parametrize(
    ("data", "check"),
    [
        ("00000000", "0"),
        ("0000000Z", "Z"),  # 31
        ("00000010", "*"),  # 32
        ("00000011", "~"),  # 33
        ("00000012", "$"),  # 34
        ("00000013", "="),  # 35
        ("00000014", "U"),  # 36
        ("00000015", "0"),  # 37 wraps
    ],
)
def test_check_symbol_is_value_mod_37_in_crockford_check_alphabet(data, check):
    assert check_symbol(data) == check


def test_check_symbol_matches_integer_arithmetic():
    for data in SAMPLE_CODES:
        value = 0
        for char in data:
            value = value * 32 + CROCKFORD_ALPHABET.index(char)
        assert check_symbol(data) == CHECK_ALPHABET[value % 37]


@pytest.mark.parametrize("bad", ["", "0000000", "000000000", "0000000U", "0000000I", None])
def test_check_symbol_refuses_non_canonical_data(bad):
    with pytest.raises(MalformedCode):
        check_symbol(bad)


@pytest.mark.parametrize("data", SAMPLE_CODES)
def test_every_single_symbol_substitution_is_caught_exhaustively(data):
    code = _with_check(data)
    for position in range(9):
        alphabet = CROCKFORD_ALPHABET if position < 8 else CHECK_ALPHABET
        for symbol in alphabet:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1 :]
            with pytest.raises(MalformedCode) as info:
                normalize_short_code(typo)
            assert info.value.detail == "check"


def test_single_substitution_is_caught_for_every_code():
    # The check value changes by (new - old) * 32**k mod 37. 37 is prime and divides
    # neither 32**k nor any |new - old| < 32, so checking every (position, old, new)
    # triple once covers every possible code.
    for k in range(8):
        for old in range(32):
            for new in range(32):
                if old != new:
                    assert (new - old) * pow(32, k, 37) % 37 != 0


@pytest.mark.parametrize("data", SAMPLE_CODES + ("01234567", "ABCDEFGH", "Z0Z0Z0Z0"))
def test_every_adjacent_transposition_is_caught_exhaustively(data):
    code = _with_check(data)
    for position in range(8):  # includes swapping the last data symbol with the check
        first, second = code[position], code[position + 1]
        if first == second:
            continue
        swapped = code[:position] + second + first + code[position + 2 :]
        with pytest.raises(MalformedCode):
            normalize_short_code(swapped)


def test_adjacent_transposition_of_data_is_caught_for_every_pair_and_position():
    # Swapping symbols a, b at positions i, i+1 changes the value by (a - b) * 31 * 32**k;
    # checking the real function on every pair at every position proves it for all codes.
    for position in range(7):
        for first in CROCKFORD_ALPHABET:
            for second in CROCKFORD_ALPHABET:
                if first == second:
                    continue
                data = "0" * position + first + second + "0" * (6 - position)
                swapped = "0" * position + second + first + "0" * (6 - position)
                assert check_symbol(data) != check_symbol(swapped)


def test_transposing_last_data_symbol_and_check_is_caught_for_every_last_symbol():
    for prefix in ("0000000", "7KQ3M9X", "ZZZZZZZ"):
        for last in CROCKFORD_ALPHABET:
            code = _with_check(prefix + last)
            if code[7] == code[8]:
                continue
            with pytest.raises(MalformedCode):
                normalize_short_code(code[:7] + code[8] + code[7])


@given(canonical_codes, st.integers(0, 8), st.integers(0, 36))
def test_random_single_substitution_is_caught(code, position, symbol_index):
    alphabet = CROCKFORD_ALPHABET if position < 8 else CHECK_ALPHABET
    symbol = alphabet[symbol_index % len(alphabet)]
    assume(symbol != code[position])
    with pytest.raises(MalformedCode):
        normalize_short_code(code[:position] + symbol + code[position + 1 :])


@given(canonical_codes, st.integers(0, 7))
def test_random_adjacent_transposition_is_caught(code, position):
    assume(code[position] != code[position + 1])
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    with pytest.raises(MalformedCode):
        normalize_short_code(swapped)


# --- short codes: normalisation ---------------------------------------------------------


def test_format_short_code_groups_four_four_one():
    code = _with_check("7KQ3M9XA")
    assert format_short_code(code) == f"7KQ3-M9XA-{code[8]}"


@given(canonical_codes)
def test_format_then_normalize_round_trips(code):
    shown = format_short_code(code)
    assert len(shown) == 11 and shown.count("-") == 2
    assert normalize_short_code(shown) == code
    assert normalize_short_code(shown.lower()) == code


@st.composite
def messy_spellings(draw):
    """A canonical code and a way a person might type it."""
    code = draw(canonical_codes)
    variants = {"1": "1IiLl", "0": "0Oo"}
    out = []
    for char in code:
        choices = variants.get(char, char + char.lower())
        out.append(draw(st.sampled_from(choices)))
        out.append(draw(st.sampled_from(["", "", " ", "-", "\t", "  ", " - "])))
    return code, "".join(out)


@given(messy_spellings())
def test_normalize_accepts_case_spaces_hyphens_tabs_and_ilo_variants(pair):
    code, typed = pair
    assert normalize_short_code(typed) == code
    assert parse_scan(typed) == ScannedCode("short", code)


def test_normalize_reads_i_l_as_one_and_o_as_zero():
    code = _with_check("10101010")
    assert normalize_short_code("IOLOiolo" + code[8]) == code


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", "length"),
        ("7KQ3M9XA", "length"),
        ("7KQ3M9XAZZ", "length"),
        ("7KQ3M9XU" + "0", "alphabet"),  # U is a check symbol only
        ("7KQ3M9X*" + "0", "alphabet"),
        ("7KQ3M9XA#", "alphabet"),
        ("7KQ3M9X\u00c4" + "0", "alphabet"),
        ("7KQ3M9X\u0131" + "0", "alphabet"),  # dotless i must not become I -> 1
        (None, "type"),
        (b"7KQ3M9XAZ", "type"),
        ("7" * 1000, "too_long"),
    ],
)
def test_normalize_reports_what_is_wrong(text, detail):
    with pytest.raises(MalformedCode) as info:
        normalize_short_code(text)
    assert info.value.detail == detail
    assert isinstance(info.value, ValueError)


def test_wrong_check_symbol_reports_check():
    code = _with_check("7KQ3M9XA")
    wrong = next(s for s in CHECK_ALPHABET if s != code[8])
    with pytest.raises(MalformedCode) as info:
        normalize_short_code(code[:8] + wrong)
    assert info.value.detail == "check"


def test_fullwidth_short_code_from_phone_ime_is_accepted():
    code = _with_check("7KQ3M9XA")
    typed = _to_fullwidth(format_short_code(code).lower()).replace("-", "\u3000")
    assert not typed.isascii()
    assert parse_scan(typed) == ScannedCode("short", code)
    assert normalize_short_code(_to_fullwidth(code)) == code


def test_fullwidth_digits_are_accepted():
    code = _with_check("12345678")
    assert parse_scan(_to_fullwidth(code)) == ScannedCode("short", code)


# --- parse_scan on hostile input --------------------------------------------------------


@given(st.text(max_size=600))
@settings(max_examples=500)
def test_parse_scan_on_any_text_raises_only_malformed(text):
    try:
        result = parse_scan(text)
    except MalformedCode as exc:
        assert exc.detail
    else:
        assert result.kind in {"qr", "short", "token"}


@given(
    st.sampled_from(["", QR_PREFIX, TOKEN_PREFIX, "PC1", "PC1T", "pc1.", "PC1..", "PC1T.."]),
    st.text(alphabet=string.printable + "\u3000\uff0d\u200b\x00", max_size=200),
)
@settings(max_examples=500)
def test_parse_scan_on_prefixed_garbage_raises_only_malformed(prefix, tail):
    try:
        parse_scan(prefix + tail)
    except MalformedCode:
        pass


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text()), st.floats()))
def test_parse_scan_refuses_non_text(value):
    with pytest.raises(MalformedCode) as info:
        parse_scan(value)
    assert info.value.detail == "type"


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", "empty"),
        ("   \t\r\n", "empty"),
        ("7KQ3\x00M9XA", "control_char"),
        ("\x00" * 9, "control_char"),
        ("7KQ3\nM9XA0", "control_char"),
        ("7KQ3\x1bM9XA0", "control_char"),
        ("7KQ3\x7fM9XA0", "control_char"),
        ("7KQ3\u200bM9XA0", "non_ascii"),  # zero-width space
        ("\u0645\u0631\u062d\u0628\u0627", "non_ascii"),
        ("' OR 1=1 --", "length"),
        ("'; DROP TABLE pickup_code; --", "length"),
        ("<script>alert(1)</script>", "length"),
        ("<img src=x>", "length"),
        ("%00%27OR%27", "length"),
        ("{{7*7}}ab", "alphabet"),
        ("${jndi:ldap}", "length"),
        ("PC1T.only-one-part", "token_format"),
        ("PC1T.a.b.c", "token_format"),
        ("PC1T..sig", "token_format"),
        ("PC1T.a b.c", "token_format"),
        ("PC1.", "qr_format"),
        ("PC1.<script>", "qr_format"),
    ],
)
def test_parse_scan_hostile_inputs_are_malformed(text, detail):
    with pytest.raises(MalformedCode) as info:
        parse_scan(text)
    assert info.value.detail == detail


def test_parse_scan_refuses_huge_input_quickly():
    for huge in ("A" * 10_000_000, "\ufdfa" * 10_000_000, "PC1." + "A" * 1_000_000):
        started = time.perf_counter()
        with pytest.raises(MalformedCode) as info:
            parse_scan(huge)
        assert info.value.detail == "too_long"
        assert time.perf_counter() - started < 1.0


def test_parse_scan_refuses_text_that_nfkc_expands_past_the_limit():
    # U+FDFA expands to 18 characters under NFKC.
    text = "\ufdfa" * 100
    assert len(text) <= MAX_SCAN_LENGTH
    with pytest.raises(MalformedCode) as info:
        parse_scan(text)
    assert info.value.detail == "too_long"


def test_parse_scan_classifies_signed_token():
    private_raw, _public_raw = generate_keypair()
    token = sign_token(private_raw, 42, 2_000_000_000)
    assert parse_scan(" " + token + "\n") == ScannedCode("token", token)


def test_scanned_code_refuses_unknown_kind():
    with pytest.raises(ValueError):
        ScannedCode("barcode", "x")


# --- keyed hashes -----------------------------------------------------------------------


def test_keyed_hash_is_hmac_sha256_of_kind_nul_value():
    expected = hmac.new(PEPPER, b"short\x007KQ3M9XAZ", hashlib.sha256).hexdigest()
    assert keyed_hash(PEPPER, "short", "7KQ3M9XAZ") == expected
    assert len(expected) == 64


def test_keyed_hash_separates_kinds_and_peppers():
    value = "7KQ3M9XAZ"
    assert keyed_hash(PEPPER, "qr", value) != keyed_hash(PEPPER, "short", value)
    assert keyed_hash(PEPPER, "short", value) != keyed_hash(b"q" * 32, "short", value)
    # The separator keeps ("ab", "c") and ("a", "bc") apart.
    assert keyed_hash(PEPPER, "ab", "c") != keyed_hash(PEPPER, "a", "bc")


@given(st.text(min_size=1).filter(lambda k: "\x00" not in k), st.text())
def test_keyed_hash_is_deterministic_hex(kind, value):
    digest = keyed_hash(PEPPER, kind, value)
    assert digest == keyed_hash(PEPPER, kind, value)
    assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")


@pytest.mark.parametrize(
    ("pepper", "kind"),
    [(b"short", "qr"), ("x" * 32, "qr"), (b"p" * 32, ""), (b"p" * 32, "q\x00r"), (None, "qr")],
)
def test_keyed_hash_refuses_weak_pepper_or_bad_kind(pepper, kind):
    with pytest.raises(ValueError):
        keyed_hash(pepper, kind, "value")


def test_constant_time_equal():
    assert constant_time_equal("abc", "abc")
    assert not constant_time_equal("abc", "abd")
    assert not constant_time_equal("abc", "abcd")
    assert constant_time_equal("領貨碼", "領貨碼")
    with pytest.raises(TypeError):
        constant_time_equal("abc", b"abc")
