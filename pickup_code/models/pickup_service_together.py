"""``pickup.service``: several of one buyer's orders in one hand-over.

An ``ok`` verify says how many other entitlements of the buyer are ready at the point (for a
delegate's code: the other orders the same person was made delegate for); :meth:`together`
lists them with the verify's handle, each with a signed scan handle of its own. The list is
a call of its own so that a verify stays one lookup plus what its verdict needs: the counter
asks for it only when there is something to show. A redeem that sends some of those handles
back hands them over with the scanned one: the policy steps are asked once, for the
strictest order; each entitlement is still claimed by its own conditional ``UPDATE``
(exactly once, whoever scans it meanwhile), and each order's transfer is validated (or
left to the batch validation) as on its own.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core import policy
from .pickup_service import RedeemAborted, Scan

# Evidence about the person, good for all their orders. An item scan or a one-time password
# belongs to one order: an order that needs one is handed over on its own.
PERSON_STEPS = frozenset((policy.ID_CHECK, policy.APPROVAL, policy.SIGNATURE, policy.PHOTO))
# A buyer with more ready orders than this at one point is served in rounds.
MAX_TOGETHER = 20


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _together_domain(self, scan):
        """The same person's other codes at this point, whatever their state. Extension
        hook: e.g. a group leader's members' orders."""
        code = scan.code.sudo()
        domain = [("warehouse_id", "=", scan.warehouse.id),
                  ("entitlement_id", "!=", code.entitlement_id.id)]
        if code.is_delegate:
            if not code.delegate_phone:
                return [("id", "=", 0)]
            return domain + [("is_delegate", "=", True),
                             ("delegate_phone", "=", code.delegate_phone),
                             ("parent_id.partner_id", "=", code.parent_id.partner_id.id)]
        # The buyer themselves, not their company's other contacts: the ID checked is theirs.
        return domain + [("parent_id", "=", False), ("partner_id", "=", code.partner_id.id)]

    @api.model
    def together(self, handle, point):
        """The same person's other orders ready at the point, to hand over with the code of
        an ``ok`` verify.

        :param str handle: the ``handle`` of this user's ``ok`` verify at this point
        :param point: pickup point as warehouse code (``"TPE"``) or id
        :return: ``{"together": [{"code_id", "order", "steps", "lines", "handle"}],
            "steps": [...]}``, ``steps`` being the scanned order's as asked in a hand-over
            with the others (a group leader's: the policy's for the total value); empty for
            a stale, foreign or forged handle (nothing is disclosed without one)
        :raises AccessError: when the user may not serve this point
        """
        warehouse = self._check_point_access(point)
        scan = Scan(warehouse, "", "counter", "verify")
        if not isinstance(handle, str) or not self._resume_scan(scan, handle):
            return {"together": [], "steps": []}
        # The handle vouches for the person only while their code does: once the code is
        # revoked (reported stolen), expired or collected, it opens none of their other
        # orders (the handle itself lives 15 minutes).
        # (No guard of _check_code_state here: its anomalies are for scans, not this list.)
        code = scan.code.sudo()
        if code.state != "ready" or code.warehouse_id != warehouse \
                or (code.expiry_date and code.expiry_date < fields.Datetime.now()):
            return {"together": [], "steps": []}
        offers = self._together_offer(scan)
        return {"together": offers, "steps": list(scan.steps)}

    def _together_count(self, scan):
        """How many of :meth:`_together_domain`'s codes are ready (one counted query, at
        most ``MAX_TOGETHER``): whether the counter should ask for :meth:`together`."""
        return self.env["pickup.code"].sudo().search_count(
            self._together_domain(scan) + [("state", "=", "ready")], limit=MAX_TOGETHER)

    def _together_candidates(self, scan):
        """The codes of :meth:`_together_domain` that are ready (sudo, at most
        ``MAX_TOGETHER``)."""
        return self.env["pickup.code"].sudo().search(
            self._together_domain(scan) + [("state", "=", "ready")], order="id",
            limit=MAX_TOGETHER)

    def _sibling_scan(self, scan, code):
        sibling = Scan(scan.warehouse, scan.station, scan.channel, scan.action)
        sibling.code = code
        sibling.input_kind = scan.input_kind
        sibling.seen_count = code.sudo().entitlement_id.handover_count
        return sibling

    def _together_offer(self, scan):
        """For an ``ok`` verify: what may be handed over with the scanned code.

        :return: list of ``{"code_id", "order", "steps", "lines", "handle"}``
        """
        offers = []
        candidates = self._together_candidates(scan)
        if not candidates:
            return offers
        # Their transfers, moves and products read in a few queries, not per candidate.
        candidates._prefetch_goods().move_ids.product_id.mapped("display_name")
        candidates.mapped("entitlement_id.handover_count")
        for code in candidates:
            sibling = self._sibling_scan(scan, code)
            if not self._may_go_together(sibling):
                continue
            reason, _details = self._check_code_state(code, scan.warehouse)
            if not reason:
                reason, _details = self._check_goods(sibling)
            if reason:
                continue
            offers.append({
                "code_id": code.id,
                "order": code.sale_order_id.name,
                "steps": list(sibling.steps),
                "lines": [{key: line[key] for key in ("product_id", "product", "barcode", "qty")}
                          for line in code._get_remaining_lines(sibling.pickings)],
                "handle": self._issue_handle(sibling),
            })
        return offers

    def _resume_together(self, scan, handles):
        """The sibling scans named by the handles of a verify's ``together`` offer; a
        foreign, expired or repeated handle, one for the scanned entitlement or for
        another person's order, is ignored (the clerk sees which orders were handed over)."""
        if not isinstance(handles, list):
            return []
        resumed = []
        for handle in handles[:MAX_TOGETHER]:
            sibling = Scan(scan.warehouse, scan.station, scan.channel, scan.action)
            if self._resume_scan(sibling, handle):
                resumed.append(sibling)
        if not resumed:
            return []
        # Only the same person's orders: a handle of another buyer's code this clerk
        # scanned is valid, but never joins this buyer's hand-over. One collected meanwhile
        # stays in, to be answered "already collected".
        allowed = set(self.env["pickup.code"].sudo().search(
            self._together_domain(scan) + [("id", "in", [s.code.id for s in resumed])]).ids)
        siblings, seen = [], {scan.code.sudo().entitlement_id.id}
        for sibling in resumed:
            entitlement = sibling.code.entitlement_id
            if sibling.code.id not in allowed or entitlement.id in seen \
                    or not self._may_go_together(sibling):
                continue
            seen.add(entitlement.id)
            siblings.append(sibling)
        return siblings

    @staticmethod
    def _may_go_together(sibling):
        """Only orders whose checks are about the person: an item scan or a one-time
        password belongs to one order, and a rotating (live) QR must be shown live, so such
        an order is handed over on its own."""
        return set(sibling.steps) <= PERSON_STEPS and not sibling.code.sudo().rotating

    @staticmethod
    def _strictest_steps(scans):
        """The union of the scans' policy steps, in ``policy.STEPS`` order."""
        wanted = {step for scan in scans for step in scan.steps}
        return tuple(step for step in policy.STEPS if step in wanted)

    def _hand_over_sibling(self, sibling, steps, evidence):
        """Hand over one more order of the same person, with the evidence checked for the
        scanned one; its claim is its own (it may have been collected meanwhile).

        :return: the sibling's verdict (logged as its own attempt)
        """
        # Not presented again by anyone: a sibling collected meanwhile is no replay alarm.
        guards = self.with_context(pickup_no_replay_alarm=True)
        reason, details = guards._check_code_state(sibling.code, sibling.warehouse)
        if not reason:
            reason, details = self._check_goods(sibling)
        if reason:
            return self._answer(sibling, reason, details)
        _complete, due, _details = self._check_items(sibling, None, None, False)
        try:
            with self.env.cr.savepoint():
                handover = self._claim_and_hand_over(sibling, steps, dict(evidence, lines=due),
                                                     None)
        except RedeemAborted as aborted:
            sibling.code.invalidate_recordset()
            reason, details = guards._check_code_state(sibling.code, sibling.warehouse)
            return self._answer(sibling, reason or aborted.reason, details or aborted.details)
        except (UserError, ValueError) as err:
            sibling.code.invalidate_recordset()
            return self._answer(sibling, "transfer_failed", {"error": str(err)})
        return self._answer(sibling, "ok", {"handover": handover})
