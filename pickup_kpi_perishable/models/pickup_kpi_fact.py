from odoo import models
from odoo.tools import SQL


class PickupKpiCodeFact(models.Model):
    _inherit = "pickup.kpi.code.fact"

    def _select_perishable(self):
        """Override of `pickup_kpi`: the spoilage KPI counts perishable codes (Odoo
        rebuilds the view when this addon is installed, as it inherits the model)."""
        return SQL("c.pickup_perishable")
