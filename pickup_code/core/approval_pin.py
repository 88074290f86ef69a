"""Supervisor approval PIN: format rules and the label its keyed hash is made under.

A supervisor without a passkey approves a high-value hand-over with their password *and* a
short PIN (4 to 8 digits). Only a keyed hash of the PIN is stored (``credential.keyed_hash``
with the server pepper), under a label that carries the user id so that two supervisors with
the same PIN never share a stored hash.
"""

from __future__ import annotations

import unicodedata

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 8
_DIGITS = frozenset("0123456789")


class InvalidPin(ValueError):
    """A PIN that cannot be used.

    :param detail: short machine string: ``format`` (not 4–8 digits) or ``weak`` (one
        repeated digit or a run such as ``1234``/``4321``).
    """

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def normalise_pin(text: str) -> str:
    """Canonical form of a typed PIN, before hashing or checking.

    NFKC first (full-width digits from phone keyboards), then spaces are dropped.

    :param text: as typed, e.g. ``" 2468 "`` or ``"２４６８"``.
    :return: 4 to 8 ASCII digits.
    :raises InvalidPin: ``format`` for anything else (Odoo's ``False`` included).
    """
    if not isinstance(text, str) or len(text) > 64:
        raise InvalidPin("format")
    value = "".join(unicodedata.normalize("NFKC", text).split())
    if not (PIN_MIN_LENGTH <= len(value) <= PIN_MAX_LENGTH) or not _DIGITS.issuperset(value):
        raise InvalidPin("format")
    return value


def is_weak_pin(pin: str) -> bool:
    """A PIN anyone would try first: one repeated digit, or a run up or down by one.

    :param pin: a normalised PIN (see :func:`normalise_pin`).
    :return: True for e.g. ``"0000"``, ``"1234"``, ``"98765"``, ``"0123"``.
    """
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    return steps in ({0}, {1}, {-1})


def check_new_pin(text: str) -> str:
    """Validate a PIN a supervisor chooses.

    :param text: as typed.
    :return: the normalised PIN.
    :raises InvalidPin: ``format`` or ``weak``.
    """
    pin = normalise_pin(text)
    if is_weak_pin(pin):
        raise InvalidPin("weak")
    return pin


def hash_kind(user_id: int) -> str:
    """Label the PIN hash of one user is made under (``credential.keyed_hash`` ``kind``).

    :param user_id: the supervisor's ``res.users`` id (a positive integer).
    :return: e.g. ``"approval_pin:7"``.
    :raises ValueError: on anything but a positive int.
    """
    if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id <= 0:
        raise ValueError("user_id must be a positive int")
    return f"approval_pin:{user_id}"
