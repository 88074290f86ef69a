from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.pickup_code.tests.browser import ScreensMixin, open_page, save_screenshot
from odoo.addons.sms.tests.common import SMSCase

COUNTER_URL = "/odoo/action-stock_pickup_bridge.action_pickup_counter"
DESKTOP = (1280, 860)


@tagged("post_install", "-at_install")
class TestPayAtPointCounter(ScreensMixin, SMSCase):
    """The counter in a real browser: a pay-at-pickup order is refused with the amount due
    and the shelf, the clerk takes the cash, the order is handed over."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.pickup_issue_trigger = "paid"
        cls.point = env["stock.warehouse"].create({
            "name": "Pay tour point", "code": "PAYT", "is_pickup_point": True})
        cls.shelf = env["stock.location"].create({
            "name": "C-03", "usage": "internal", "location_id": cls.point.lot_stock_id.id})
        cls.product = env["product.product"].create({
            "name": "Pay tour pineapple cake", "is_storable": True, "list_price": 350,
            "taxes_id": [Command.clear()]})
        cls.buyer = env["res.partner"].create({
            "name": "Pay Buyer", "mobile": "0912345678", "email": "pay.buyer@example.com"})
        cls.clerk = new_test_user(
            env, "pay_clerk", groups="pickup_code.group_pickup_counter,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(cls.point.ids)], lang="zh_TW")

    def _pay_order_on_shelf(self):
        order = self.env["sale.order"].create({
            "partner_id": self.buyer.id, "warehouse_id": self.point.id,
            "pickup_pay_at_point": True,
            "order_line": [Command.create({"product_id": self.product.id,
                                           "product_uom_qty": 2})],
        })
        supplier = self.env.ref("stock.stock_location_suppliers")
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
            receipt = self.env["stock.picking"].create({
                "picking_type_id": self.point.in_type_id.id,
                "location_id": supplier.id, "location_dest_id": self.point.lot_stock_id.id,
                "origin": order.name, "pickup_parcel_ref": "TRK-PAY-%s" % order.id,
                "pickup_shelf_id": self.shelf.id,
                "move_ids": [Command.create({
                    "name": self.product.name, "product_id": self.product.id,
                    "product_uom_qty": 2, "product_uom": self.product.uom_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": self.point.lot_stock_id.id})],
            })
            receipt.action_confirm()
            receipt.action_pickup_scan_in()
        code = order.pickup_code_ids
        self.assertEqual(code.state, "ready")
        self.assertEqual(order.pickup_amount_due, 700)
        return order, code

    def test_pay_at_pickup_tour(self):
        order, code = self._pay_order_on_shelf()
        self.env["ir.config_parameter"].sudo().set_param(
            "stock_pickup_bridge.tour_code", code._get_credentials().short_code)
        self.start_tour(COUNTER_URL, "pickup_pay_at_point_tour", login="admin")
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
        payment = self.env["pickup.payment"].search([("sale_order_id", "=", order.id)])
        self.assertEqual((payment.amount, payment.method), (700, "cash"))

    def test_counter_screen_shows_shelf_and_amount_due(self):
        """The clerk's screen (zh_TW, no accounting rights) before the payment; with
        ``PICKUP_SCREENSHOTS=1`` it is written to static/description/."""
        _order, code = self._pay_order_on_shelf()
        short = code._get_credentials().short_code
        with open_page(self, COUNTER_URL, login=self.clerk.login, size=DESKTOP) as page:
            self._wait_for(page, ".o_pickup_counter_input")
            page.eval("(() => { const input = document.querySelector('.o_pickup_counter_input');"
                      " input.value = '%s'; input.dispatchEvent(new Event('input', "
                      "{bubbles: true})); input.dispatchEvent(new KeyboardEvent('keydown', "
                      "{key: 'Enter', bubbles: true})); })()" % short)
            self._wait_for(page, ".o_pickup_counter_verdict[data-reason='payment_required']")
            self._wait_for(page, ".o_pickup_counter_pay_cash")
            self._wait_for(page, "body:not(:has(.o_loading_indicator))")
            text = page.eval("document.querySelector('.o_pickup_counter_verdict').innerText")
            self.assertIn("C-03", text)
            self.assertIn("700", text)
            save_screenshot(__file__, "counter_pay_at_point_zh_TW.png", page.screenshot())
            # The clerk (no accounting rights) takes the cash on the screen.
            page.eval("document.querySelector('.o_pickup_counter_pay_cash').click()")
            self._wait_for(page, ".o_pickup_counter_verdict[data-reason='ok']"
                                 "[data-action='verify']")
            self._wait_for(page, ".o_pickup_counter_redeem")
            page.eval("document.querySelector('.o_pickup_counter_redeem').click()")
            self._wait_for(page, ".o_pickup_counter_verdict[data-action='redeem']"
                                 "[data-colour='green']")
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
        payment = self.env["account.payment"].search([("pickup_point_id", "=", self.point.id)])
        self.assertEqual(payment.pickup_clerk_id, self.clerk)
        # The day's cash-up, as the clerk (no Sales or Accounting rights) opens it.
        order_name = code.sale_order_id.name
        with open_page(self, "/odoo/action-pickup_pay_at_point.pickup_payment_action",
                       login=self.clerk.login, size=DESKTOP) as page:
            self._wait_for(page, ".o_list_view .o_group_header")
            page.eval("document.querySelector('.o_group_header').click(); true")
            self._wait_for(page, ".o_list_view .o_group_header ~ .o_group_header, "
                                 ".o_list_view .o_data_row")
            page.eval("[...document.querySelectorAll('.o_group_header')].forEach("
                      "(h) => !h.classList.contains('o_group_open') && h.click()); true")
            self._wait_for(page, ".o_list_view .o_data_row")
            self._wait_for(page, "body:not(:has(.o_loading_indicator))")
            text = page.eval("document.querySelector('.o_list_view').innerText")
            self.assertIn(order_name, text)
            self.assertIn("700", text)
            save_screenshot(__file__, "cash_up_zh_TW.png", page.screenshot())
