"""``pickup.code``: its lifecycle — state changes through one guarded method, issuing, the
goods at the point, ready, deadlines, expiry, reminders and delegates."""

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..const import ACTIVE_STATES, ENTITLEMENT_STATES, ISSUE_BATCH_SIZE
from ..core import credential

_logger = logging.getLogger(__name__)


class PickupCode(models.Model):
    """Issuing, state changes, goods at the point, deadlines, reminders, delegates."""

    _inherit = "pickup.code"

    # === BUSINESS METHODS === #

    def _set_state(self, target, event_values=None, **extra):
        """Move codes to ``target`` through one guarded place (sudo: staff act via methods).

        Ready, collected and expired are states of the goods: every live credential of the
        same entitlement moves with the code (a delegate's code is collected when the buyer's
        is). Revoking is per credential.

        :param dict event_values: extra values of the timeline event (where, which transfer)
        :return: the codes that moved (siblings included)
        """
        codes = self
        if target in ENTITLEMENT_STATES:
            codes |= self.sudo().entitlement_id.code_ids.with_env(self.env)
        allowed = {
            "issued": ("draft",),
            "ready": ("issued",),
            "redeemed": ("ready",),
            "expired": ("issued", "ready"),
            "revoked": ("draft", "issued", "ready"),
        }[target]
        movable = codes.filtered(lambda c: c.state in allowed)
        for code in self - movable:
            if code.state != target:
                _logger.warning("pickup.code %s: refused %s -> %s", code.id, code.state, target)
        if movable:
            movable.sudo().write(dict(extra, state=target))
            event = {"issued": "paid", "redeemed": "collected"}.get(target, target)
            # One timeline line per entitlement: a delegate's code moving along is no event.
            self.env["pickup.event"]._log(movable.filtered(
                lambda c: c in self or c.entitlement_id not in self.entitlement_id), event,
                **(event_values or {}))
        return movable

    @api.model
    def _prepare_code_vals(self, order, warehouse, rule_cache=None):
        """:return: values to create the code of ``order`` at ``warehouse`` (without secrets).

        :param dict rule_cache: shared by a batch (see ``_get_core_rules``)
        """
        steps = self.env["pickup.policy.rule"]._get_required_steps(order, warehouse, rule_cache)
        return {
            "sale_order_id": order.id,
            "partner_id": order.partner_id.id,
            "company_id": order.company_id.id,
            "warehouse_id": warehouse.id,
            "rotating": "approval" in steps,
            "state": "draft",
        }

    @api.model
    def _issue_for_orders(self, orders, progress=None):
        """Issue the missing codes of ``orders`` in batches, then notify the buyers.

        Idempotent: an order that already has a live code at a point gets no second one.

        :param orders: ``sale.order`` records
        :param progress: optional callable(done, total) reporting progress
        :return: the new ``pickup.code`` records
        """
        pepper = self._get_pepper()
        new_codes = self.browse()
        rule_cache = {}
        total = len(orders)
        for start in range(0, total, ISSUE_BATCH_SIZE):
            batch = orders[start:start + ISSUE_BATCH_SIZE]
            wanted = [(order, point) for order in batch for point in order._pickup_get_points()]
            if not wanted:
                continue
            self.env.cr.execute(SQL(
                "SELECT sale_order_id, warehouse_id FROM pickup_code "
                "WHERE sale_order_id = ANY(%s) AND parent_id IS NULL "
                "AND state IN ('draft', 'issued', 'ready')", batch.ids,
            ))
            existing = set(self.env.cr.fetchall())
            wanted = [(o, p) for o, p in wanted if (o.id, p.id) not in existing]
            secret_vals = self._new_secret_vals(len(wanted), pepper)
            now = fields.Datetime.now()
            vals_list = [
                dict(self._prepare_code_vals(order, point, rule_cache), **secrets_vals,
                     state="issued", issue_date=now)
                for (order, point), secrets_vals in zip(wanted, secret_vals, strict=True)
            ]
            # Bulk path: no per-code "created" chatter line; the timeline records it.
            codes = self.sudo().with_context(mail_create_nolog=True).create(vals_list)
            self.env["pickup.event"]._log(codes, "paid")
            codes._sync_ready(notify=False)
            new_codes |= codes
            if progress:
                progress(min(start + ISSUE_BATCH_SIZE, total), total)
        # A code whose goods already wait at the point gets the "ready" message directly.
        ready = new_codes.filtered(lambda c: c.state == "ready")
        ready._notify_buyer("ready")
        (new_codes - ready)._notify_buyer("issued")
        return new_codes

    @api.model
    def _cron_issue_queued(self):
        """Issue the codes of the orders queued by the bulk issue wizard, one batch per call:
        Odoo's cron runs it again while ``_notify_progress`` reports orders remaining,
        committing after each batch, and resumes with the rest after a crash. The user who
        queued them is told after each batch (a notification in their browser)."""
        Order = self.env["sale.order"].sudo()
        queued = [("pickup_issue_queued_uid", "!=", False)]
        orders = Order.search(queued, limit=ISSUE_BATCH_SIZE, order="id")
        by_user = orders.grouped("pickup_issue_queued_uid")
        codes = self._issue_for_orders(orders.filtered(lambda o: o.state == "sale"))
        orders.write({"pickup_issue_queued_uid": False})
        remaining = Order.search_count(queued)
        self.env["ir.cron"]._notify_progress(done=len(orders), remaining=remaining)
        for user, mine in by_user.items():
            translated = self.with_context(lang=user.lang).env
            # Delivered as this batch commits: one notification per batch, as it goes.
            user._bus_send("simple_notification", {
                "type": "info" if remaining else "success",
                "title": translated._("Issuing pickup codes"),
                "message": translated._(
                    "%(codes)s codes issued for %(done)s orders; %(remaining)s orders to go.",
                    codes=len(codes.filtered(lambda c, m=mine: c.sale_order_id in m)),
                    done=len(mine), remaining=remaining),
            })
        return codes

    def _get_outgoing_pickings(self):
        """Open outgoing transfers of the order that leave from this code's point."""
        self.ensure_one()
        return self.sale_order_id.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.picking_type_id.warehouse_id == self.warehouse_id
            and p.state not in ("done", "cancel")
        )

    def _get_remaining_lines(self, pickings=None):
        """What is still to collect with this code: the open moves of its transfers.

        :param pickings: the transfers when the caller has them already (else looked up)
        :return: list of ``{"product_id", "product", "barcode", "qty", "qty_text"}``
        """
        self.ensure_one()
        if pickings is None:
            pickings = self.sudo()._get_outgoing_pickings()
        moves = pickings.sudo().move_ids.filtered(
            lambda m: m.state not in ("done", "cancel"))
        return [{"product_id": m.product_id.id, "product": m.product_id.display_name,
                 "barcode": m.product_id.barcode or "", "qty": m.product_uom_qty,
                 "qty_text": "%g %s" % (m.product_uom_qty, m.product_uom.name)}
                for m in moves]

    def _is_goods_at_point(self):
        """Override point: are all goods of this code waiting at the pickup point?

        Every move of the open outgoing transfers from the point is fully reserved (a
        transfer whose moves are only partly reserved still says "Ready" in Odoo, so the
        moves are checked, not the transfer).
        """
        self.ensure_one()
        moves = self._get_outgoing_pickings().move_ids.filtered(
            lambda m: m.state not in ("done", "cancel"))
        return bool(moves) and all(m.state == "assigned" for m in moves)

    def _goods_arrived(self, picking=None, **event_values):
        """The one "goods arrived at the point" path, whoever reports it (the point's
        scan-in, a drop-ship vendor's ``arrived`` event): the timeline says so, then the codes
        whose goods are now complete at the point become ready.

        :param picking: the transfer that brought them, if known
        :param event_values: more ``pickup.event`` values (note, position, temperature)
        :return: the codes that became ready
        """
        self.env["pickup.event"]._log(self, "arrived", picking_id=picking.id if picking else False,
                                      **event_values)
        return self._sync_ready()

    def _prefetch_goods(self):
        """Read the transfers and moves of these codes in a few queries, so that the
        per-code checks that follow (``_is_goods_at_point``, deadlines) find them in the
        cache instead of querying once per code. Override to add what an extension reads.

        :return: the orders' transfers (sudo)
        """
        pickings = self.sudo().sale_order_id.picking_ids
        pickings.mapped("picking_type_id.warehouse_id")
        pickings.move_ids.mapped("state")
        return pickings

    def _sync_ready(self, notify=True):
        """Move issued codes whose goods are at the point to ``ready``."""
        issued = self.filtered(lambda c: c.state == "issued")
        if issued:
            issued._prefetch_goods()
        ready = issued.filtered(lambda c: c._is_goods_at_point())
        ready._set_ready(notify=notify)
        return ready

    def _set_ready(self, notify=True):
        """Move these codes to ``ready`` now, each with its deadline: one write and one
        timeline insert per distinct deadline (a campaign's codes share a handful)."""
        now = fields.Datetime.now()
        by_deadline = defaultdict(list)
        for code in self:
            by_deadline[code._get_pickup_deadline(now)].append(code.id)
        moved = self.browse()
        for deadline, ids in by_deadline.items():
            codes = self.browse(ids).with_prefetch(self._prefetch_ids)
            moved |= codes._set_state("ready", ready_date=now, expiry_date=deadline)
        if notify:
            moved._notify_buyer("ready")

    def _get_pickup_deadline(self, ready_at):
        """Override point: when a code that becomes ready at ``ready_at`` expires."""
        self.ensure_one()
        return fields.Datetime.add(ready_at, days=self._get_pickup_window_days())

    def _get_pickup_window_days(self):
        """Override point: days to collect (per company; points or products may shorten it)."""
        self.ensure_one()
        return self.company_id.pickup_window_days

    @api.model
    def _cron_expire(self):
        """Expire overdue codes. Idempotent: an expired code is not touched again."""
        overdue = self.sudo().search([
            ("state", "in", ACTIVE_STATES),
            ("expiry_date", "<", fields.Datetime.now()),
        ])
        overdue._set_state("expired")
        return overdue

    @api.model
    def _cron_remind(self):
        """Send one reminder per ready code before its deadline."""
        now = fields.Datetime.now()
        candidates = self.sudo().search([
            ("state", "=", "ready"), ("expiry_date", ">", now),
        ] + self._get_reminder_candidate_domain())
        due = candidates.filtered(lambda c: c._is_reminder_due(now))
        due._notify_buyer("reminder", now=True)  # already in a cron
        due._mark_reminded(now)
        return due

    @api.model
    def _get_reminder_candidate_domain(self):
        """Override point: which ready codes may still need a reminder."""
        return [("reminder_sent", "=", False)]

    def _is_reminder_due(self, now):
        """Override point: one reminder, ``pickup_reminder_days`` before the deadline."""
        self.ensure_one()
        return not self.reminder_sent and self.expiry_date <= fields.Datetime.add(
            now, days=self.company_id.pickup_reminder_days)

    def _mark_reminded(self, now):
        self.write({"reminder_sent": True})

    def _create_delegate(self, name, phone, relation, id_doc_type=None, id_last4=None):
        """Create a delegate's own code for proxy pickup and send it to the delegate.

        :return: the delegate's ``pickup.code``
        """
        self.ensure_one()
        if self.state not in ACTIVE_STATES or self.is_delegate:
            raise UserError(self.env._(
                "A delegate can only be named on the buyer's issued or ready code."))
        if not name or not phone:
            raise UserError(self.env._("A delegate needs a name and a phone number."))
        from ..core import phone as phone_lib, policy
        region = (self.partner_id.country_id or self.company_id.country_id).code
        e164 = phone_lib.to_e164(phone, region)
        if not e164:
            raise UserError(self.env._("%(phone)s is not a valid phone number.", phone=phone))
        pepper = self._get_pepper()
        vals = dict(
            self._prepare_code_vals(self.sale_order_id, self.warehouse_id),
            **self._new_secret_vals(1, pepper)[0],
            entitlement_id=self.entitlement_id.id, parent_id=self.id, is_delegate=True,
            delegate_name=name, delegate_phone=e164,
            delegate_relation=relation, state=self.state, issue_date=fields.Datetime.now(),
            ready_date=self.ready_date, expiry_date=self.expiry_date,
        )
        if id_doc_type and id_last4:
            vals["delegate_id_last4_hash"] = credential.keyed_hash(
                pepper, "id:" + id_doc_type, policy.normalise_id_last4(id_last4))
        delegate = self.sudo().create(vals)
        self.message_post(body=self.env._(
            "Delegate %(name)s (%(relation)s) was given a code of their own.",
                                 name=name, relation=relation or "-"))
        delegate._notify_buyer("issued", now=True)
        return delegate
