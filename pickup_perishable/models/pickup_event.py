from odoo import api, models


class PickupEvent(models.Model):
    _inherit = "pickup.event"

    @api.model_create_multi
    def create(self, vals_list):
        """Override: a temperature reading outside the goods' range raises an alert."""
        events = super().create(vals_list)
        readings = events.filtered(lambda e: e.has_temperature and e.code_id)
        if readings:
            readings.code_id.sudo()._pickup_check_temperature(readings)
        return events
