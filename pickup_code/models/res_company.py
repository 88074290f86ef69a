from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import limits
from ..core import sms


class ResCompany(models.Model):
    _inherit = "res.company"

    pickup_issue_trigger = fields.Selection(
        [("paid", "When the order is paid"), ("confirmed", "When the order is confirmed")],
        string="Issue pickup codes",
        default="paid",
        required=True,
    )
    pickup_window_days = fields.Integer(
        "Pickup window (days)", default=7, help="Days a buyer has to collect once goods are ready."
    )
    pickup_reminder_days = fields.Integer(
        "Reminder before expiry (days)", default=2,
    )
    pickup_lockout_threshold = fields.Integer(
        "Failed checks before lockout", default=limits.LOCKOUT_THRESHOLD,
    )
    pickup_lockout_minutes = fields.Integer("Lockout (minutes)", default=limits.LOCKOUT_MINUTES)
    pickup_rate_limit = fields.Integer(
        "Failed scans per station per minute", default=limits.RATE_LIMIT_PER_MINUTE,
    )
    pickup_sms_enabled = fields.Boolean("Send codes by SMS", default=True)
    # See models/pickup_handover_transfer.py: why a pickup day at scale validates later.
    pickup_transfer_timing = fields.Selection(
        [("counter", "At the counter, with the hand-over"),
         ("batch", "Right after, in batches")],
        string="Validate transfers", default="counter", required=True,
        help="In batches: a full hand-over only records what was handed over and the "
             "deliveries are validated one after the other in the background within a "
             "minute, so counters handing over the same product never wait on each other. "
             "A partial hand-over is always validated at the counter.")
    pickup_offline_qr = fields.Boolean(
        "Offline-verifiable QR",
        help="The buyer's QR holds a token signed by the server (Ed25519): the counter "
             "screen shows whether it is authentic before (or without) asking the server, "
             "which still decides whether it may be handed over. A rotating QR (high-value "
             "orders) keeps its changing code.")
    # SMS are billed per segment: by default only the news a buyer acts on (goods ready)
    # goes by SMS; the code itself is in the e-mail and on the portal from the start.
    pickup_sms_notices = fields.Selection(
        [("ready", "Goods ready"), ("ready_reminder", "Goods ready and reminder"),
         ("all", "Every notice (code issued, goods ready, reminder)")],
        string="Notices by SMS", default=sms.DEFAULT_SMS_NOTICES, required=True,
        help="Which notices go by SMS as well as by e-mail. Re-sends, regenerated codes and "
             "delegates' codes always go by SMS.")

    @api.constrains(
        "pickup_window_days", "pickup_reminder_days", "pickup_lockout_threshold",
        "pickup_lockout_minutes", "pickup_rate_limit",
    )
    def _check_pickup_limits_positive(self):
        for company in self:
            if min(company.pickup_window_days, company.pickup_lockout_threshold,
                   company.pickup_lockout_minutes, company.pickup_rate_limit) < 1:
                raise ValidationError(self.env._(
                    "Pickup window, lockout and rate limit settings must be at least 1."
                ))
            if not 0 <= company.pickup_reminder_days < company.pickup_window_days:
                raise ValidationError(self.env._(
                    "The reminder must be sent before the pickup window ends "
                    "(between 0 and %(days)s days).", days=company.pickup_window_days - 1,
                ))
