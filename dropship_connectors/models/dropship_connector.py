import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class DropshipConnector(models.Model):
    """A drop-ship vendor's system: where orders go and who may sign webhooks."""

    _name = "dropship.connector"
    _description = "Drop-ship vendor connector"
    _inherit = ["mail.thread"]

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

    @api.constrains("base_url")
    def _check_base_url_is_http(self):
        for connector in self:
            if not (connector.base_url or "").startswith(("http://", "https://")):
                raise ValidationError(_("The base URL must start with http:// or https://."))

    @api.constrains("timeout")
    def _check_timeout_positive(self):
        if any(connector.timeout <= 0 for connector in self):
            raise ValidationError(_("The timeout must be positive."))

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
            connector.message_post(body=_("Webhook secret rotated; the previous one stays "
                                          "valid for %(hours)s hours.", hours=grace_hours))
        return True

    def _get_valid_webhook_secrets(self):
        """:return: list of bytes, current first (sudo: credentials are manager-only)."""
        self.ensure_one()
        connector = self.sudo()
        valid = [connector.webhook_secret.encode()]
        if connector.previous_webhook_secret and connector.previous_secret_valid_until \
                and connector.previous_secret_valid_until > fields.Datetime.now():
            valid.append(connector.previous_webhook_secret.encode())
        return valid
