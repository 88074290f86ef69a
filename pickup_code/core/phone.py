"""Phone numbers for SMS: E.164 normalisation and masking for screens and logs."""

from __future__ import annotations

import phonenumbers

# phonenumbers itself refuses longer input; the cap keeps hostile text cheap.
MAX_PHONE_INPUT = 64


def to_e164(number: str, region: str | None) -> str | None:
    """Normalise a phone number to E.164.

    :param number: as entered, e.g. ``"0912-345-678"`` or ``"+886 912 345 678"``.
    :param region: ISO 3166 alpha-2 country of the partner/company for national numbers
        (``"TW"``); None when only international (``+``) input is expected.
    :return: e.g. ``"+886912345678"``, or None when the number is missing, unparsable or
        not a valid number for its region.
    """
    if not isinstance(number, str) or not number.strip() or len(number) > MAX_PHONE_INPUT:
        return None
    try:
        parsed = phonenumbers.parse(number, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """Mask a number for display, keeping the country code, the first national digit and
    the last 3 digits, in the country's international grouping.

    Numbers of fewer than 7 national digits keep only their last 2 digits.

    :param e164: an E.164 number, e.g. ``"+886912345678"``.
    :return: e.g. ``"+886 9** *** 678"``.
    :raises ValueError: when ``e164`` is not a parsable international number.
    """
    if not isinstance(e164, str) or len(e164) > MAX_PHONE_INPUT:
        raise ValueError("not a phone number")
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number") from exc
    prefix = f"+{parsed.country_code}"
    formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = formatted[len(prefix) :]
    total = sum(char.isdigit() for char in national)
    keep_first, keep_last = (1, 3) if total >= 7 else (0, 2)
    out, seen = [], 0
    for char in national:
        if char.isdigit():
            visible = seen < keep_first or seen >= total - keep_last
            out.append(char if visible else "*")
            seen += 1
        else:
            out.append(char)
    return prefix + "".join(out)
