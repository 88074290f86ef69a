import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.pickup_code.core import qr_image
from odoo.addons.pickup_code.tests.common import SUPERVISOR_PIN

from .common import BridgeCommon

SIGNATURE = base64.b64encode(qr_image.qr_png("signature")).decode()


@tagged("post_install", "-at_install")
class TestArrivalAndHandover(BridgeCommon):

    def _order_at_empty_point(self, lines=None, partner=None):
        order = self._create_order(partner=partner, point=self.empty_point,
                                   lines=lines or [(self.cake, 2)])
        code = self._code_of(order)
        self.assertEqual(code.state, "issued", "no goods at the point yet")
        return order, code

    def _counter(self, user=None):
        return self.env["pickup.counter"].with_user(user or self.counter_a)

    def test_arrival_scan_makes_code_ready_then_redeem(self):
        order, code = self._order_at_empty_point()
        parcel = self._receipt(self.empty_point, [(self.cake, 2)], origin=order.name,
                               parcel_ref="TRK-0001")
        with self.mockSMSGateway(sms_allow_unlink=True):
            result = self._counter().scan_in("TRK-0001", "EPT")
            self._send_queued_notifications()
        self.assertEqual(result["picking"], parcel.name)
        self.assertEqual(result["ready"], [code.name])
        self.assertEqual(code.state, "ready")
        self.assertEqual(parcel.pickup_arrived_by_id, self.counter_a)
        self.assertEqual([s["number"] for s in self._sms_of(code)], ["+886912345678"],
                         "the buyer is told the goods are ready")
        redeem = self._service().redeem(self._short(code), "EPT")
        self.assertEqual(redeem["reason"], "ok")
        self.assertEqual(
            code.event_ids.mapped("event_type"), ["paid", "arrived", "ready", "collected"])
        self.assertEqual(order.pickup_event_ids, code.event_ids)

    def test_partial_arrival_waits(self):
        order, code = self._order_at_empty_point(lines=[(self.cake, 2), (self.cooker, 1)])
        self._receipt(self.empty_point, [(self.cake, 2)], origin=order.name,
                      parcel_ref="TRK-PART")
        result = self._counter().scan_in("TRK-PART", "EPT")
        self.assertEqual(result["ready"], [])
        self.assertEqual(result["waiting"], [code.name])
        self.assertEqual(code.state, "issued")
        self.assertEqual(self._service().verify(self._short(code), "EPT")["reason"], "not_ready")
        self._receipt(self.empty_point, [(self.cooker, 1)], parcel_ref="TRK-REST")
        with self.mockSMSGateway(sms_allow_unlink=True):
            self._counter().scan_in("TRK-REST", "EPT")
        self.assertEqual(code.state, "ready")

    def test_scan_in_refuses_unknown_and_repeated_parcels(self):
        with self.assertRaises(UserError):
            self._counter().scan_in("NOPE", "EPT")
        order, _code = self._order_at_empty_point()
        self._receipt(self.empty_point, [(self.cake, 2)], parcel_ref="TRK-TWICE")
        with self.mockSMSGateway(sms_allow_unlink=True):
            self._counter().scan_in("TRK-TWICE", "EPT")
        with self.assertRaises(UserError):
            self._counter().scan_in("TRK-TWICE", "EPT")

    def test_staff_of_another_point_cannot_scan_in_or_redeem(self):
        self._receipt(self.empty_point, [(self.cake, 2)], parcel_ref="TRK-B")
        with self.assertRaises(AccessError):
            self._counter(self.counter_b).scan_in("TRK-B", "EPT")
        code = self._code_of(self._create_order(point=self.point_a))
        with self.assertRaises(AccessError):
            self._service(self.counter_b).redeem(self._short(code), "PTA")
        self.assertEqual(code.state, "ready")

    def test_every_step_combination_through_the_counter(self):
        """Each policy step alone, then all together, from arrival to collected."""
        combos = [
            {"step_id_check": True},
            {"step_signature": True},
            {"step_photo": True},
            {"step_approval": True},
            {"step_item_scan": True},
            {"step_id_check": True, "step_approval": True, "step_item_scan": True,
             "step_signature": True, "step_photo": True},
        ]
        evidence = {
            "step_id_check": ("id_required", {"id_check": {"doc_type": "national_id",
                                                           "last4": "123A"}}),
            "step_signature": ("signature_required", {"signature": SIGNATURE}),
            "step_photo": ("photo_required", {"photo": SIGNATURE}),
            "step_approval": ("approval_required", {"approval": {
                "method": "password_pin", "login": "pk_supervisor",
                "password": "pk_supervisor_pw", "pin": SUPERVISOR_PIN}}),
        }
        for combo in combos:
            with self.subTest(combo=sorted(combo)):
                rule = self.env["pickup.policy.rule"].create(
                    dict(combo, name="Combo", warehouse_id=self.point_a.id, sequence=1))
                code = self._code_of(self._create_order(point=self.point_a))
                short = self._short(code)
                steps, lines = {}, None
                for key in [k for k in evidence if k in combo]:
                    reason, given = evidence[key]
                    self.assertEqual(self._service().redeem(short, "PTA", steps=steps,
                                                            lines=lines)["reason"], reason)
                    steps.update(given)
                if "step_item_scan" in combo:
                    self.assertEqual(self._service().redeem(short, "PTA", steps=steps)["reason"],
                                     "items_incomplete")
                    lines = [{"barcode": "PCK-CAKE", "qty": 2}]
                result = self._service().redeem(short, "PTA", steps=steps, lines=lines)
                self.assertEqual(result["reason"], "ok")
                self.assertEqual(code.handover_ids.picking_id.state, "done")
                rule.unlink()

    def test_handover_receipt_renders(self):
        code = self._code_of(self._create_order())
        self._service().redeem(self._short(code), "PTA")
        html, kind = self.env["ir.actions.report"]._render_qweb_html(
            "stock_pickup_bridge.report_pickup_handover", code.handover_ids.ids)
        self.assertEqual(kind, "html")
        html = html.decode()
        self.assertIn(code.name, html)
        self.assertIn("Cake box", html)
        self.assertIn(self.buyer.name, html)

    def test_lines_for_two_points_get_one_code_each(self):
        order = self._create_order(confirm=False, lines=[(self.cake, 1), (self.cake, 3)])
        order.order_line[1].pickup_warehouse_id = self.point_b
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
        codes = order.pickup_code_ids
        self.assertEqual(codes.warehouse_id, self.point_a | self.point_b)
        code_a = codes.filtered(lambda c: c.warehouse_id == self.point_a)
        code_b = codes.filtered(lambda c: c.warehouse_id == self.point_b)
        self.assertEqual(code_a._get_outgoing_pickings().move_ids.product_uom_qty, 1)
        self.assertEqual(code_b._get_outgoing_pickings().move_ids.product_uom_qty, 3)
        self.assertEqual(self._service().redeem(self._short(code_a), "PTA")["reason"], "ok")
        self.assertEqual(code_b.state, "ready", "the other point's code is untouched")
        self.assertEqual(self._service(self.supervisor).verify(self._short(code_b), "PTA")
                         ["reason"], "wrong_pickup_point")
