from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    pickup_volume = fields.Float(
        "Pickup volume (units)", default=1.0, digits=(16, 2),
        help="Room one unit takes at a pickup point whose slots count volume (crates, chilled "
             "shelf space): a slot holds the point's capacity in these units.")
