from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    pickup_id_photo_retention_days = fields.Integer(
        "Keep ID photos for (days)", default=0,
        help="Days a photo of the collector's ID document taken at the counter is kept on the "
             "hand-over, then deleted. 0: ID photos are never kept.")

    @api.constrains("pickup_id_photo_retention_days")
    def _check_pickup_id_photo_retention_days(self):
        if any(not 0 <= company.pickup_id_photo_retention_days <= 3650 for company in self):
            raise ValidationError(self.env._(
                "ID photos are kept between 0 (not kept) and 3650 days; adjust the setting."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pickup_id_photo_retention_days = fields.Integer(
        related="company_id.pickup_id_photo_retention_days", readonly=False)
