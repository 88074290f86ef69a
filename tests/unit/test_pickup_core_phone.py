"""Phone numbers: E.164 normalisation for SMS and masking for display."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core.phone import mask_phone, to_e164


@pytest.mark.parametrize(
    ("number", "region", "expected"),
    [
        ("0912345678", "TW", "+886912345678"),
        ("0912-345-678", "TW", "+886912345678"),
        ("0912 345 678", "tw", "+886912345678"),
        ("+886 912 345 678", None, "+886912345678"),
        ("+886912345678", "US", "+886912345678"),  # explicit country wins
        ("(02) 2345-6789", "TW", "+886223456789"),
        ("201-555-0123", "US", "+12015550123"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("０９１２３４５６７８", "TW", "+886912345678"),
    ],
)
def test_valid_numbers_normalise_to_e164(number, region, expected):
    assert to_e164(number, region) == expected


@pytest.mark.parametrize(
    ("number", "region"),
    [
        ("0912345678", None),  # national number without a country
        ("12345", "TW"),
        ("0900000000000000", "TW"),
        ("not a phone", "TW"),
        ("", "TW"),
        ("   ", "TW"),
        (None, "TW"),
        (912345678, "TW"),
        ("0912345678", "XX"),
        ("1" * 500, "TW"),
    ],
)
def test_invalid_or_unparsable_numbers_give_none(number, region):
    assert to_e164(number, region) is None


@given(st.text(max_size=100), st.sampled_from([None, "TW", "US", "GB", "ZZ"]))
def test_to_e164_never_raises(number, region):
    result = to_e164(number, region)
    assert result is None or (result.startswith("+") and result[1:].isdigit())


@pytest.mark.parametrize(
    ("e164", "masked"),
    [
        ("+886912345678", "+886 9** *** 678"),
        ("+12015550123", "+1 2**-***-*123"),
        ("+442079460958", "+44 2* **** *958"),
    ],
)
def test_mask_keeps_country_first_digit_and_last_three(e164, masked):
    assert mask_phone(e164) == masked


def test_mask_hides_most_digits():
    masked = mask_phone("+886912345678")
    assert "345" not in masked and "12345" not in masked
    assert sum(char.isdigit() for char in masked) == 3 + 1 + 3


@pytest.mark.parametrize("bad", ["", "0912345678", "phone", None, "+" + "1" * 100])
def test_mask_refuses_non_international_input(bad):
    with pytest.raises(ValueError):
        mask_phone(bad)
