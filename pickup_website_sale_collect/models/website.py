from odoo import models


class Website(models.Model):
    _inherit = "website"

    def _get_max_in_store_product_available_qty(self, product):
        """Override of `website_sale_collect`: the stock a product page announces for
        Click & Collect is the stock at the stores the selector offers."""
        method = self.sudo().in_store_dm_id
        if not method:
            return super()._get_max_in_store_product_available_qty(product)
        return max([product.with_context(warehouse_id=store.id).free_qty
                    for store in method._pickup_collect_stores()], default=0)
