"""Supervisor approval PIN: format, weak PINs, and the per-user hash label."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core import credential
from pickup_code.core.approval_pin import (
    PIN_MAX_LENGTH,
    PIN_MIN_LENGTH,
    InvalidPin,
    check_new_pin,
    hash_kind,
    is_weak_pin,
    normalise_pin,
)

PEPPER = b"p" * 32


def test_bounds_are_four_to_eight_digits():
    assert (PIN_MIN_LENGTH, PIN_MAX_LENGTH) == (4, 8)
    assert normalise_pin("2468") == "2468"
    assert normalise_pin("24681357") == "24681357"


@pytest.mark.parametrize("text", ["246", "246813579", "", "12a4", "12-34", "١٢٣٤٥", False, None,
                                  2468, "2" * 65])
def test_malformed_pins_are_refused(text):
    with pytest.raises(InvalidPin) as excinfo:
        normalise_pin(text)
    assert excinfo.value.detail == "format"


def test_spaces_and_full_width_digits_are_normalised():
    assert normalise_pin(" 24 68 ") == "2468"
    assert normalise_pin("２４６８") == "2468"


@pytest.mark.parametrize("pin", ["0000", "1111", "1234", "4321", "0123", "98765", "12345678"])
def test_weak_pins(pin):
    assert is_weak_pin(pin)
    with pytest.raises(InvalidPin) as excinfo:
        check_new_pin(pin)
    assert excinfo.value.detail == "weak"


@pytest.mark.parametrize("pin", ["2468", "1357", "4826", "1212", "90210", "1235"])
def test_ordinary_pins_are_accepted(pin):
    assert not is_weak_pin(pin)
    assert check_new_pin(pin) == pin


@given(st.text(alphabet="0123456789", min_size=PIN_MIN_LENGTH, max_size=PIN_MAX_LENGTH))
def test_every_digit_string_in_range_normalises_to_itself(pin):
    assert normalise_pin(pin) == pin


def test_hash_kind_binds_the_user():
    assert hash_kind(7) == "approval_pin:7"
    same_pin = [credential.keyed_hash(PEPPER, hash_kind(uid), "2468") for uid in (7, 8)]
    assert same_pin[0] != same_pin[1], "two supervisors with one PIN never share a hash"


@pytest.mark.parametrize("bad", [0, -1, True, "7", 7.0, None])
def test_hash_kind_refuses_non_ids(bad):
    with pytest.raises(ValueError):
        hash_kind(bad)
