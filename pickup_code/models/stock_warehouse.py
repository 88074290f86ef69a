from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    is_pickup_point = fields.Boolean(
        "Pickup point", help="Buyers collect their orders here with a pickup code.")
    pickup_hours = fields.Char("Opening hours", translate=True)
    pickup_user_ids = fields.Many2many(
        "res.users", "pickup_warehouse_users_rel", "warehouse_id", "user_id",
        string="Counter staff",
    )
