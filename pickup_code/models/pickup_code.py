import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..const import (
    ACTIVE_STATES,
    DELEGATE_RELATIONS,
    STATES,
)
from ..core import limits

_logger = logging.getLogger(__name__)

# What a regenerated delegate's code keeps of the old one.
DELEGATE_FIELDS = ("parent_id", "is_delegate", "delegate_name", "delegate_phone",
                   "delegate_relation", "delegate_id_last4_hash")


class PickupCode(models.Model):
    """A credential that unlocks an entitlement (``pickup.entitlement``: an order at a point).

    The buyer's code, each delegate's code and a regenerated code are credentials of the same
    entitlement. States that belong to the goods (ready, collected, expired) move every live
    credential of the entitlement at once; revoking is per credential.

    The secrets (QR text, short code, TOTP key) are never stored: each code keeps a random
    seed, and the secrets are an HMAC of that seed under the server pepper. The database holds
    only keyed hashes for lookup, so a leaked dump without the pepper reveals no code, while
    the buyer's portal page can still show the code again.
    """

    _name = "pickup.code"
    _description = "Pickup code"
    _inherit = ["pickup.mail.sender.mixin", "mail.activity.mixin", "portal.mixin"]
    _order = "id desc"
    _rec_names_search = ["name", "sale_order_id"]

    # === FIELDS === #

    name = fields.Char("Reference", readonly=True, copy=False, index="trigram", default="/")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True,
        default=lambda self: self.env.company)
    entitlement_id = fields.Many2one(
        "pickup.entitlement", required=True, readonly=True, index=True,
        ondelete="restrict", help="What this code collects: the order's goods at the point.")
    is_partial = fields.Boolean(related="entitlement_id.is_partial")
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", required=True, readonly=True, index=True,
        ondelete="restrict")
    partner_id = fields.Many2one("res.partner", string="Buyer", required=True, readonly=True,
                                 index=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", required=True,
                                   readonly=True, index=True)
    # Not tracked in the chatter: every move is a line of the timeline (``event_ids``, with
    # where and which transfer), and a tracked state cost a message per code per move (2,000
    # messages when a campaign's codes become ready, one more on every hand-over).
    state = fields.Selection(STATES, default="draft", required=True, readonly=True,
                             index=True)
    currency_id = fields.Many2one(related="sale_order_id.currency_id")
    amount_total = fields.Monetary(related="sale_order_id.amount_total", string="Order total")
    # Secrets: a random seed plus keyed hashes. System-only; never shown in any view.
    secret_seed = fields.Char(groups="base.group_system", copy=False, readonly=True)
    qr_hash = fields.Char(groups="base.group_system", copy=False, readonly=True)
    short_hash = fields.Char(groups="base.group_system", copy=False, readonly=True)
    rotating = fields.Boolean(
        "Rotating QR", readonly=True,
        help="The portal shows a QR that changes every 30 seconds (screenshot-resistant).")
    issue_date = fields.Datetime(readonly=True)
    ready_date = fields.Datetime(readonly=True, index=True)
    expiry_date = fields.Datetime("Collect before", readonly=True, index=True)
    redeem_date = fields.Datetime("Collected on", readonly=True)
    redeemed_by_id = fields.Many2one("res.users", string="Handed over by", readonly=True)
    redeemed_warehouse_id = fields.Many2one("stock.warehouse", string="Collected at",
                                            readonly=True)
    revoke_reason = fields.Char(readonly=True, tracking=True)
    replaced_by_id = fields.Many2one("pickup.code", string="Replaced by", readonly=True,
                                     index="btree_not_null")
    failed_check_count = fields.Integer(readonly=True, copy=False)
    locked_until = fields.Datetime(readonly=True, copy=False)
    is_locked = fields.Boolean(compute="_compute_is_locked")
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    notify_state = fields.Selection(
        [("pending", "Not sent"), ("sent", "Sent"), ("mail_fallback", "SMS failed, e-mail sent"),
         ("failed", "Sending failed")],
        string="Notification", default="pending", readonly=True, tracking=True)
    last_notify_date = fields.Datetime("Last sent", readonly=True)
    # Proxy pickup: a delegate gets a code of their own, linked to the buyer's.
    parent_id = fields.Many2one("pickup.code", string="Buyer's code", readonly=True, index=True)
    delegate_ids = fields.One2many("pickup.code", "parent_id", string="Delegate codes")
    is_delegate = fields.Boolean(readonly=True)
    delegate_name = fields.Char(readonly=True)
    delegate_phone = fields.Char(readonly=True)
    delegate_relation = fields.Selection(DELEGATE_RELATIONS, readonly=True)
    delegate_id_last4_hash = fields.Char(groups="base.group_system", copy=False, readonly=True)
    # Policy and hand-over.
    required_steps = fields.Char(compute="_compute_required_steps")
    handover_ids = fields.One2many("pickup.handover", "code_id", string="Hand-overs")
    attempt_ids = fields.One2many("pickup.attempt", "code_id", string="Scan attempts")
    attempt_count = fields.Integer(compute="_compute_attempt_count")
    picking_ids = fields.Many2many("stock.picking", compute="_compute_picking_ids",
                                   string="Transfers")
    event_ids = fields.One2many("pickup.event", "code_id", string="Timeline")
    # Portal access token: derived (pepper + current QR hash), never stored, so that a dump
    # holds no link that opens a live pickup; regenerating the code changes it.
    access_token = fields.Char(compute="_compute_access_token", store=False, copy=False)
    otp_hash = fields.Char(groups="base.group_system", copy=False, readonly=True)
    otp_expiry = fields.Datetime(groups="base.group_system", copy=False, readonly=True)

    _sql_constraints = [
        ("qr_hash_unique", "unique(qr_hash)", "Pickup code QR hashes must be unique."),
        ("short_hash_unique", "unique(short_hash)", "Pickup short codes must be unique."),
    ]

    def init(self):
        # One live code per order and point (delegate codes aside): issuing is idempotent.
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS pickup_code_order_point_live_uniq "
            "ON pickup_code (sale_order_id, warehouse_id) "
            "WHERE state IN ('draft', 'issued', 'ready') AND parent_id IS NULL"
        ))
        # KPI windows filter codes of a company by when they were ready or collected.
        for column in ("ready_date", "redeem_date"):
            self.env.cr.execute(SQL(
                "CREATE INDEX IF NOT EXISTS %s ON pickup_code (company_id, %s)",
                SQL.identifier("pickup_code_company_%s_idx" % column), SQL.identifier(column),
            ))

    # === COMPUTE METHODS === #

    @api.depends("locked_until")
    def _compute_is_locked(self):
        now = fields.Datetime.now()
        for code in self:
            code.is_locked = limits.is_locked(code.locked_until or None, now)

    @api.depends("sale_order_id.amount_total", "warehouse_id")
    def _compute_required_steps(self):
        rules = self.env["pickup.policy.rule"]
        rule_cache = {}  # read each point's rules once for the whole list, not per code
        for code in self:
            code.required_steps = ", ".join(
                rules._get_required_steps(code.sale_order_id, code.warehouse_id, rule_cache)
            ) if code.sale_order_id else ""

    def _compute_attempt_count(self):
        counts = dict(self.env["pickup.attempt"]._read_group(
            [("code_id", "in", self.ids)], ["code_id"], ["__count"]))
        for code in self:
            code.attempt_count = counts.get(code, 0)

    @api.depends("sale_order_id.picking_ids.state", "warehouse_id")
    def _compute_picking_ids(self):
        for code in self:
            code.picking_ids = code._get_outgoing_pickings()

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for code in self:
            code.access_url = "/my/pickups/%s" % code.id
        return res

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        # Every credential unlocks the entitlement of its order and point (created once).
        orphans = [vals for vals in vals_list if not vals.get("entitlement_id")]
        if orphans:
            pairs = [(self.env["sale.order"].browse(vals["sale_order_id"]),
                      self.env["stock.warehouse"].browse(vals["warehouse_id"]))
                     for vals in orphans]
            entitlements = self.env["pickup.entitlement"]._get_or_create(pairs)
            for vals, (order, point) in zip(orphans, pairs, strict=True):
                vals["entitlement_id"] = entitlements[(order.id, point.id)].id
        codes = super().create(vals_list)
        # Set-based naming: one UPDATE for the whole batch instead of a sequence call per code.
        self.env.cr.execute(SQL(
            "UPDATE pickup_code SET name = 'PC' || lpad(id::text, 7, '0') "
            "WHERE id = ANY(%s) AND name = '/'", codes.ids,
        ))
        codes.invalidate_recordset(["name"])
        return codes

    # === ACTIONS === #

    def action_resend(self):
        """Send the same code again (SMS and e-mail)."""
        for code in self:
            if code.state not in ACTIVE_STATES:
                raise UserError(self.env._("Only issued or ready codes can be sent again."))
        self._notify_buyer("resend", now=True)
        return True

    def action_regenerate(self):
        """Revoke this code and issue a new one for the same order and point."""
        new_codes = self.browse()
        for code in self:
            if code.state not in ACTIVE_STATES:
                raise UserError(self.env._("Only issued or ready codes can be regenerated."))
            live_state = code.state  # the new credential takes over the goods' state
            code._set_state("revoked", revoke_reason=self.env._("Regenerated"))
            # The live-code unique index must see the revocation before the new row.
            code.flush_recordset(["state"])
            # The same credential anew: same entitlement, same state and deadline, and a
            # delegate's code stays the delegate's (else it would collide with the buyer's).
            code_sudo = code.sudo()
            vals = dict(
                code._prepare_code_vals(code.sale_order_id, code.warehouse_id),
                **self._new_secret_vals(1, self._get_pepper())[0],
                entitlement_id=code_sudo.entitlement_id.id, state=live_state,
                issue_date=fields.Datetime.now(), ready_date=code_sudo.ready_date,
                expiry_date=code_sudo.expiry_date,
            )
            if code_sudo.is_delegate:
                vals.update({field: code_sudo[field].id if field == "parent_id"
                             else code_sudo[field] for field in DELEGATE_FIELDS})
            if code_sudo.leader_id:  # a group leader's credential stays the leader's
                vals.update(parent_id=code_sudo.parent_id.id, partner_id=code_sudo.leader_id.id,
                            leader_id=code_sudo.leader_id.id)
            new_code = self.sudo().create(vals)
            new_code._sync_ready(notify=False)
            code.sudo().replaced_by_id = new_code
            new_codes |= new_code
        # A code whose goods already wait at the point gets the "ready" message directly.
        ready = new_codes.filtered(lambda c: c.state == "ready")
        ready._notify_buyer("ready", now=True)
        (new_codes - ready)._notify_buyer("issued", now=True)
        return new_codes._get_records_action(name=self.env._("New pickup code"))

    def action_open_revoke_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "pickup.code.revoke.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_code_ids": self.ids},
        }

    def action_revoke(self, reason):
        """Revoke codes with a reason (after which they refuse with ``revoked``)."""
        if not reason:
            raise UserError(self.env._("Give a reason to revoke a pickup code."))
        for code in self:
            if code.state not in ("draft", *ACTIVE_STATES):
                raise UserError(self.env._("Code %(name)s is %(state)s and cannot be revoked.",
                                  name=code.name, state=code.state))
            code._set_state("revoked", revoke_reason=reason)
        return True

    def action_unlock(self):
        """Supervisor unlock after too many failed identity or approval checks."""
        if not self.env.user.has_group("pickup_code.group_pickup_supervisor"):
            raise UserError(self.env._("Only a pickup supervisor can unlock a code."))
        self.sudo().write({"locked_until": False, "failed_check_count": 0})
        for code in self:
            code.message_post(body=self.env._("Unlocked by %(user)s.", user=self.env.user.name))
        return True

    def action_mark_ready(self):
        """Mark issued codes ready by hand (goods are at the point)."""
        for code in self:
            if code.state != "issued":
                raise UserError(self.env._("Only issued codes can be marked ready."))
        self._set_ready()
        return True

    def action_view_attempts(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scan attempts"),
            "res_model": "pickup.attempt",
            "view_mode": "list,form",
            "domain": [("code_id", "in", self.ids)],
        }

    def action_open_delegate_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "pickup.delegate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_code_id": self.id},
        }
