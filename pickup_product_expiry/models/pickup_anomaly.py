from odoo import fields, models


class PickupAnomaly(models.Model):
    _inherit = "pickup.anomaly"

    anomaly_type = fields.Selection(
        selection_add=[("goods_expired", "Goods expired before pickup")],
        ondelete={"goods_expired": "cascade"})
