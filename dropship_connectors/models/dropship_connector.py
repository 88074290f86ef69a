import json
import secrets
import time
from urllib.parse import quote

import requests

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# OAuth access tokens per connector, kept in memory only (never in the database).
_TOKEN_CACHE = {}


class DropshipConnector(models.Model):
    """A drop-ship vendor's system: where orders go and who may sign webhooks."""

    _name = "dropship.connector"
    _description = "Drop-ship vendor connector"
    _inherit = ["pickup.mail.sender.mixin"]

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", required=True)
    base_url = fields.Char("Base URL", required=True)
    auth_type = fields.Selection(
        [("api_key", "API key"), ("oauth2", "OAuth 2.0 client credentials")],
        default="api_key", required=True)
    timeout = fields.Float("Timeout (s)", default=10.0)
    warehouse_ids = fields.Many2many(
        "stock.warehouse", string="Pickup points served",
        domain="[('is_pickup_point', '=', True), ('company_id', '=', company_id)]")
    # Credentials: manager group only, never shown back in full.
    api_key = fields.Char(groups="pickup_code.group_pickup_manager", copy=False)
    webhook_secret = fields.Char(groups="pickup_code.group_pickup_manager", copy=False,
                                 default=lambda self: secrets.token_hex(32))
    previous_webhook_secret = fields.Char(groups="pickup_code.group_pickup_manager", copy=False)
    previous_secret_valid_until = fields.Datetime(groups="pickup_code.group_pickup_manager")
    webhook_secret_hint = fields.Char(compute="_compute_webhook_secret_hint")
    oauth_token_url = fields.Char("Token URL", groups="pickup_code.group_pickup_manager")
    oauth_client_id = fields.Char("Client ID", groups="pickup_code.group_pickup_manager")
    oauth_client_secret = fields.Char("Client secret", groups="pickup_code.group_pickup_manager",
                                      copy=False)
    field_mapping = fields.Json(
        "Field mapping", default=dict,
        help='Rename line keys for this vendor, e.g. {"sku": "item_code", "qty": "quantity"}.')
    vendor_user_ids = fields.Many2many(
        "res.users", string="Vendor API users",
        help="Users (with an API key) that redeem codes at the vendor's own counter; they only "
             "see the orders of this vendor.")
    job_ids = fields.One2many("dropship.job", "connector_id", string="Calls")
    event_ids = fields.One2many("dropship.event", "connector_id", string="Webhook deliveries")

    @api.constrains("base_url")
    def _check_base_url_is_http(self):
        for connector in self:
            if not (connector.base_url or "").startswith(("http://", "https://")):
                raise ValidationError(self.env._(
                    "The base URL must start with http:// or https://."))

    @api.constrains("timeout")
    def _check_timeout_positive(self):
        if any(connector.timeout <= 0 for connector in self):
            raise ValidationError(self.env._("The timeout must be positive."))

    def _compute_webhook_secret_hint(self):
        for connector in self:
            # Sudo: only the last 4 characters are shown, to recognise the secret.
            secret = connector.sudo().webhook_secret or ""
            connector.webhook_secret_hint = ("…" + secret[-4:]) if secret else ""

    def action_rotate_webhook_secret(self, grace_hours=24):
        """New secret now; the old one stays valid for ``grace_hours``."""
        for connector in self.sudo():
            connector.write({
                "previous_webhook_secret": connector.webhook_secret,
                "previous_secret_valid_until": fields.Datetime.add(
                    fields.Datetime.now(), hours=grace_hours),
                "webhook_secret": secrets.token_hex(32),
            })
            connector.message_post(body=self.env._("Webhook secret rotated; the previous one stays "
                                          "valid for %(hours)s hours.", hours=grace_hours))
        return True

    def _get_auth_headers(self):
        """Bearer header for the vendor: the API key, or an OAuth 2.0 client-credentials token."""
        self.ensure_one()
        connector = self.sudo()
        if connector.auth_type == "api_key":
            return {"Authorization": "Bearer %s" % (connector.api_key or "")}
        cached = _TOKEN_CACHE.get(connector.id)
        if not cached or cached[1] < time.time() + 30:
            answer = requests.post(connector.oauth_token_url, data={
                "grant_type": "client_credentials", "client_id": connector.oauth_client_id,
                "client_secret": connector.oauth_client_secret,
            }, timeout=connector.timeout)
            answer.raise_for_status()
            token = answer.json()
            cached = (token["access_token"], time.time() + float(token.get("expires_in", 300)))
            _TOKEN_CACHE[connector.id] = cached
        return {"Authorization": "Bearer %s" % cached[0]}

    def _map_payload(self, payload):
        """Apply the vendor's field mapping to the order lines."""
        mapping = self.field_mapping or {}
        if not mapping or not payload.get("lines"):
            return payload
        lines = [{mapping.get(key, key): value for key, value in line.items()}
                 for line in payload["lines"]]
        return dict(payload, lines=lines)

    def _send(self, kind, payload, idempotency_key, order_ref):
        """One HTTP call to the vendor.

        :return: (HTTP status, decoded JSON body or {})
        :raises requests.exceptions.RequestException: on network errors and timeouts
        """
        self.ensure_one()
        base = self.base_url.rstrip("/")
        url = base + ("/orders" if kind == "order"
                      else "/orders/%s/%s" % (quote(order_ref, safe=""), kind))
        headers = dict(self._get_auth_headers(), **{
            "Idempotency-Key": idempotency_key, "Content-Type": "application/json"})
        answer = requests.post(url, data=json.dumps(self._map_payload(payload or {})),
                               headers=headers, timeout=self.timeout)
        try:
            body = answer.json()
        except ValueError:
            body = {}
        return answer.status_code, body if isinstance(body, dict) else {}

    def _get_valid_webhook_secrets(self):
        """:return: list of bytes, current first (sudo: credentials are manager-only)."""
        self.ensure_one()
        connector = self.sudo()
        valid = [connector.webhook_secret.encode()]
        if connector.previous_webhook_secret and connector.previous_secret_valid_until \
                and connector.previous_secret_valid_until > fields.Datetime.now():
            valid.append(connector.previous_webhook_secret.encode())
        return valid
