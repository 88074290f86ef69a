from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.sms.tests.common import SMSCase


@tagged("post_install", "-at_install")
class TestCounterTour(SMSCase):
    """The counter screen in a real browser: scan, checks, items, hand over, replay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.pickup_issue_trigger = "confirmed"
        cls.point = env["stock.warehouse"].create({
            "name": "Tour point", "code": "TOUR", "is_pickup_point": True,
        })
        cls.product = env["product.product"].create({
            "name": "Tour espresso machine", "is_storable": True, "list_price": 1500,
            "barcode": "4710000099012",
        })
        env["stock.quant"]._update_available_quantity(cls.product, cls.point.lot_stock_id, 10)
        env["pickup.policy.rule"].create({
            "name": "Tour", "min_amount": 1000, "step_id_check": True, "step_approval": True,
            "step_item_scan": True, "step_signature": True,
        })
        cls.buyer = env["res.partner"].create({
            "name": "Tour Buyer", "mobile": "0912345678", "email": "tour.buyer@example.com",
        })
        cls.buyer.action_pickup_set_id_last4("national_id", "123A")
        cls.counter_user = new_test_user(
            env, "tour_counter", password="tour_counter",
            groups="pickup_code.group_pickup_counter,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(cls.point.ids)])
        cls.supervisor = new_test_user(
            env, "tour_sup", password="tour_sup",
            groups="pickup_code.group_pickup_supervisor,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(cls.point.ids)])
        cls.supervisor._set_pickup_approval_pin("4826")  # typed by the tour

    def _ready_order(self, price_unit=1500):
        """:param price_unit: 1500 needs the tour rule's steps; under 1000 none."""
        order = self.env["sale.order"].create({
            "partner_id": self.buyer.id,
            "warehouse_id": self.point.id,
            "order_line": [Command.create({
                "product_id": self.product.id, "product_uom_qty": 1, "price_unit": price_unit,
            })],
        })
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
        code = order.pickup_code_ids
        self.assertEqual(len(code), 1)
        self.assertEqual(code.state, "ready", "the goods are at the point")
        self.assertEqual(
            code._get_required_steps_tuple(),
            ("id_check", "signature", "approval", "item_scan") if price_unit >= 1000 else (),
            "the tour walks exactly these steps")
        return order, code

    def _prepare_tour(self):
        """:return: a ready order and its code, whose short code the tour reads."""
        order, code = self._ready_order()
        self.env["ir.config_parameter"].sudo().set_param(
            "stock_pickup_bridge.tour_code", code._get_credentials().short_code)
        return order, code

    def test_counter_tour(self):
        order, code = self._prepare_tour()
        # Watch (not replace) how each hand-over starts: the screen sends the handle of its
        # verify, so redeem resumes what verify established instead of checking it all again.
        service_class = type(self.env["pickup.service"])
        resume_scan = service_class._resume_scan
        resumed = []

        def watch_resume(service, scan, handle):
            ok = resume_scan(service, scan, handle)
            resumed.append(ok)
            return ok

        with patch.object(service_class, "_resume_scan", watch_resume):
            self.start_tour("/odoo/action-stock_pickup_bridge.action_pickup_counter",
                            "pickup_counter_tour", login="admin")
        self.assertEqual(resumed, [True, True],
                         "both hand-over taps (ID refused, then handed over) use the handle")
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
        handover = self.env["pickup.handover"].search([("code_id", "=", code.id)])
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.approver_id, self.supervisor)
        self.assertEqual(handover.approval_method, "password_pin")
        self.assertEqual(handover.id_doc_type, "national_id")
        self.assertTrue(handover.signature, "the signature drawn on the pad is kept")
        self.assertFalse(handover.partial)
        self.assertEqual(handover.line_ids.product_id, self.product)
        self.assertEqual(handover.picking_id.state, "done")
        self.assertEqual(order.picking_ids.filtered(lambda p: p.state != "cancel").mapped("state"),
                         ["done"])
        replays = self.env["pickup.attempt"].search(
            [("code_id", "=", code.id), ("reason", "=", "already_redeemed")])
        self.assertTrue(replays, "scanning the code again is logged as a replay")
        self.assertEqual(code.failed_check_count, 1, "the wrong ID number was counted")

    def test_counter_tour_phone(self):
        """The same walk on a phone-sized touch screen."""
        self.browser_size = "390,844"
        self.touch_enabled = True
        _order, code = self._prepare_tour()
        self.start_tour("/odoo/action-stock_pickup_bridge.action_pickup_counter",
                        "pickup_counter_tour", login="admin")
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
        self.assertEqual(code.handover_ids.approver_id, self.supervisor)

    def test_counter_together_tour(self):
        """A buyer with three ready orders: one scan, one tap. The clerk's actions are
        counted from the attempt log: 1 verify + 1 redeem call, against 3 + 3 one by one."""
        codes = self.env["pickup.code"]
        for _i in range(3):
            codes |= self._ready_order(price_unit=300)[1]
        self.env["ir.config_parameter"].sudo().set_param(
            "stock_pickup_bridge.tour_code", codes[0]._get_credentials().short_code)
        self.start_tour("/odoo/action-stock_pickup_bridge.action_pickup_counter",
                        "pickup_counter_together_tour", login="admin")
        codes.invalidate_recordset()
        self.assertEqual(codes.mapped("state"), ["redeemed"] * 3)
        self.assertEqual(len(codes.entitlement_id.handover_ids), 3)
        self.assertEqual(set(codes.sale_order_id.picking_ids.mapped("state")), {"done"})
        scans = self.env["pickup.attempt"].search([("code_id", "=", codes[0].id)])
        self.assertEqual(sorted(scans.mapped("action")), ["redeem", "verify"],
                         "one scan and one hand-over for the three orders")
