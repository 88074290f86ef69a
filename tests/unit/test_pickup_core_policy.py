"""Pickup policy: rule matching, union and stop semantics, first missing step."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core.policy import (
    APPROVAL,
    ID_CHECK,
    ITEM_SCAN,
    OTP,
    PHOTO,
    SIGNATURE,
    STEPS,
    OrderFacts,
    PolicyRule,
    StepEvidence,
    first_missing_step_reason,
    normalise_id_last4,
    required_steps,
    rule_matches,
)

FOOD, WINE, PHONES = 1, 2, 3
SMALL = OrderFacts(amount=500, category_ids=frozenset({FOOD}), partner_risk="low")
LARGE = OrderFacts(amount=20000, category_ids=frozenset({FOOD}), partner_risk="low")
WINE_ORDER = OrderFacts(amount=800, category_ids=frozenset({FOOD, WINE}), partner_risk="low")
RISKY = OrderFacts(amount=100, category_ids=frozenset(), partner_risk="high")

POLICY = (
    PolicyRule(30, {SIGNATURE}),  # everyone signs
    PolicyRule(10, {ID_CHECK, APPROVAL}, min_amount=10000),
    PolicyRule(20, {ID_CHECK}, category_ids={WINE}),  # age check
    PolicyRule(5, {ID_CHECK, OTP, PHOTO}, partner_risks={"high"}, stop=True),
)

ALL_MET = StepEvidence(
    id_doc_type="national_id",
    id_last4_hash_ok=True,
    otp_ok=True,
    signature=True,
    photo=True,
    approver_ok=True,
    items_complete=True,
)


def test_steps_are_in_documented_order():
    assert STEPS == ("id_check", "otp", "signature", "photo", "approval", "item_scan")


def test_rule_without_conditions_matches_everything():
    rule = PolicyRule(1, {SIGNATURE})
    assert all(rule_matches(rule, facts) for facts in (SMALL, LARGE, WINE_ORDER, RISKY))


def test_min_amount_is_inclusive():
    rule = PolicyRule(1, {APPROVAL}, min_amount=10000)
    assert rule_matches(rule, OrderFacts(10000, frozenset(), "low"))
    assert not rule_matches(rule, OrderFacts(9999.99, frozenset(), "low"))


def test_category_condition_holds_when_any_order_category_is_listed():
    rule = PolicyRule(1, {ID_CHECK}, category_ids={WINE, PHONES})
    assert rule_matches(rule, WINE_ORDER)
    assert not rule_matches(rule, SMALL)
    assert not rule_matches(rule, RISKY)  # no categories at all


def test_all_conditions_must_hold():
    rule = PolicyRule(1, {ID_CHECK}, min_amount=1000, category_ids={WINE}, partner_risks={"low"})
    assert not rule_matches(rule, WINE_ORDER)  # amount too low
    assert rule_matches(rule, OrderFacts(1000, frozenset({WINE}), "low"))
    assert not rule_matches(rule, OrderFacts(1000, frozenset({WINE}), "high"))


def test_matching_rules_are_united_in_step_order():
    assert required_steps(POLICY, SMALL) == (SIGNATURE,)
    assert required_steps(POLICY, LARGE) == (ID_CHECK, SIGNATURE, APPROVAL)
    assert required_steps(POLICY, WINE_ORDER) == (ID_CHECK, SIGNATURE)


def test_matching_stop_rule_ends_evaluation():
    # The risky-partner rule (sequence 5) stops: the signature rule never applies.
    assert required_steps(POLICY, RISKY) == (ID_CHECK, OTP, PHOTO)


def test_stop_rule_keeps_steps_of_earlier_rules_only():
    rules = [
        PolicyRule(1, {ITEM_SCAN}),
        PolicyRule(2, {PHOTO}, stop=True),
        PolicyRule(3, {APPROVAL}),
    ]
    assert required_steps(rules, SMALL) == (PHOTO, ITEM_SCAN)


def test_non_matching_stop_rule_does_not_stop():
    rules = [PolicyRule(1, {PHOTO}, min_amount=10**9, stop=True), PolicyRule(2, {SIGNATURE})]
    assert required_steps(rules, SMALL) == (SIGNATURE,)


def test_rules_are_taken_by_sequence_not_list_order():
    rules = [PolicyRule(2, {APPROVAL}), PolicyRule(1, {PHOTO}, stop=True)]
    assert required_steps(rules, SMALL) == (PHOTO,)


def test_no_rules_means_no_steps():
    assert required_steps([], LARGE) == ()


def test_unknown_step_in_rule_is_refused():
    with pytest.raises(ValueError):
        PolicyRule(1, {"retina_scan"})


rules_strategy = st.lists(
    st.builds(
        PolicyRule,
        sequence=st.integers(0, 20),
        steps=st.frozensets(st.sampled_from(STEPS)),
        min_amount=st.none() | st.floats(0, 50000),
        category_ids=st.frozensets(st.integers(1, 4), max_size=2),
        partner_risks=st.frozensets(st.sampled_from(["low", "high"]), max_size=1),
        stop=st.booleans(),
    ),
    max_size=8,
)
facts_strategy = st.builds(
    OrderFacts,
    amount=st.floats(0, 50000),
    category_ids=st.frozensets(st.integers(1, 4), max_size=3),
    partner_risk=st.sampled_from(["low", "high"]),
)


@given(rules_strategy, facts_strategy)
def test_required_steps_without_stop_is_union_of_matching_rules(rules, facts):
    rules = [
        PolicyRule(r.sequence, r.steps, r.min_amount, r.category_ids, r.partner_risks)
        for r in rules
    ]
    expected = set().union(*(r.steps for r in rules if rule_matches(r, facts)))
    result = required_steps(rules, facts)
    assert set(result) == expected
    assert list(result) == sorted(result, key=STEPS.index)


@given(rules_strategy, facts_strategy)
def test_required_steps_never_exceed_union_and_cover_first_match(rules, facts):
    result = set(required_steps(rules, facts))
    matching = [r for r in sorted(rules, key=lambda r: r.sequence) if rule_matches(r, facts)]
    assert result <= set().union(*(r.steps for r in matching))
    if matching:
        assert matching[0].steps <= result


# --- evidence -----------------------------------------------------------------------------


def test_all_steps_met_gives_none():
    assert first_missing_step_reason(STEPS, ALL_MET) is None
    assert first_missing_step_reason((), StepEvidence()) is None


@pytest.mark.parametrize(
    ("step", "evidence", "reason"),
    [
        (ID_CHECK, StepEvidence(), "id_required"),
        (ID_CHECK, StepEvidence(id_doc_type="passport"), "id_required"),
        (ID_CHECK, StepEvidence(id_last4_hash_ok=True), "id_required"),
        (ID_CHECK, StepEvidence(id_doc_type="passport", id_last4_hash_ok=False), "id_mismatch"),
        (ID_CHECK, StepEvidence(id_last4_hash_ok=False), "id_mismatch"),
        (ID_CHECK, StepEvidence(id_doc_type="passport", id_last4_hash_ok=True), None),
        (OTP, StepEvidence(), "otp_required"),
        (OTP, StepEvidence(otp_ok=False), "otp_mismatch"),
        (OTP, StepEvidence(otp_ok=True), None),
        (SIGNATURE, StepEvidence(), "signature_required"),
        (SIGNATURE, StepEvidence(signature=True), None),
        (PHOTO, StepEvidence(), "photo_required"),
        (PHOTO, StepEvidence(photo=True), None),
        (APPROVAL, StepEvidence(), "approval_required"),
        (APPROVAL, StepEvidence(approver_ok=False), "approval_refused"),
        (APPROVAL, StepEvidence(approver_ok=True), None),
        (ITEM_SCAN, StepEvidence(), "items_incomplete"),
        (ITEM_SCAN, StepEvidence(items_complete=False), "items_incomplete"),
        (ITEM_SCAN, StepEvidence(items_complete=True), None),
    ],
)
def test_reason_for_each_step(step, evidence, reason):
    assert first_missing_step_reason((step,), evidence) == reason


def test_first_missing_step_follows_step_order_not_given_order():
    evidence = StepEvidence(signature=False, approver_ok=None, otp_ok=True)
    assert first_missing_step_reason((APPROVAL, SIGNATURE, OTP), evidence) == ("signature_required")


def test_steps_not_required_are_ignored():
    assert first_missing_step_reason((SIGNATURE,), StepEvidence(signature=True)) is None


def test_unknown_required_step_is_refused():
    with pytest.raises(ValueError):
        first_missing_step_reason(("retina_scan",), ALL_MET)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12a4", "12A4"), (" 1 2 A 4 ", "12A4"), ("ABCD", "ABCD"), ("１２Ａ４", "12A4")],
)
def test_id_last4_is_normalised(typed, expected):
    assert normalise_id_last4(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "123", "12345", "12-4", "12\u00e94", "\u0661\u0662\u0663\u0664", None, 1234]
)
def test_id_last4_refuses_anything_but_four_alphanumerics(typed):
    with pytest.raises(ValueError):
        normalise_id_last4(typed)
