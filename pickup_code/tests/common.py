from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.sms.tests.common import SMSCase


COUNTER_GROUPS = "pickup_code.group_pickup_counter,stock.group_stock_user"
SUPERVISOR_PIN = "4826"


class PickupCommon(SMSCase):
    """Two pickup points, staff for each, a supervisor, a manager, stock at the points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({
            "pickup_issue_trigger": "confirmed", "country_id": cls.env.ref("base.tw").id,
        })
        Warehouse = cls.env["stock.warehouse"]
        cls.point_a = Warehouse.create({"name": "Point A", "code": "PTA", "is_pickup_point": True,
                                        "pickup_hours": "10-20"})
        cls.point_b = Warehouse.create({"name": "Point B", "code": "PTB", "is_pickup_point": True})
        categ = cls.env["product.category"].create({"name": "Pickup test goods"})
        cls.cake = cls.env["product.product"].create({
            "name": "Cake box", "is_storable": True, "list_price": 500, "barcode": "PCK-CAKE",
            "categ_id": categ.id})
        cls.cooker = cls.env["product.product"].create({
            "name": "Rice cooker", "is_storable": True, "list_price": 12000,
            "barcode": "PCK-COOK", "categ_id": categ.id})
        Quant = cls.env["stock.quant"]
        for point in (cls.point_a, cls.point_b):
            Quant._update_available_quantity(cls.cake, point.lot_stock_id, 100)
            Quant._update_available_quantity(cls.cooker, point.lot_stock_id, 10)
        cls.buyer = cls.env["res.partner"].create({
            "name": "Buyer One", "mobile": "0912345678", "email": "buyer1@example.com",
            "country_id": cls.env.ref("base.tw").id})
        cls.buyer2 = cls.env["res.partner"].create({
            "name": "Buyer Two", "mobile": "0922333444", "email": "buyer2@example.com",
            "country_id": cls.env.ref("base.tw").id})
        cls.counter_a = new_test_user(
            cls.env, "pk_counter_a", groups=COUNTER_GROUPS,
            pickup_warehouse_ids=[Command.set(cls.point_a.ids)])
        cls.counter_b = new_test_user(
            cls.env, "pk_counter_b", groups=COUNTER_GROUPS,
            pickup_warehouse_ids=[Command.set(cls.point_b.ids)])
        cls.supervisor = new_test_user(
            cls.env, "pk_supervisor", password="pk_supervisor_pw",
            groups="pickup_code.group_pickup_supervisor,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set((cls.point_a | cls.point_b).ids)])
        cls.supervisor._set_pickup_approval_pin(SUPERVISOR_PIN)
        cls.supervisor2 = new_test_user(
            cls.env, "pk_supervisor2", password="pk_supervisor2_pw",
            groups="pickup_code.group_pickup_supervisor,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(cls.point_a.ids)])
        cls.manager = new_test_user(
            cls.env, "pk_manager", groups="pickup_code.group_pickup_manager,stock.group_stock_user")
        cls.high_value_rule = cls.env["pickup.policy.rule"].create({
            "name": "High value", "min_amount": 10000, "step_id_check": True,
            "step_approval": True, "step_item_scan": True, "step_signature": True,
        })
        cls.buyer.action_pickup_set_id_last4("national_id", "123A")

    def _create_order(self, partner=None, point=None, lines=None, confirm=True):
        """:param lines: list of (product, qty); default two cake boxes."""
        order = self.env["sale.order"].create({
            "partner_id": (partner or self.buyer).id,
            "warehouse_id": (point or self.point_a).id,
            "order_line": [Command.create({"product_id": p.id, "product_uom_qty": q})
                           for p, q in (lines or [(self.cake, 2)])],
        })
        if confirm:
            with self.mockSMSGateway(sms_allow_unlink=True):
                order.action_confirm()
                self._send_queued_notifications()
        return order

    def _sms_of(self, code):
        """SMS the gateway accepted for this code (queued demo codes share the test number)."""
        short = self._short(code)
        return [s for s in self._sms if short[:4] in s["body"].replace("-", "")
                and short[4:8] in s["body"].replace("-", "")]

    def _sms_records_holding(self, code):
        """``sms.sms`` rows (any state) whose body holds this code."""
        short = self._short(code)
        return self.env["sms.sms"].sudo().search([("body", "ilike", short[:4])]).filtered(
            lambda sms: short[4:8] in sms.body.replace("-", ""))

    def _send_queued_notifications(self):
        """Run the notification cron as its trigger would (news is queued, see _notify_buyer).

        :return: the codes whose notification went out
        """
        return self.env["pickup.code"]._cron_send_notifications()

    def _code_of(self, order):
        return order.pickup_code_ids.filtered(lambda c: not c.is_delegate)

    def _short(self, code):
        return code._get_credentials().short_code

    def _qr(self, code):
        return code._get_credentials().qr_secret

    def _service(self, user=None):
        return self.env["pickup.service"].with_user(user or self.counter_a)
