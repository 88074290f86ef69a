"""What an SMS costs, and which pickup notices go by SMS.

Standard library only. Carriers bill per segment: a message written only in the GSM 03.38
7-bit alphabet fits 160 characters in one segment and 153 per part of a longer one (the
rest of each part is the concatenation header); the extension-table characters (``{ } [ ] ~
\\ | ^ €`` and form feed) take an escape plus the character, so they count double. Any other
character (Chinese, emoji…) makes the whole message UCS-2: 70 in one segment, 67 per part,
and a character outside the Basic Multilingual Plane takes two UTF-16 units.
"""

from dataclasses import dataclass

# GSM 03.38 basic character set (one septet each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: escape + character, two septets each.
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# The notices a company can have sent by SMS (the rest go by e-mail and the portal only).
SMS_NOTICE_CHOICES = ("ready", "ready_reminder", "all")
DEFAULT_SMS_NOTICES = "ready"
_NOTICES_BY_CHOICE = {
    "ready": frozenset({"ready"}),
    "ready_reminder": frozenset({"ready", "reminder"}),
    "all": frozenset({"issued", "ready", "reminder"}),
}


@dataclass(frozen=True)
class SmsCost:
    """:param encoding: ``"GSM-7"`` or ``"UCS-2"``
    :param characters: characters as a person counts them
    :param units: septets (GSM-7) or UTF-16 code units (UCS-2) the message takes
    :param segments: segments billed (0 for an empty message)
    """

    encoding: str
    characters: int
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Whether ``text`` can travel in the GSM 7-bit alphabet (basic or extension table)."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)


def _segments(units: int, single: int, part: int) -> int:
    if units == 0:
        return 0
    if units <= single:
        return 1
    return -(-units // part)


def measure(text: str) -> SmsCost:
    """:return: the encoding, length and number of segments of one SMS body."""
    if is_gsm7(text):
        units = sum(2 if char in GSM7_EXTENDED else 1 for char in text)
        return SmsCost("GSM-7", len(text), units, _segments(units, GSM7_SINGLE, GSM7_PART))
    units = sum(2 if ord(char) > 0xFFFF else 1 for char in text)
    return SmsCost("UCS-2", len(text), units, _segments(units, UCS2_SINGLE, UCS2_PART))


def segments(text: str) -> int:
    """:return: the number of segments ``text`` is billed as."""
    return measure(text).segments


def goes_by_sms(kind: str, choice: str, asked: bool = False) -> bool:
    """Whether a notice goes by SMS.

    :param kind: ``issued``, ``ready``, ``reminder`` or ``resend``
    :param choice: the company's setting (``SMS_NOTICE_CHOICES``); unknown means the default
    :param asked: somebody stands waiting for it (a re-send, a new code after regeneration,
        a delegate named at the counter): it goes by SMS whatever the setting
    """
    if kind == "resend" or (asked and kind != "reminder"):
        return True
    return kind in _NOTICES_BY_CHOICE.get(choice, _NOTICES_BY_CHOICE[DEFAULT_SMS_NOTICES])
