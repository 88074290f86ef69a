"""The store chosen at checkout is the order's pickup point; only pickup points can be chosen;
the confirmation page shows no code before the payment."""
from odoo.exceptions import ValidationError
from odoo.tests import JsonRpcException, tagged

from odoo.addons.pickup_code.core.credential import format_short_code
from odoo.addons.website.tools import MockRequest

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestCollectCheckout(CollectCommon):

    def test_chosen_store_is_the_pickup_point_of_order_and_lines(self):
        order = self._cart(store=self.point_a)
        self.assertEqual(order.warehouse_id, self.point_a)
        goods = order.order_line.filtered(lambda line: line.product_id == self.cake_web)
        self.assertEqual(goods.pickup_warehouse_id, self.point_a)
        self.assertEqual(goods.warehouse_id, self.point_a)
        fee = order.order_line - goods
        self.assertFalse(fee.pickup_warehouse_id, "the delivery line is no goods")
        self.assertEqual(order._pickup_get_points(), self.point_a)
        # Another choice moves order and lines; leaving in-store pickup clears the lines.
        order._set_pickup_location(self._location_json(self.point_b))
        self.assertEqual(goods.pickup_warehouse_id, self.point_b)
        self.assertEqual(order._pickup_get_points(), self.point_b)
        standard = self.env["delivery.carrier"].create({
            "name": "Home delivery", "product_id": self.fee.id, "delivery_type": "fixed"})
        order.set_delivery_line(standard, 0)
        self.assertFalse(goods.pickup_warehouse_id)

    def test_a_line_added_after_the_choice_is_collected_there_too(self):
        order = self._cart(store=self.point_a)
        line = self.env["sale.order.line"].create({
            "order_id": order.id, "product_id": self.cake.id, "product_uom_qty": 1})
        order.with_context(send_email=False).action_confirm()
        self.assertEqual(line.pickup_warehouse_id, self.point_a)
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.point_a)

    def test_a_store_that_is_no_pickup_point_is_refused(self):
        order = self._cart()
        with self.assertRaises(ValidationError):
            order._set_pickup_location(self._location_json(self.central))
        # A pickup point the method does not offer (a forged id) neither.
        other = self.env["stock.warehouse"].create({
            "name": "Not offered", "code": "NOF", "is_pickup_point": True})
        with self.assertRaises(ValidationError):
            order._set_pickup_location(self._location_json(other))
        with self.assertRaises(ValidationError):
            order._set_pickup_location('{"id": "x"}')
        self.assertFalse(order.pickup_location_data)
        # A store that stops being a pickup point after the choice: no payment.
        order._set_pickup_location(self._location_json(self.point_b))
        self.point_b.is_pickup_point = False
        with self.assertRaises(ValidationError):
            order._check_cart_is_ready_to_be_paid()

    def test_posting_a_store_that_is_no_pickup_point_is_refused(self):
        """What a forged request to the shop's routes gets: an error, the order unchanged."""
        order = self._cart(partner=self.env.ref("base.public_partner"))
        self.authenticate(None, None)
        self._set_session(sale_order_id=order.id)
        for route in ("/website_sale/set_pickup_location",
                      "/shop/set_click_and_collect_location"):
            with self.assertRaises(JsonRpcException) as caught, \
                    self.assertLogs("odoo.http", "WARNING"):
                self.make_jsonrpc_request(route, {
                    "pickup_location_data": self._location_json(self.central)})
            self.assertIn("ValidationError", str(caught.exception))
        self.make_jsonrpc_request("/website_sale/set_pickup_location", {
            "pickup_location_data": self._location_json(self.point_a)})
        order.invalidate_recordset()
        self.assertEqual(order.pickup_location_data["id"], self.point_a.id)
        self.assertEqual(order._pickup_get_points(), self.point_a)

    def test_the_selector_lists_pickup_points_only(self):
        order = self._cart()
        with MockRequest(self.env, website=self.website, sale_order_id=order.id):
            locations = order._get_pickup_locations()["pickup_locations"]
        self.assertEqual({loc["id"] for loc in locations}, {self.point_a.id, self.point_b.id})
        # A point's pickup calendar gives the selector its hours.
        self.point_a.pickup_calendar_id = self.env.ref("resource.resource_calendar_std")
        with MockRequest(self.env, website=self.website, sale_order_id=order.id):
            locations = order._get_pickup_locations()["pickup_locations"]
        hours = {loc["id"]: loc["opening_hours"] for loc in locations}
        self.assertEqual(hours[self.point_a.id]["0"], ["08:00 - 12:00", "13:00 - 17:00"])
        self.assertEqual(hours[self.point_a.id]["6"], [], "closed on Sunday")
        self.assertEqual(hours[self.point_b.id], {}, "no calendar, no hours")
        # Odoo's plain Click & Collect (a method without pickup points) is left as it was.
        self.in_store.warehouse_ids = self.central
        with MockRequest(self.env, website=self.website, sale_order_id=order.id):
            locations = order._get_pickup_locations()["pickup_locations"]
        self.assertEqual([loc["id"] for loc in locations], [self.central.id])
        order._set_pickup_location(self._location_json(self.central))
        self.assertFalse(order._pickup_get_points(), "no pickup point, no code")

    def test_no_code_on_the_confirmation_page_before_payment(self):
        # The company issues codes on confirmation: an order confirmed unpaid has a code.
        order = self._cart(partner=self.web_buyer, store=self.point_a)
        order.action_confirm()
        code = self._code_of(order)
        self.assertEqual(code.state, "ready")
        self.assertFalse(order._pickup_collect_shown_codes())
        self.authenticate(None, None)
        self._set_session(sale_last_order_id=order.id)
        html = self.url_open("/shop/confirmation").text
        self.assertIn("pickup-collect-waiting", html)
        self.assertNotIn("pickup-qr", html)
        self.assertNotIn(format_short_code(self._short(code)), html)
        # Paid: the code is shown.
        order.transaction_ids = self.env["payment.transaction"].sudo().create({
            "provider_id": self.env.ref("payment.payment_provider_demo").id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order.amount_total, "currency_id": order.currency_id.id,
            "partner_id": order.partner_id.id, "reference": "COLLECT-TEST-1", "state": "done"})
        self.assertEqual(order._pickup_collect_shown_codes(), code)
        html = self.url_open("/shop/confirmation").text
        self.assertIn("pickup-qr", html)
        self.assertIn("<svg", html, "the QR is markup, not escaped text")
