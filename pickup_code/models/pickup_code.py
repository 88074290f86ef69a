import hashlib
import hmac
import logging
import secrets

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..const import (
    ACTIVE_STATES,
    DELEGATE_RELATIONS,
    ENTITLEMENT_STATES,
    ISSUE_BATCH_SIZE,
    STATES,
)
from ..core import credential, derivation, limits, link_token, signed_token

_logger = logging.getLogger(__name__)

PEPPER_PARAM = "pickup_code.pepper"
# A signed token issued before the goods are ready lasts the window plus this many days.
TOKEN_GRACE_DAYS = 30
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
    state = fields.Selection(STATES, default="draft", required=True, readonly=True,
                             tracking=True, index=True)
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

    def _compute_access_token(self):
        pepper = self._get_pepper()
        for code in self:
            code.access_token = code.id and credential.keyed_hash(
                pepper, "portal", "%s:%s" % (code.id, code.sudo().qr_hash or ""))[:32]

    def _portal_ensure_token(self):
        """Override of `portal`: the token is derived, there is nothing to write."""
        return self.access_token

    def _get_link_token(self):
        """A short signed link token (``/p/<token>``, 16 symbols): it opens only this code's
        page, and only while the code is live and within its deadline (see
        ``_find_by_link_token``); regenerating the code kills it."""
        self.ensure_one()
        return link_token.sign(self._get_pepper(), self.id, self.sudo().qr_hash or "")

    def _get_link_url(self, suffix=""):
        """:return: the absolute short link to this code's page (``suffix``: ``/qr.png``)"""
        self.ensure_one()
        return "%s/p/%s%s" % (self.get_base_url(), self._get_link_token(), suffix)

    @api.model
    def _find_by_link_token(self, token):
        """:return: the code a valid link token names (sudo), else empty. The link expires
        with the code: past its deadline, expired or revoked (regenerated or cancelled) it
        has no page any more; once collected, the page says by whom until the deadline."""
        no_code = self.sudo().browse()
        try:
            code = self.sudo().browse(link_token.read_id(token)).exists()
            if not code:
                return no_code
            link_token.verify(self._get_pepper(), token, code.qr_hash or "",
                              int(fields.Datetime.now().timestamp()))
        except link_token.InvalidLink:
            return no_code
        if code.state not in (*ACTIVE_STATES, "redeemed") or (
                code.expiry_date and code.expiry_date < fields.Datetime.now()):
            return no_code
        return code

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

    # === SECRETS === #

    @api.model
    def _get_pepper(self):
        """The server pepper: from the Odoo config file when set (kept out of the database),
        else a system parameter created on first use.

        :rtype: bytes
        """
        from_config = tools.config.get("pickup_code_pepper")
        if from_config:
            return from_config.encode()
        params = self.env["ir.config_parameter"].sudo()
        pepper = params.get_param(PEPPER_PARAM)
        if not pepper:
            pepper = secrets.token_hex(32)
            params.set_param(PEPPER_PARAM, pepper)
        return pepper.encode()

    @api.model
    def _get_signing_keypair(self):
        """Ed25519 key pair for offline-verifiable QR tokens, derived from the pepper: a
        private key in the database would let whoever holds a dump mint a token that
        collects any order.

        :return: (private_raw, public_raw)
        """
        return signed_token.generate_keypair(self._get_derived_key(b"pickup-ed25519-signing"))

    @api.model
    def _get_derived_key(self, label):
        """:return: a 32-byte key for one purpose (``label``), derived from the pepper, so
        that no key of the server is ever stored."""
        return hmac.new(self._get_pepper(), b"key\x00" + label, hashlib.sha256).digest()

    def _get_credentials(self):
        """Derive this code's secrets. Only for sending to the buyer or the buyer's portal.

        :rtype: derivation.Credentials
        """
        self.ensure_one()
        return derivation.derive(self._get_pepper(), self.sudo().secret_seed)

    def _get_token_nonce(self):
        """The nonce of this code's signed tokens: bound to its current QR hash, so a token
        of a regenerated code (or a token minted with another nonce) opens nothing."""
        self.ensure_one()
        return credential.keyed_hash(
            self._get_pepper(), "token-nonce", "%s:%s" % (self.id, self.sudo().qr_hash or ""),
        )[:22]

    def _get_signed_token(self):
        """An Ed25519-signed token (code id, expiry, nonce) that a counter can check offline
        for authenticity; the server still decides on the code's state. It expires with the
        code (before the goods are ready: the window plus the time goods usually take)."""
        self.ensure_one()
        expiry = self.expiry_date or fields.Datetime.add(
            self.issue_date or fields.Datetime.now(),
            days=self._get_pickup_window_days() + TOKEN_GRACE_DAYS)
        return signed_token.sign_token(
            self._get_signing_keypair()[0], self.id, int(expiry.timestamp()),
            self._get_token_nonce(),
        )

    def _get_qr_text(self):
        """What the buyer's QR (portal page, e-mail image) encodes: a signed token when the
        company has offline-verifiable QR on, else the QR secret. A rotating code keeps its
        secret (the portal adds the current TOTP to it: screenshot resistance comes first)."""
        self.ensure_one()
        if self.company_id.pickup_offline_qr and not self.rotating:
            return self._get_signed_token()
        return self._get_credentials().qr_secret

    @api.model
    def get_offline_qr_key(self):
        """For the counter screen: whether the company issues signed QR tokens, and the
        Ed25519 public key (base64url) to check them without the server.

        :return: ``{"enabled": bool, "public_key": str}``
        """
        if not self.env.user.has_group("pickup_code.group_pickup_counter"):
            return {"enabled": False, "public_key": ""}
        from ..core import b64url
        return {"enabled": any(self.env.companies.mapped("pickup_offline_qr")),
                "public_key": b64url.encode(self._get_signing_keypair()[1])}

    @api.model
    def _new_secret_vals(self, count, pepper):
        """Seeds and hashes for ``count`` new codes, free of short-code collisions.

        :return: list of dicts with ``secret_seed``, ``qr_hash``, ``short_hash``
        """
        result = []
        while len(result) < count:
            batch = []
            for _i in range(count - len(result)):
                seed = secrets.token_hex(32)
                creds = derivation.derive(pepper, seed)
                batch.append({
                    "secret_seed": seed,
                    "qr_hash": credential.keyed_hash(pepper, "qr", creds.qr_secret),
                    "short_hash": credential.keyed_hash(pepper, "short", creds.short_code),
                })
            # 40-bit short codes can collide over a large history: drop and redraw those.
            self.env.cr.execute(SQL(
                "SELECT short_hash FROM pickup_code WHERE short_hash = ANY(%s)",
                [vals["short_hash"] for vals in batch],
            ))
            taken = {row[0] for row in self.env.cr.fetchall()}
            seen = set()
            for vals in batch:
                if vals["short_hash"] not in taken and vals["short_hash"] not in seen:
                    seen.add(vals["short_hash"])
                    result.append(vals)
        return result

    @api.model
    def _lookup_by_secret(self, scanned):
        """Find a code by a parsed scan (one indexed query).

        :param credential.ScannedCode scanned: the parsed input
        :return: ``pickup.code`` (sudo, possibly empty)
        """
        pepper = self._get_pepper()
        if scanned.kind == "token":
            _private, public = self._get_signing_keypair()
            try:
                claims = signed_token.verify_token(
                    public, scanned.value, int(fields.Datetime.now().timestamp()))
            except signed_token.ExpiredToken as expired:
                # Authentic but past its expiry: still name the code (it will say "expired").
                claims = expired.claims
            except signed_token.InvalidToken:
                return self.sudo().browse()
            code = self.sudo().browse(claims.code_id).exists()
            # Signed for an earlier version of the code (regenerated): opens nothing.
            if code and not hmac.compare_digest(claims.nonce, code._get_token_nonce()):
                return self.sudo().browse()
            return code
        field = "qr_hash" if scanned.kind == "qr" else "short_hash"
        digest = credential.keyed_hash(pepper, scanned.kind, scanned.value)
        return self.sudo().search([(field, "=", digest)], limit=1)

    # === ACTIONS === #

    def action_resend(self):
        """Send the same code again (SMS and e-mail)."""
        for code in self:
            if code.state not in ACTIVE_STATES:
                raise UserError(_("Only issued or ready codes can be sent again."))
        self._notify_buyer("resend", now=True)
        return True

    def action_regenerate(self):
        """Revoke this code and issue a new one for the same order and point."""
        new_codes = self.browse()
        for code in self:
            if code.state not in ACTIVE_STATES:
                raise UserError(_("Only issued or ready codes can be regenerated."))
            live_state = code.state  # the new credential takes over the goods' state
            code._set_state("revoked", revoke_reason=_("Regenerated"))
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
            new_code = self.sudo().create(vals)
            new_code._sync_ready(notify=False)
            code.sudo().replaced_by_id = new_code
            new_codes |= new_code
        # A code whose goods already wait at the point gets the "ready" message directly.
        ready = new_codes.filtered(lambda c: c.state == "ready")
        ready._notify_buyer("ready", now=True)
        (new_codes - ready)._notify_buyer("issued", now=True)
        return new_codes._get_records_action(name=_("New pickup code"))

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
            raise UserError(_("Give a reason to revoke a pickup code."))
        for code in self:
            if code.state not in ("draft", *ACTIVE_STATES):
                raise UserError(_("Code %(name)s is %(state)s and cannot be revoked.",
                                  name=code.name, state=code.state))
            code._set_state("revoked", revoke_reason=reason)
        return True

    def action_unlock(self):
        """Supervisor unlock after too many failed identity or approval checks."""
        if not self.env.user.has_group("pickup_code.group_pickup_supervisor"):
            raise UserError(_("Only a pickup supervisor can unlock a code."))
        self.sudo().write({"locked_until": False, "failed_check_count": 0})
        for code in self:
            code.message_post(body=_("Unlocked by %(user)s.", user=self.env.user.name))
        return True

    def action_mark_ready(self):
        """Mark issued codes ready by hand (goods are at the point)."""
        for code in self:
            if code.state != "issued":
                raise UserError(_("Only issued codes can be marked ready."))
        self._set_ready()
        return True

    def action_view_attempts(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Scan attempts"),
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

    def _sync_ready(self, notify=True):
        """Move issued codes whose goods are at the point to ``ready``."""
        ready = self.filtered(lambda c: c.state == "issued" and c._is_goods_at_point())
        ready._set_ready(notify=notify)
        return ready

    def _set_ready(self, notify=True):
        now = fields.Datetime.now()
        moved = self.browse()
        for code in self:
            moved |= code._set_state("ready", ready_date=now,
                                     expiry_date=code._get_pickup_deadline(now))
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
            raise UserError(_("A delegate can only be named on the buyer's issued or ready code."))
        if not name or not phone:
            raise UserError(_("A delegate needs a name and a phone number."))
        from ..core import phone as phone_lib, policy
        region = (self.partner_id.country_id or self.company_id.country_id).code
        e164 = phone_lib.to_e164(phone, region)
        if not e164:
            raise UserError(_("%(phone)s is not a valid phone number.", phone=phone))
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
        self.message_post(body=_("Delegate %(name)s (%(relation)s) was given a code of their own.",
                                 name=name, relation=relation or "-"))
        delegate._notify_buyer("issued", now=True)
        return delegate
