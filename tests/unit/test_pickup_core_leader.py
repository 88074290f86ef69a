"""The group leader's rules: which credential collects under each campaign mode, and how
much of a member's phone the leader sees."""

import pytest

from pickup_code.core import leader


@pytest.mark.parametrize("mode, has_leader, issued", [
    ("forbidden", True, False),
    ("optional", True, True),
    ("forced", True, True),
    ("optional", False, False),
    ("forced", False, False),
    (None, True, False),
])
def test_a_leader_code_is_issued_only_when_the_campaign_allows_one(mode, has_leader, issued):
    assert leader.issues_leader_code(mode, has_leader) is issued


def test_optional_both_collect():
    assert leader.may_collect("optional", is_leader_code=True, has_leader_code=True)
    assert leader.may_collect("optional", is_leader_code=False, has_leader_code=True)


def test_forced_only_the_leader_collects():
    assert leader.may_collect("forced", is_leader_code=True, has_leader_code=True)
    assert not leader.may_collect("forced", is_leader_code=False, has_leader_code=True)


def test_forced_without_a_chosen_leader_the_member_collects():
    assert leader.may_collect("forced", is_leader_code=False, has_leader_code=False)


def test_forbidden_after_issuing_stops_the_leader_code():
    assert not leader.may_collect("forbidden", is_leader_code=True, has_leader_code=True)
    assert leader.may_collect("forbidden", is_leader_code=False, has_leader_code=True)


@pytest.mark.parametrize("phone, shown", [
    ("+886912345678", "••• 678"),
    ("0912-345-678", "••• 678"),
    ("12", ""),
    ("", ""),
    (None, ""),
])
def test_the_leader_sees_only_the_last_three_digits(phone, shown):
    assert leader.phone_tail(phone) == shown
    if shown:
        assert "345" not in shown


def test_every_member_risk_counts():
    assert leader.worst_risks(["normal", "high", None]) == {"normal", "high"}
    assert leader.worst_risks([]) == {"normal"}
