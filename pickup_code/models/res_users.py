from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    pickup_warehouse_ids = fields.Many2many(
        "stock.warehouse", "pickup_warehouse_users_rel", "user_id", "warehouse_id",
        string="Pickup points",
        help="Counter staff see and redeem only the codes of these pickup points.",
    )
