"""``pickup.code``: its secrets — pepper, derived keys, the credentials, signed tokens, the
portal token and short links. Nothing here is stored in clear (see README, Security notes)."""

import hashlib
import hmac
import secrets

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..const import ACTIVE_STATES
from ..core import credential, derivation, link_token, signed_token

PEPPER_PARAM = "pickup_code.pepper"
# A signed token issued before the goods are ready lasts the window plus this many days.
TOKEN_GRACE_DAYS = 30


class PickupCode(models.Model):
    """The code's secrets and the links derived from them."""

    _inherit = "pickup.code"

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

    # === PORTAL TOKEN AND SHORT LINKS === #

    @api.depends_context("uid")
    def _compute_access_token(self):
        """The portal token is derived (pepper + QR hash), never stored. It opens the buyer's
        page, code included, so only the system (portal controllers, mail rendering: sudo),
        administrators and the buyer themselves get it: a non-stored compute runs without
        record rules, and Odoo's public ``get_portal_url`` would hand it to any logged-in user
        or clerk."""
        pepper = self._get_pepper()
        partner = self.env.user.partner_id
        for code in self:
            buyer = code.sudo().partner_id
            allowed = self.env.su or self.env.is_system() or (partner and buyer == partner)
            code.access_token = bool(code.id and allowed) and credential.keyed_hash(
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
