from odoo import fields, models


class PickupAnomaly(models.Model):
    _inherit = "pickup.anomaly"

    anomaly_type = fields.Selection(
        selection_add=[
            ("perishable_overdue", "Perishable parcel waiting too long"),
            ("temperature_excursion", "Temperature out of range"),
            ("delivery_late", "Delivery late"),
        ],
        ondelete={"perishable_overdue": "cascade", "temperature_excursion": "cascade",
                  "delivery_late": "cascade"})
