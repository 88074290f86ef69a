"""``pickup.service``: the hand-over — the atomic claim and the transfer, in one savepoint."""

from odoo import fields, models
from odoo.tools import float_compare

from .pickup_service import RedeemAborted


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _claim_and_hand_over(self, scan, steps, evidence, partial_reason):
        """Claim the code's entitlement atomically, validate the transfer, record the
        hand-over. What is not handed over stays on the entitlement (a backorder): its codes
        stay ready for the rest; otherwise every credential of the entitlement is collected.

        Runs inside a savepoint: any exception undoes all of it. Extension hook: an
        override adds to the hand-over record it returns (e.g. the ID photo).

        :param Scan scan: the checked scan; the claim holds only while the entitlement's
            hand-over count is still ``scan.seen_count``
        :param dict steps: the evidence as sent; ``evidence``: as checked by ``_check_steps``
        :return: the ``pickup.handover`` record
        :raises RedeemAborted: when another hand-over claimed the entitlement first
        """
        now = fields.Datetime.now()
        code, warehouse, station = scan.code, scan.warehouse, scan.station
        required = scan.steps
        code_sudo = code.sudo()
        if not code_sudo.entitlement_id._claim(scan.seen_count):
            raise RedeemAborted("already_redeemed")
        deferred = self._defer_transfer(scan, evidence["lines"])
        if deferred:
            picking, backorder = scan.pickings[:1], scan.pickings.browse()
        else:
            picking, backorder = self._validate_pickings(scan.pickings, evidence["lines"])
        approver = evidence.get("approver")
        handover = self.env["pickup.handover"].sudo().create({
            "code_id": code.id,
            "warehouse_id": warehouse.id,
            "user_id": self.env.uid,
            "station": station,
            "handover_date": now,
            "collected_by": "delegate" if code_sudo.is_delegate else "buyer",
            "collector_name": code_sudo.delegate_name or code_sudo.partner_id.name,
            "collector_relation": code_sudo.delegate_relation,
            "id_doc_type": evidence.get("id_doc_type") or False,
            "steps_done": ",".join(required),
            "approver_id": approver.id if approver else False,
            "approval_method": evidence.get("approval_method") if approver else False,
            "signature": evidence["signature"],
            "photo": evidence["photo"],
            "partial": bool(backorder),
            "partial_reason": partial_reason if backorder else False,
            "picking_id": picking.id if picking else False,
            "backorder_id": backorder.id if backorder else False,
            "transfer_state": "pending" if deferred else "done",
            "pending_picking_ids": [(6, 0, scan.pickings.ids)] if deferred else [],
            "line_ids": [(0, 0, {"product_id": pid, "quantity": qty})
                         for pid, qty in evidence["lines"].items() if qty],
        })
        if deferred:
            handover._trigger_transfer_validation()
        if backorder:
            self.env["pickup.event"]._log(code, "collected", warehouse_id=warehouse.id,
                                          picking_id=picking.id if picking else False,
                                          note=self.env._(
                                              "Partly collected: the rest waits in %(ref)s.",
                                                 ref=backorder.name))
        else:
            moved = code._set_state(
                "redeemed", redeem_date=now, redeemed_by_id=self.env.uid,
                redeemed_warehouse_id=warehouse.id,
                event_values={"warehouse_id": warehouse.id,
                              "picking_id": picking.id if picking else False})
            if code not in moved:
                raise RedeemAborted("already_redeemed")
        return handover

    def _defer_transfer(self, scan, quantities):
        """Extension hook: whether this hand-over leaves its transfer to the validation cron
        (``pickup.handover._cron_validate_pending_transfers``) instead of validating it now.

        Only a full hand-over is deferred, and only where the company asks for it
        (``pickup_transfer_timing``): a partial one must create its backorder now, since
        that is what the buyer's codes collect next.

        :param dict quantities: {product id: quantity handed over}
        """
        if not scan.pickings or scan.code.sudo().company_id.pickup_transfer_timing != "batch":
            return False
        remaining = dict(quantities)
        for move in scan.pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            given = remaining.get(move.product_id.id, 0.0)
            if float_compare(given, move.product_uom_qty,
                             precision_rounding=move.product_uom.rounding) < 0:
                return False
            remaining[move.product_id.id] = given - move.product_uom_qty
        return True

    def _validate_pickings(self, pickings, quantities):
        """Set the handed-over quantities and validate; the rest goes to a backorder.

        :param dict quantities: {product_id: qty handed over}
        :return: (validated picking, backorder or empty)
        """
        if not pickings:
            return pickings, pickings
        pickings._pickup_set_quantities(quantities)
        pickings._pickup_validate(self.env._(
            "The transfer needs manual action before it can be validated."),
            pickup_handover=True)
        backorder = self.env["stock.picking"].sudo().search(
            [("backorder_id", "in", pickings.ids)], limit=1)
        return pickings[:1], backorder
