from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pickup_issue_trigger = fields.Selection(
        related="company_id.pickup_issue_trigger", readonly=False)
    pickup_window_days = fields.Integer(related="company_id.pickup_window_days", readonly=False)
    pickup_reminder_days = fields.Integer(
        related="company_id.pickup_reminder_days", readonly=False)
    pickup_lockout_threshold = fields.Integer(
        related="company_id.pickup_lockout_threshold", readonly=False)
    pickup_lockout_minutes = fields.Integer(
        related="company_id.pickup_lockout_minutes", readonly=False)
    pickup_rate_limit = fields.Integer(related="company_id.pickup_rate_limit", readonly=False)
    pickup_sms_enabled = fields.Boolean(related="company_id.pickup_sms_enabled", readonly=False)
    pickup_offline_qr = fields.Boolean(related="company_id.pickup_offline_qr", readonly=False)
    pickup_transfer_timing = fields.Selection(related="company_id.pickup_transfer_timing",
                                              readonly=False)
    pickup_sms_notices = fields.Selection(related="company_id.pickup_sms_notices", readonly=False)
