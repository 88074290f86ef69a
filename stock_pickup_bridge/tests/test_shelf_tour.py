from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.sms.tests.common import SMSCase

COUNTER_URL = "/odoo/action-stock_pickup_bridge.action_pickup_counter"


@tagged("post_install", "-at_install")
class TestShelfTour(SMSCase):
    """The counter in a real browser tells the clerk which shelf to fetch the parcel from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.pickup_issue_trigger = "confirmed"
        cls.point = env["stock.warehouse"].create({
            "name": "Shelf tour point", "code": "SHLF", "is_pickup_point": True})
        cls.shelf = env["stock.location"].create({
            "name": "B-07", "usage": "internal", "location_id": cls.point.lot_stock_id.id})
        cls.product = env["product.product"].create({
            "name": "Shelf tour tea box", "is_storable": True, "list_price": 90})
        cls.buyer = env["res.partner"].create({
            "name": "Shelf Buyer", "mobile": "0912345678", "email": "shelf.buyer@example.com"})
        cls.clerk = new_test_user(
            env, "shelf_clerk", groups="pickup_code.group_pickup_counter,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(cls.point.ids)])

    def _parcel_on_shelf(self):
        """An order whose parcel was scanned in onto shelf B-07: :return: its code."""
        order = self.env["sale.order"].create({
            "partner_id": self.buyer.id, "warehouse_id": self.point.id,
            "order_line": [Command.create({"product_id": self.product.id,
                                           "product_uom_qty": 1})],
        })
        supplier = self.env.ref("stock.stock_location_suppliers")
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
            receipt = self.env["stock.picking"].create({
                "picking_type_id": self.point.in_type_id.id,
                "location_id": supplier.id, "location_dest_id": self.point.lot_stock_id.id,
                "origin": order.name, "pickup_parcel_ref": "TRK-TOUR-SHELF",
                "move_ids": [Command.create({
                    "name": self.product.name, "product_id": self.product.id,
                    "product_uom_qty": 1, "product_uom": self.product.uom_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": self.point.lot_stock_id.id})],
            })
            receipt.action_confirm()
            self.env["pickup.counter"].with_user(self.clerk).scan_in(
                "TRK-TOUR-SHELF", "SHLF", shelf="B-07")
        code = order.pickup_code_ids
        self.assertEqual(code.state, "ready")
        self.assertEqual(code.entitlement_id.package_id.location_id, self.shelf)
        return code

    def test_hand_over_shows_the_shelf(self):
        code = self._parcel_on_shelf()
        self.env["ir.config_parameter"].sudo().set_param(
            "stock_pickup_bridge.tour_code", code._get_credentials().short_code)
        self.start_tour(COUNTER_URL, "pickup_shelf_tour", login="admin")
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
        self.assertFalse(self.env["stock.quant"].search([
            ("location_id", "=", self.shelf.id), ("quantity", ">", 0)]))
