from odoo import models
from odoo.tools import float_is_zero


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _apply_inventory(self):
        """Override: a count at a pickup point that differs from the system raises one
        inventory anomaly per point (庫存異常) for its supervisor."""
        counted = self.filtered(lambda q: q.inventory_quantity_set
                                and q.location_id.warehouse_id.is_pickup_point)
        differences = [(q.location_id.warehouse_id, q.product_id, q.location_id,
                        q.inventory_quantity, q.quantity) for q in counted
                       if not float_is_zero(q.inventory_diff_quantity,
                                             precision_rounding=q.product_uom_id.rounding)]
        res = super()._apply_inventory()
        Anomaly = self.env["pickup.anomaly"]
        for point in {d[0] for d in differences}:
            lines = [
                self.env._("%(product)s at %(location)s: counted %(counted)s, system %(system)s",
                           product=product.display_name, location=location.display_name,
                           counted=counted_qty, system=system_qty)
                for wh, product, location, counted_qty, system_qty in differences if wh == point
            ]
            Anomaly._raise_for_point(point, "inventory_mismatch", "\n".join(lines))
        return res
