"""``pickup.service``: the group leader at the counter.

- Who may collect under the campaign's mode (``core/leader.py``): in a ``forced`` campaign
  the member's own code is refused (``leader_only``); the leader's code and the member's
  unlock the same entitlement, so whoever comes first collects it, exactly once.
- The leader's scan offers every member's order they collect at this point, with their own
  orders (the ``_together_domain`` hook).
- The identity steps of a leader's hand-over are the policy's for the TOTAL value of what is
  handed over (one person carries it all away), not only each order's own.
- The members are told their goods are with the leader.
"""

from odoo import models

from ..core import leader as leader_rules
from ..core import policy
from .pickup_service_together import PERSON_STEPS


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _check_code_state(self, code, warehouse):
        reason, details = super()._check_code_state(code, warehouse)
        if reason:
            return reason, details
        code_sudo = code.sudo()
        mode = code_sudo.sale_order_id.team_id.pickup_leader_mode
        if not code_sudo.leader_id and mode != leader_rules.FORCED:
            return None, {}  # the common case, without reading the entitlement's codes
        live_leader = code_sudo.entitlement_id.code_ids.filtered(
            lambda c: c.leader_id and c.state in ("issued", "ready"))
        if leader_rules.may_collect(mode, bool(code_sudo.leader_id), bool(live_leader)):
            return None, {}
        if code_sudo.leader_id:
            why = self.env._("the campaign no longer lets a group leader collect; "
                             "the member collects with their own code.")
        else:
            why = self.env._("the group leader %(leader)s collects this order for the member.",
                             leader=live_leader[:1].leader_id.name)
        return "leader_only", {"why": why}

    def _get_reason_message(self, reason, details):
        if reason == "leader_only":
            return self.env._("This code does not collect the order: %(why)s",
                              why=details.get("why", ""))
        return super()._get_reason_message(reason, details)

    def _together_domain(self, scan):
        """A person's own orders and those they collect as a group leader (their leader
        credentials for the members' orders) go together; a delegate's stay as they are."""
        code = scan.code.sudo()
        if code.is_delegate:
            return super()._together_domain(scan)
        partner = code.partner_id
        return [("warehouse_id", "=", scan.warehouse.id),
                ("entitlement_id", "!=", code.entitlement_id.id),
                ("partner_id", "=", partner.id),
                "|", ("parent_id", "=", False), ("leader_id", "=", partner.id)]

    # === THE TOTAL VALUE OF A LEADER'S HAND-OVER === #

    def _leader_total_steps(self, codes, warehouse):
        """The person steps the policy asks for everything these codes hand over at once,
        when one of them is a leader's credential; else ``()``. An item scan or a one-time
        password belongs to one order (see ``PERSON_STEPS``), so only the person's steps
        come from the total."""
        codes = codes.sudo()
        if not codes.filtered("leader_id"):
            return ()
        risks = leader_rules.worst_risks(
            codes.sale_order_id.partner_id.commercial_partner_id.mapped("pickup_risk")
            + codes.partner_id.commercial_partner_id.mapped("pickup_risk"))
        steps = self.env["pickup.policy.rule"]._get_required_steps_for_total(
            codes.sale_order_id, warehouse, risks)
        return tuple(step for step in steps if step in PERSON_STEPS)

    def _together_offer(self, scan):
        offers = super()._together_offer(scan)
        if not offers:
            return offers
        codes = scan.code | self.env["pickup.code"].browse([o["code_id"] for o in offers])
        total = self._leader_total_steps(codes, scan.warehouse)
        if total:
            # Shown as the scanned order's steps: the counter asks them once, all ticked.
            scan._steps = self._union_steps(scan.steps, total)
            for offer in offers:
                offer["steps"] = list(self._union_steps(offer["steps"], total))
        return offers

    def _strictest_steps(self, scans):
        steps = super()._strictest_steps(scans)
        codes = self.env["pickup.code"].browse([s.code.id for s in scans])
        total = self._leader_total_steps(codes, scans[0].warehouse) if scans else ()
        if total:
            # Each order's hand-over records the steps checked for all of them.
            for scan in scans[1:]:
                scan._steps = self._union_steps(scan.steps, total)
        return self._union_steps(steps, total)

    @staticmethod
    def _union_steps(*step_lists):
        wanted = {step for steps in step_lists for step in steps}
        return tuple(step for step in policy.STEPS if step in wanted)

    # === THE HAND-OVER === #

    def _claim_and_hand_over(self, scan, steps, evidence, partial_reason):
        handover = super()._claim_and_hand_over(scan, steps, evidence, partial_reason)
        code_sudo = scan.code.sudo()
        if code_sudo.leader_id:
            handover.collected_by = "leader"
            if not handover.backorder_id:
                code_sudo._notify_leader_collected()
        return handover
