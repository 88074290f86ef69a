"""The group leader (團長): who may collect a member's order, and what the leader sees.

A campaign (a sale team) says whether a leader may collect for its members:

- ``forbidden``: no leader credential is issued; the member collects.
- ``optional``: the leader's credential and the member's own both collect, exactly once
  (they unlock the same entitlement, claimed by one conditional UPDATE).
- ``forced``: where a leader was chosen, only the leader's credential collects; the
  member's own code (and their delegates') is refused with ``leader_only``.
"""

from __future__ import annotations

FORBIDDEN = "forbidden"
OPTIONAL = "optional"
FORCED = "forced"
MODES = (FORBIDDEN, OPTIONAL, FORCED)

# How much of a member's phone the leader sees: enough to tell two members apart.
PHONE_TAIL_DIGITS = 3


def issues_leader_code(mode: str | None, has_leader: bool) -> bool:
    """Whether a leader credential is issued with the member's code."""
    return bool(has_leader) and mode in (OPTIONAL, FORCED)


def may_collect(mode: str | None, is_leader_code: bool, has_leader_code: bool) -> bool:
    """Whether a credential may collect under the campaign's mode now.

    :param is_leader_code: the scanned credential is the leader's
    :param has_leader_code: the entitlement has a live leader credential
    """
    if is_leader_code:
        # The seller may forbid leaders after issuing: the leader's codes stop collecting.
        return mode in (OPTIONAL, FORCED)
    return not (mode == FORCED and has_leader_code)


def phone_tail(phone: str | None) -> str:
    """The last ``PHONE_TAIL_DIGITS`` digits of a phone number behind a mask, e.g.
    ``"••• 678"``; ``""`` without enough digits (nothing else of the number is shown)."""
    digits = [char for char in (phone or "") if char.isdigit()]
    if len(digits) < PHONE_TAIL_DIGITS:
        return ""
    return "••• " + "".join(digits[-PHONE_TAIL_DIGITS:])


def worst_risks(risks) -> frozenset:
    """The distinct risk levels of everyone whose orders go together (each level's rules
    apply: the policy asks the strictest union)."""
    return frozenset(risk or "normal" for risk in risks) or frozenset({"normal"})
