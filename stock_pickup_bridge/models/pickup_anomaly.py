from odoo import fields, models


class PickupAnomaly(models.Model):
    """The stock side's anomaly types; raised through ``pickup.anomaly._raise*``."""

    _inherit = "pickup.anomaly"

    anomaly_type = fields.Selection(
        selection_add=[("inventory_mismatch", "Inventory count differs"),
                       ("parcel_stock_mismatch", "Waiting parcels do not match stock")],
        ondelete={"inventory_mismatch": "cascade", "parcel_stock_mismatch": "cascade"})
