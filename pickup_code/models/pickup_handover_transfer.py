"""Transfers validated after the hand-over, in batches (pickup days at scale).

Every hand-over of one product validates a delivery that touches rows all those deliveries
share: Odoo's FIFO valuation takes from the product's oldest receipt layer
(``product.product._run_fifo``, whatever the costing method) and the goods join one quant at
the customers' location. Counters handing over the same product in parallel queue behind
those row locks and Odoo retries the losers. With the company's *Validate transfers* set to
``batch``, a full hand-over only claims the entitlement (the exactly-once decision) and
records what was handed over; this cron validates the transfers one after the other, so no
two of them ever wait on each other. A partial hand-over still validates at the counter: its
backorder is what the buyer's codes collect next.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

VALIDATE_BATCH_SIZE = 50


class PickupHandover(models.Model):
    _inherit = "pickup.handover"

    transfer_state = fields.Selection(
        [("done", "Validated"), ("pending", "Waiting for validation"),
         ("failed", "Validation failed")],
        string="Transfer status", default="done", required=True, index=True, readonly=True,
        help="Waiting: the goods were handed over and the transfer is validated in the "
             "background right after (company setting Validate transfers).")
    pending_picking_ids = fields.Many2many(
        "stock.picking", "pickup_handover_pending_picking_rel", "handover_id", "picking_id",
        string="Transfers to validate", readonly=True, copy=False)

    def _trigger_transfer_validation(self):
        self.env.ref("pickup_code.cron_pickup_validate_transfers").sudo()._trigger()

    @api.model
    def _cron_validate_pending_transfers(self, batch_size=VALIDATE_BATCH_SIZE):
        """Validate the transfers of hand-overs done in ``batch`` mode, oldest first.

        Idempotent and resumable: a hand-over leaves ``pending`` only once its transfers are
        done (by this cron, or by someone in Inventory meanwhile); a batch that dies on a
        database error is rolled back whole and taken again at the next run. A transfer that
        needs a person (a lot to enter, a wizard) fails its hand-over alone: the point's
        supervisor gets an anomaly, the goods already left with the buyer.
        """
        pending = self.sudo().search([("transfer_state", "=", "pending")], order="id",
                                     limit=batch_size)
        service = self.env["pickup.service"].sudo()
        failed = {}  # hand-over -> why
        for handover in pending:
            pickings = handover.pending_picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel"))
            try:
                with self.env.cr.savepoint():
                    handover._check_still_deliverable()
                    if pickings:
                        service._validate_pickings(pickings, handover._quantities())
                    handover.transfer_state = "done"
            except (UserError, ValidationError) as error:
                _logger.warning("Hand-over %s: transfer %s not validated: %s",
                                handover.id, pickings.mapped("name"), error)
                handover.transfer_state = "failed"
                failed[handover] = str(error)
        self.env["pickup.anomaly"]._raise_many([{
            "anomaly_type": "transfer_failed",
            "company_id": handover.company_id.id,
            "warehouse_id": handover.warehouse_id.id,
            "code_id": handover.code_id.id,
            "detail": self.env._(
                "The goods were handed over, but %(transfers)s could not be validated "
                "(%(error)s): validate it in Inventory.",
                transfers=", ".join(handover.pending_picking_ids.mapped("name")), error=error),
        } for handover, error in failed.items()], repeat="never")
        remaining = self.sudo().search_count([("transfer_state", "=", "pending")])
        self.env["ir.cron"]._notify_progress(done=len(pending), remaining=remaining)
        return pending

    def action_retry_transfer_validation(self):
        """Validate again the transfers of failed hand-overs, once a person fixed what
        stopped them (a lot entered, the backorder dealt with): back to the cron's queue."""
        if not self.env.user.has_group("pickup_code.group_pickup_supervisor"):
            raise AccessError(self.env._("Only a pickup supervisor may retry a validation."))
        failed = self.sudo().filtered(lambda h: h.transfer_state == "failed")
        if not failed:
            raise UserError(self.env._("Only a hand-over whose validation failed can be "
                                       "retried."))
        failed.transfer_state = "pending"
        failed._trigger_transfer_validation()
        return True

    @api.model
    def _transfers_done_elsewhere(self, pickings):
        """Failed hand-overs whose transfers someone validated in Inventory (as the
        anomaly asks): done, nothing left for the cron or the supervisor.

        :param pickings: ``stock.picking`` just validated (any user: read as the system)
        """
        failed = self.sudo().search([("transfer_state", "=", "failed"),
                                     ("pending_picking_ids", "in", pickings.ids)])
        failed.filtered(lambda h: all(p.state == "done" for p in h.pending_picking_ids)
                        ).transfer_state = "done"

    def _check_still_deliverable(self):
        """The goods left with the buyer: a delivery cancelled in Inventory meanwhile, or
        validated in part with a backorder left open, would leave stock counting them at the
        point. Either needs a person.

        :raises UserError: with what happened to the delivery
        """
        self.ensure_one()
        pickings = self.pending_picking_ids
        cancelled = pickings.filtered(lambda p: p.state == "cancel")
        if cancelled:
            raise UserError(self.env._("%(transfers)s was cancelled after the hand-over",
                                       transfers=", ".join(cancelled.mapped("name"))))
        backorders = self.env["stock.picking"].sudo().search([
            ("backorder_id", "in", pickings.filtered(lambda p: p.state == "done").ids),
            ("state", "not in", ("done", "cancel"))])
        if backorders:
            raise UserError(self.env._(
                "%(transfers)s was validated in part in Inventory; %(backorders)s is still open",
                transfers=", ".join(backorders.backorder_id.mapped("name")),
                backorders=", ".join(backorders.mapped("name"))))

    def _quantities(self):
        """{product id: quantity handed over}, as the counter sent them."""
        self.ensure_one()
        quantities = {}
        for line in self.line_ids:
            quantities[line.product_id.id] = quantities.get(line.product_id.id, 0.0) \
                + line.quantity
        return quantities
