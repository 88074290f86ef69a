import json

import odoo
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


class CollectCommon(BridgeCommon):
    """The web shop's Click & Collect with two pickup points and a plain warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].browse(1)
        tw = cls.env.ref("base.tw")
        # Each store its own address: the selector names a store after its address partner.
        for store, street, lat in ((cls.point_a, "1 Zhongshan Rd", 25.04),
                                   (cls.point_b, "2 Taichung Port Rd", 24.15),
                                   (cls.central, "9 Warehouse Rd", 22.99)):
            store.partner_id = cls.env["res.partner"].create({
                "name": store.name, "street": street, "city": "Taipei", "zip": "100",
                "country_id": tw.id, "partner_latitude": lat, "partner_longitude": 121.5})
        cls.central.name = "Collect Central"
        cls.central.partner_id.name = "Collect Central"
        cls.fee = cls.env["product.product"].create({
            "name": "Pickup at a point", "type": "service", "list_price": 0})
        cls.env["delivery.carrier"].search([("delivery_type", "=", "in_store")]).write(
            {"is_published": False})
        cls.in_store = cls.env["delivery.carrier"].create({
            "name": "Pickup point", "delivery_type": "in_store", "product_id": cls.fee.id,
            "warehouse_ids": [Command.set((cls.point_a | cls.point_b | cls.central).ids)],
            "is_published": True,
        })
        cls.cake_web = cls.env["product.product"].create({
            "name": "Collect Test Cake", "is_storable": True, "list_price": 300,
            "is_published": True, "sale_ok": True})
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.cake_web, cls.point_a.lot_stock_id, 20)
        Quant._update_available_quantity(cls.cake_web, cls.central.lot_stock_id, 50)
        cls.env.ref("payment.payment_provider_demo").write({
            "state": "test", "is_published": True, "company_id": cls.website.company_id.id})
        cls.web_buyer = cls.env["res.partner"].create({
            "name": "Web Buyer", "email": "web.buyer@example.com", "mobile": "0912777888",
            "phone": "0912777888", "street": "5 Renai Rd", "city": "Taipei", "zip": "106",
            "country_id": tw.id})
        cls.portal_user = new_test_user(cls.env, "pk_collect_portal", groups="base.group_portal",
                                        partner_id=cls.web_buyer.id)

    def _cart(self, partner=None, store=None):
        """A web-shop cart of one cake with in-store pickup (at ``store`` if given)."""
        order = self.env["sale.order"].create({
            "partner_id": (partner or self.web_buyer).id, "website_id": self.website.id,
            "order_line": [Command.create({"product_id": self.cake_web.id,
                                           "product_uom_qty": 1})],
        })
        order.set_delivery_line(self.in_store, 0)
        if store:
            order._set_pickup_location(self._location_json(store))
        return order

    @staticmethod
    def _location_json(store):
        """What the store selector posts for ``store`` (its address, as delivery reads it)."""
        address = store.partner_id
        return json.dumps({
            "id": store.id, "name": address.name, "street": address.street,
            "city": address.city, "zip_code": address.zip,
            "country_code": address.country_id.code, "state": False})

    def _set_session(self, **values):
        """Put values in the test session (what the shop keeps there: the cart, the last
        order) as the browser's requests would."""
        self.session.update(values)
        odoo.http.root.session_store.save(self.session)
