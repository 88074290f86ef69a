from odoo import fields, models


class PickupEntitlement(models.Model):
    _inherit = "pickup.entitlement"

    # Goods for one entitlement travel as one package (a parcel labelled with the order):
    # scan-in packs what arrives for the order into it, the hand-over takes from it. Each
    # entitlement's goods are then a quant row of their own, so hand-overs of the same
    # product at one point do not queue behind one shared quant.
    package_id = fields.Many2one(
        "stock.quant.package", string="Parcel", readonly=True, copy=False, index="btree_not_null",
        help="The package holding this order's goods at the pickup point (its label names "
             "the order).")

    def _pickup_get_package(self):
        """The entitlement's parcel, made on first use (named after the order and point)."""
        self.ensure_one()
        if not self.package_id:
            self.sudo().package_id = self.env["stock.quant.package"].sudo().create({
                "name": "%s-%s" % (self.sale_order_id.name, self.warehouse_id.code),
                "company_id": self.company_id.id,
            })
        return self.package_id

    def _pickup_point_moves(self, point_stock):
        """Open moves of this entitlement's order that take goods out of the point's stock."""
        self.ensure_one()
        code = self.code_ids.filtered(lambda c: not c.parent_id)[:1] or self.code_ids[:1]
        return code._get_outgoing_pickings().move_ids._pickup_point_stock_moves(point_stock)
