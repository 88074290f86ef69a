from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _pickup_get_points(self):
        """Override of `pickup_code`: an order whose lines go to several points gets one code
        per point (each with the transfer that leaves from it)."""
        points = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        ).warehouse_id.filtered("is_pickup_point")
        return points or super()._pickup_get_points()


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    pickup_warehouse_id = fields.Many2one(
        "stock.warehouse", string="Pickup at",
        domain="[('is_pickup_point', '=', True), ('company_id', '=', company_id)]",
        help="Collect this line at another pickup point than the order's.")

    @api.depends("pickup_warehouse_id")
    def _compute_warehouse_id(self):
        """Override of `sale_stock`: a line's own pickup point decides where it ships from."""
        res = super()._compute_warehouse_id()
        for line in self.filtered("pickup_warehouse_id"):
            line.warehouse_id = line.pickup_warehouse_id
        return res
