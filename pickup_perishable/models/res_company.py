from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    pickup_perishable_window_hours = fields.Integer(
        "Perishables: pickup window (hours)", default=24,
        help="Hours to collect perishable goods whose product or category sets no window.")

    @api.constrains("pickup_perishable_window_hours")
    def _check_pickup_perishable_window_hours(self):
        if any(company.pickup_perishable_window_hours < 1 for company in self):
            raise ValidationError(self.env._(
                "The pickup window of perishables must be at least 1 hour."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pickup_perishable_window_hours = fields.Integer(
        related="company_id.pickup_perishable_window_hours", readonly=False)
