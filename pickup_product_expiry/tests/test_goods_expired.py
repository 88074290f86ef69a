from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


@tagged("post_install", "-at_install")
class TestGoodsExpired(BridgeCommon):
    """An expired lot is refused with `goods_expired`; nothing is consumed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fresh = cls.env["product.category"].create({"name": "Dairy"})
        cls.with_perishables = "pickup_perishable" in fresh._fields
        if cls.with_perishables:  # a 72-hour window that the lot cuts short
            fresh.write({"pickup_perishable": True, "pickup_window_hours": 72})
        cls.milk = cls.env["product.product"].create({
            "name": "Fresh milk 1 L", "is_storable": True, "list_price": 95,
            "categ_id": fresh.id, "tracking": "lot", "use_expiration_date": True,
            "expiration_time": 10})
        cls.lot = cls.env["stock.lot"].create({
            "name": "MILK-0001", "product_id": cls.milk.id,
            "expiration_date": fields.Datetime.now() + timedelta(hours=30)})
        cls.env["stock.quant"]._update_available_quantity(
            cls.milk, cls.point_a.lot_stock_id, 5, lot_id=cls.lot)

    def _milk_code(self):
        code = self._code_of(self._create_order(lines=[(self.milk, 1)]))
        self.assertEqual(code.state, "ready")
        self.assertEqual(code._get_reserved_lots(), self.lot)
        return code

    def test_window_never_runs_past_the_lot(self):
        if not self.with_perishables:
            self.skipTest("perishable windows come with pickup_perishable, not installed")
        code = self._milk_code()
        self.assertEqual(code.pickup_window_hours, 72)
        self.assertEqual(code.expiry_date, self.lot.expiration_date,
                         "72 h would outlive the milk: the lot's expiry date decides")

    def test_expired_lot_is_refused_and_nothing_is_consumed(self):
        code = self._milk_code()
        # The buyer's code is still valid (e.g. a long window), but the lot went off.
        code.sudo().expiry_date = fields.Datetime.now() + timedelta(days=3)
        picking = code._get_outgoing_pickings()
        with freeze_time(self.lot.expiration_date + timedelta(minutes=1)):
            verdict = self._service().verify(self._short(code), "PTA")
            self.assertEqual(verdict["reason"], "goods_expired")
            self.assertEqual(verdict["colour"], "red")
            self.assertEqual(verdict["details"]["lots"], ["MILK-0001"])
            result = self._service().redeem(self._short(code), "PTA")
            self.assertEqual(result["reason"], "goods_expired")
        self.assertEqual(code.state, "ready", "the code is not consumed")
        self.assertEqual(picking.state, "assigned", "the transfer is not validated")
        self.assertEqual(len(code.attempt_ids.filtered(lambda a: a.reason == "goods_expired")), 2,
                         "both refusals are in the log")

    def test_fresh_lot_is_handed_over(self):
        code = self._milk_code()
        result = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(result["reason"], "ok")
        self.assertEqual(code.state, "redeemed")

    def test_a_lot_expired_before_the_goods_are_ready_is_not_announced(self):
        """Milk reserved while fresh, the rest of the order late: when the rest arrives, the
        milk is off. Odoo itself no longer reserves an expired lot, but this one already is."""
        butter = self.env["product.product"].create({
            "name": "Butter", "is_storable": True, "list_price": 120})
        code = self._code_of(self._create_order(lines=[(self.milk, 1), (butter, 1)]))
        self.assertEqual((code.state, code._get_reserved_lots()), ("issued", self.lot))
        with freeze_time(self.lot.expiration_date + timedelta(minutes=1)), \
                self.mockSMSGateway(sms_allow_unlink=True):
            self.env["stock.quant"]._update_available_quantity(
                butter, self.point_a.lot_stock_id, 1)
            code._get_outgoing_pickings().action_assign()
            code._sync_ready()
            self._send_queued_notifications()
            self.assertEqual(code.state, "issued",
                             "not ready: the counter would have to refuse the milk")
            self.assertFalse(self._sms_of(code), "the buyer is not called in")
            alert = self.env["pickup.anomaly"].search([
                ("anomaly_type", "=", "goods_expired"), ("code_id", "=", code.id)])
            self.assertEqual(len(alert), 1)
            self.assertIn("MILK-0001", alert.detail)
            code._sync_ready()
            self.assertEqual(len(alert.search([("anomaly_type", "=", "goods_expired"),
                                               ("code_id", "=", code.id)])), 1,
                             "one open alert")
