from odoo import Command

from odoo.addons.pickup_code.tests.common import PickupCommon


class BridgeCommon(PickupCommon):
    """Adds a central warehouse and an empty pickup point that goods must travel to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Warehouse = cls.env["stock.warehouse"]
        cls.central = Warehouse.create({"name": "Central", "code": "CEN"})
        cls.empty_point = Warehouse.create({
            "name": "Empty point", "code": "EPT", "is_pickup_point": True,
            "pickup_return_warehouse_id": cls.central.id})
        cls.counter_a.pickup_warehouse_ids |= cls.empty_point
        cls.supervisor.pickup_warehouse_ids |= cls.empty_point
        cls.vendor = cls.env["res.partner"].create({"name": "Parcel vendor"})

    def _receipt(self, point, lines, origin=None, parcel_ref=None):
        """An incoming transfer to ``point`` (a parcel on its way), confirmed."""
        picking = self.env["stock.picking"].create({
            "picking_type_id": point.in_type_id.id,
            "partner_id": self.vendor.id,
            "location_id": self.env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": point.lot_stock_id.id,
            "origin": origin,
            "pickup_parcel_ref": parcel_ref,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": point.lot_stock_id.id,
            }) for product, qty in lines],
        })
        picking.action_confirm()
        return picking
