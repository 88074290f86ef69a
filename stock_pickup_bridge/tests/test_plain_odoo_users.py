"""Installing our addons changes nothing for Odoo users outside the Pickup groups.

Each test drives one standard operation (confirm, reserve, validate with and without a
backorder, return, receipt into a point, inventory count) as a plain Sales or Inventory user
on an order that carries a pickup code, and checks that the operation works and that the
system still did its pickup part (codes issued or ready) without the user seeing any of it.
"""

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import BridgeCommon


@tagged("post_install", "-at_install")
class TestPlainOdooUsers(BridgeCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, "plain_sales",
                                     groups="sales_team.group_sale_salesman")
        cls.stock_user = new_test_user(cls.env, "plain_stock", groups="stock.group_stock_user")
        for user in (cls.salesman, cls.stock_user):
            assert not user.has_group("pickup_code.group_pickup_user"), "must be outside Pickup"

    def _order_as_salesman(self, qty=2, point=None):
        with self.mockSMSGateway(sms_allow_unlink=True):
            form = Form(self.env["sale.order"].with_user(self.salesman))
            form.partner_id = self.buyer
            form.warehouse_id = point or self.point_a
            with form.order_line.new() as line:
                line.product_id = self.cake
                line.product_uom_qty = qty
            order = form.save()
            order.action_confirm()
            self._send_queued_notifications()
        return order

    def _delivery(self, order):
        return order.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel"))

    def test_salesman_confirms_and_the_code_is_issued_unseen(self):
        order = self._order_as_salesman()
        code = self._code_of(order.sudo())
        self.assertEqual(code.state, "ready", "goods wait at the point: the code is ready")
        with self.assertRaises(AccessError):
            self.env["pickup.code"].with_user(self.salesman).browse(code.id).read(["name"])
        # The order form still opens for the salesman (our fields are behind Pickup groups).
        Form(order)

    def test_stock_user_validates_with_backorder_and_without(self):
        order = self._order_as_salesman(qty=3)
        delivery = self._delivery(order).with_user(self.stock_user)
        delivery.action_assign()
        delivery.move_ids.write({"quantity": 1, "picked": True})
        wizard = Form.from_action(self.env, delivery.button_validate()).save()
        wizard.with_user(self.stock_user).process()
        self.assertEqual(delivery.state, "done")
        backorder = self._delivery(order).with_user(self.stock_user)
        self.assertEqual(backorder.backorder_id, delivery)
        backorder.action_assign()
        backorder.move_ids.write({"quantity": 2, "picked": True})
        self.assertIs(backorder.button_validate(), True)
        self.assertEqual(backorder.state, "done")

    def test_stock_user_returns_a_delivery(self):
        order = self._order_as_salesman()
        delivery = self._delivery(order).with_user(self.stock_user)
        delivery.move_ids.write({"quantity": 2, "picked": True})
        delivery.button_validate()
        wizard = Form(self.env["stock.return.picking"].with_user(self.stock_user).with_context(
            active_id=delivery.id, active_model="stock.picking")).save()
        wizard.product_return_moves.write({"quantity": 2})
        returned = self.env["stock.picking"].with_user(self.stock_user).browse(
            wizard.action_create_returns()["res_id"])
        returned.move_ids.write({"quantity": 2, "picked": True})
        returned.button_validate()
        self.assertEqual(returned.state, "done")

    def test_stock_user_receives_goods_at_an_empty_point(self):
        order = self._order_as_salesman(point=self.empty_point)
        code = self._code_of(order.sudo())
        self.assertEqual(code.state, "issued", "nothing at the empty point yet")
        receipt = self._receipt(self.empty_point, [(self.cake, 2)], origin=order.name)
        receipt = receipt.with_user(self.stock_user)
        receipt.move_ids.write({"quantity": 2, "picked": True})
        with self.mockSMSGateway(sms_allow_unlink=True):
            receipt.button_validate()
            self._delivery(order).with_user(self.stock_user).action_assign()
        self.assertEqual(code.state, "ready", "the receipt woke the waiting code")

    def test_stock_user_counts_inventory_at_a_point(self):
        quant = self.env["stock.quant"].with_user(self.stock_user).search([
            ("product_id", "=", self.cake.id), ("location_id", "=", self.point_a.lot_stock_id.id)])
        quant.inventory_quantity = quant.quantity - 1
        quant.action_apply_inventory()
        anomaly = self.env["pickup.anomaly"].search([
            ("anomaly_type", "=", "inventory_mismatch"), ("warehouse_id", "=", self.point_a.id)])
        self.assertTrue(anomaly, "the count difference still reached the supervisor")


@tagged("post_install", "-at_install")
class TestStaffWithoutEmail(BridgeCommon):
    """Real counter and supervisor accounts often have no e-mail address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A point's address defaults to the company's partner: give it a desk of its own.
        cls.point_a.partner_id = cls.env["res.partner"].create({"name": "Point A desk"})
        cls.company.email = "pickup@goodbuy.example"
        cls.supervisor.write({"email": False})
        cls.counter_a.write({"email": False})

    def test_supervisor_without_email_resends_unlocks_and_names_a_delegate(self):
        self.assertFalse(self.supervisor.partner_id.email)
        code = self._code_of(self._create_order())
        code.sudo().write({"failed_check_count": 5})
        as_supervisor = code.with_user(self.supervisor)
        with self.mockSMSGateway(sms_allow_unlink=True):
            as_supervisor.action_resend()
            as_supervisor.action_unlock()
            wizard = self.env["pickup.delegate.wizard"].with_user(self.supervisor).create({
                "code_id": code.id, "name": "Wang Delegate", "phone": "0933444555",
                "relation": "friend"})
            wizard.action_create_delegate()
        self.assertEqual(code.failed_check_count, 0)
        notes = code.message_ids.filtered(lambda m: m.author_id == self.supervisor.partner_id)
        self.assertTrue(notes, "the supervisor is still the author")
        self.assertTrue(all(m.email_from == self.company.email_formatted for m in notes),
                        "sent from the company's address when the user has none")

    def test_point_address_is_preferred_to_the_company(self):
        self.point_a.partner_id.email = "tpe@goodbuy.example"
        code = self._code_of(self._create_order())
        code.with_user(self.supervisor).action_unlock()
        self.assertEqual(code.message_ids[:1].email_from,
                         self.point_a.partner_id.email_formatted)

    def test_activity_between_staff_without_email(self):
        code = self._code_of(self._create_order())
        code.with_user(self.supervisor).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.counter_a.id, summary="Check")
        self.assertEqual(len(code.activity_ids), 1)
