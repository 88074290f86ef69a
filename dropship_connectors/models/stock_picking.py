from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dropship_arrived_date = fields.Datetime(
        "Arrived at pickup point", readonly=True, copy=False,
        help="Set by the vendor's 'arrived' event: the drop-shipped goods wait at the point.")
