"""Pickup policy: which hand-over steps an order needs, and which one is still missing.

A policy is an ordered list of rules (by ``sequence``) on order amount, product category
and customer risk (DESIGN.md, "Policies"). Every matching rule adds its steps; a matching
rule with ``stop`` ends the evaluation, so a specific rule can sit before the general ones.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from . import verdicts

ID_CHECK = "id_check"
OTP = "otp"
SIGNATURE = "signature"
PHOTO = "photo"
APPROVAL = "approval"
ITEM_SCAN = "item_scan"
# Also the order in which the counter screen asks for the steps.
STEPS = (ID_CHECK, OTP, SIGNATURE, PHOTO, APPROVAL, ITEM_SCAN)

ID_LAST4_LENGTH = 4
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@dataclass(frozen=True)
class PolicyRule:
    """One policy line. Conditions left empty (None / empty set) always hold.

    :param sequence: evaluation order, lowest first.
    :param steps: steps this rule requires (subset of ``STEPS``).
    :param min_amount: holds when the order amount is >= this.
    :param category_ids: holds when any order category is in this set.
    :param partner_risks: holds when the partner's risk level is in this set.
    :param stop: when this rule matches, later rules are not evaluated.
    :raises ValueError: on an unknown step.
    """

    sequence: int
    steps: frozenset
    min_amount: float | None = None
    category_ids: frozenset = frozenset()
    partner_risks: frozenset = frozenset()
    stop: bool = False

    def __post_init__(self):
        # Accept any iterable from the ORM (lists, recordset ids) but store frozensets.
        for name in ("steps", "category_ids", "partner_risks"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        unknown = self.steps - set(STEPS)
        if unknown:
            raise ValueError(f"unknown policy steps {sorted(unknown)}")


@dataclass(frozen=True)
class OrderFacts:
    """What the policy looks at for one order.

    :param amount: order total in company currency.
    :param category_ids: product category ids on the order lines.
    :param partner_risk: the customer's risk level (e.g. ``"low"``, ``"high"``).
    """

    amount: float
    category_ids: frozenset
    partner_risk: str

    def __post_init__(self):
        object.__setattr__(self, "category_ids", frozenset(self.category_ids))


@dataclass(frozen=True)
class StepEvidence:
    """What the counter has collected so far for one hand-over.

    Tri-state fields: None = not attempted yet, False = attempted and failed, True = passed.

    :param id_doc_type: type of ID document shown, or None.
    :param id_last4_hash_ok: whether the ID's last 4 matched the stored keyed hash.
    :param otp_ok: whether the OTP sent to the buyer's phone matched.
    :param signature: a signature was captured.
    :param photo: a photo was taken.
    :param approver_ok: a valid second person approved (False: refused or not allowed).
    :param items_complete: every item was scanned out.
    """

    id_doc_type: str | None = None
    id_last4_hash_ok: bool | None = None
    otp_ok: bool | None = None
    signature: bool = False
    photo: bool = False
    approver_ok: bool | None = None
    items_complete: bool | None = None


def rule_matches(rule: PolicyRule, facts: OrderFacts) -> bool:
    """Whether every condition a rule sets holds for an order.

    :param rule: the rule.
    :param facts: the order.
    :return: True when all given conditions hold (a rule without conditions always holds).
    """
    if rule.min_amount is not None and facts.amount < rule.min_amount:
        return False
    if rule.category_ids and not rule.category_ids & facts.category_ids:
        return False
    return not rule.partner_risks or facts.partner_risk in rule.partner_risks


def required_steps(rules: Iterable[PolicyRule], facts: OrderFacts) -> tuple:
    """Steps an order's hand-over needs.

    Rules are taken by ``sequence`` (ties keep the given order, so pass them in the ORM's
    ``sequence, id`` order); the steps of every matching rule are united, up to and
    including the first matching rule with ``stop``.

    :param rules: the policy's rules.
    :param facts: the order.
    :return: the steps, ordered as ``STEPS``.
    """
    needed = set()
    for rule in sorted(rules, key=lambda item: item.sequence):
        if rule_matches(rule, facts):
            needed |= rule.steps
            if rule.stop:
                break
    return tuple(step for step in STEPS if step in needed)


def _step_reason(step: str, evidence: StepEvidence) -> str | None:
    """Verdict reason for one unmet step, or None when it is met."""
    if step == ID_CHECK:
        # A mismatch is reported even without a document type: it is a failed check
        # that counts toward the lockout.
        if evidence.id_last4_hash_ok is False:
            return verdicts.ID_MISMATCH
        if not evidence.id_doc_type or evidence.id_last4_hash_ok is not True:
            return verdicts.ID_REQUIRED
        return None
    if step == OTP:
        if evidence.otp_ok is None:
            return verdicts.OTP_REQUIRED
        return None if evidence.otp_ok else verdicts.OTP_MISMATCH
    if step == SIGNATURE:
        return None if evidence.signature else verdicts.SIGNATURE_REQUIRED
    if step == PHOTO:
        return None if evidence.photo else verdicts.PHOTO_REQUIRED
    if step == APPROVAL:
        if evidence.approver_ok is None:
            return verdicts.APPROVAL_REQUIRED
        return None if evidence.approver_ok else verdicts.APPROVAL_REFUSED
    if step == ITEM_SCAN:
        return None if evidence.items_complete else verdicts.ITEMS_INCOMPLETE
    raise ValueError(f"unknown policy step {step!r}")


def first_missing_step_reason(required: Iterable[str], evidence: StepEvidence) -> str | None:
    """Verdict reason for the first required step (in ``STEPS`` order) not yet met.

    :param required: steps from ``required_steps``.
    :param evidence: what the counter collected.
    :return: ``id_required``/``id_mismatch``, ``otp_required``/``otp_mismatch``,
        ``signature_required``, ``photo_required``, ``approval_required``/
        ``approval_refused``, ``items_incomplete``; None when every step is met.
    :raises ValueError: on an unknown step.
    """
    required = set(required)
    unknown = required - set(STEPS)
    if unknown:
        raise ValueError(f"unknown policy steps {sorted(unknown)}")
    for step in STEPS:
        if step in required:
            reason = _step_reason(step, evidence)
            if reason is not None:
                return reason
    return None


def normalise_id_last4(text: str) -> str:
    """Canonical form of the last 4 characters of an ID document, before keyed hashing.

    :param text: as typed, e.g. ``" 12a4 "`` or full-width ``"１２Ａ４"``.
    :return: 4 uppercase ASCII letters/digits, e.g. ``"12A4"``.
    :raises ValueError: unless exactly 4 ASCII letters/digits remain.
    """
    # Odoo hands False for an empty field: treat any non-str as nothing typed.
    text = unicodedata.normalize("NFKC", text) if isinstance(text, str) else ""
    if not text.isascii():
        raise ValueError("ID last 4 must be ASCII letters or digits")
    value = "".join(text.split()).upper()
    if len(value) != ID_LAST4_LENGTH or not _ALNUM.issuperset(value):
        raise ValueError("ID last 4 must be exactly 4 letters or digits")
    return value
