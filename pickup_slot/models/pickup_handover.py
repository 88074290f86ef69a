from odoo import api, models


class PickupHandover(models.Model):
    _inherit = "pickup.handover"

    @api.model_create_multi
    def create(self, vals_list):
        handovers = super().create(vals_list)
        # The wait from "I'm here" to the hand-over is a KPI; the queue row goes away.
        handovers.entitlement_id._pickup_arrival_served()
        return handovers
