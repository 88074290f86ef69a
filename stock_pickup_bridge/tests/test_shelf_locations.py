"""Each parcel waits on a shelf of the point: the one scanned at scan-in, else where Odoo's
putaway rules send it. The counter is told the shelf; the hand-over, the return and the
inventory count take the goods from there."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BridgeCommon


@tagged("post_install", "-at_install")
class TestShelfLocations(BridgeCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.env["stock.location"]
        stock = cls.empty_point.lot_stock_id
        cls.shelf_1, cls.shelf_2 = (
            Location.create({"name": name, "barcode": "EPT-%s" % name, "usage": "internal",
                             "location_id": stock.id})
            for name in ("S-01", "S-02"))
        cls.other_shelf = Location.create({"name": "X-01", "usage": "internal",
                                           "location_id": cls.point_a.lot_stock_id.id})

    def _arrive(self, ref, shelf=None, qty=2):
        order = self._create_order(partner=self.buyer, point=self.empty_point,
                                   lines=[(self.cake, qty)])
        self._receipt(self.empty_point, [(self.cake, qty)], origin=order.name, parcel_ref=ref)
        with self.mockSMSGateway(sms_allow_unlink=True):
            result = self.env["pickup.counter"].with_user(self.counter_a).scan_in(
                ref, "EPT", shelf=shelf)
        code = self._code_of(order)
        self.assertEqual(code.state, "ready")
        return code, result

    def _on_hand(self, location, package=None):
        domain = [("product_id", "=", self.cake.id), ("location_id", "=", location.id)]
        if package is not None:
            domain.append(("package_id", "=", package.id))
        return sum(self.env["stock.quant"].search(domain).mapped("quantity"))

    def test_scanned_shelf_holds_the_parcel_and_verify_names_it(self):
        code, result = self._arrive("TRK-S1", shelf="EPT-S-02")  # the shelf's barcode
        package = code.entitlement_id.package_id
        self.assertEqual(result["shelf"], "S-02")
        self.assertEqual(package.location_id, self.shelf_2)
        self.assertEqual(self._on_hand(self.shelf_2, package), 2)
        answer = self._service().verify(self._short(code), "EPT")
        self.assertEqual((answer["reason"], answer["parcel"], answer["shelf"]),
                         ("ok", package.name, "S-02"))
        # The hand-over takes the goods from the shelf.
        self.assertEqual(self._service().redeem(self._short(code), "EPT")["reason"], "ok")
        self.assertEqual(self._on_hand(self.shelf_2), 0)
        self.assertEqual(code.state, "redeemed")

    def test_putaway_rule_chooses_the_shelf_when_none_is_scanned(self):
        self.env["stock.putaway.rule"].create({
            "category_id": self.cake.categ_id.id,
            "location_in_id": self.empty_point.lot_stock_id.id,
            "location_out_id": self.shelf_1.id,
        })
        code, result = self._arrive("TRK-S2")
        self.assertEqual(result["shelf"], "", "nothing was scanned")
        self.assertEqual(code.entitlement_id.package_id.location_id, self.shelf_1)
        self.assertEqual(self._service().verify(self._short(code), "EPT")["shelf"], "S-01")

    def test_without_shelf_or_rule_the_parcel_stays_in_the_stock_location(self):
        code, _result = self._arrive("TRK-S3")
        package = code.entitlement_id.package_id
        self.assertEqual(package.location_id, self.empty_point.lot_stock_id)
        answer = self._service().verify(self._short(code), "EPT")
        self.assertEqual(answer["parcel"], package.name)
        self.assertNotIn("shelf", answer)

    def test_a_shelf_elsewhere_or_unknown_is_refused(self):
        order = self._create_order(partner=self.buyer, point=self.empty_point)
        self._receipt(self.empty_point, [(self.cake, 2)], origin=order.name, parcel_ref="TRK-S4")
        counter = self.env["pickup.counter"].with_user(self.counter_a)
        for shelf in ("X-01", "NO-SUCH-SHELF"):
            with self.assertRaises(UserError), self.mockSMSGateway(sms_allow_unlink=True):
                counter.scan_in("TRK-S4", "EPT", shelf=shelf)
        self.assertEqual(self._code_of(order).state, "issued")

    def test_return_takes_the_parcel_from_its_shelf(self):
        code, _result = self._arrive("TRK-S5", shelf="S-01")
        package = code.entitlement_id.package_id
        returns = code._pickup_return_goods("Not collected in time")
        self.assertEqual(returns.state, "assigned")
        self.assertEqual(returns.move_line_ids.location_id, self.shelf_1)
        self.assertEqual(returns.move_line_ids.package_id, package)
        returns.button_validate()
        self.assertEqual(returns.state, "done")
        self.assertEqual(self._on_hand(self.shelf_1), 0)
        self.assertEqual(self._on_hand(self.central.lot_stock_id), 2)

    def test_inventory_count_on_a_shelf_raises_the_points_anomaly(self):
        self._arrive("TRK-S6", shelf="S-02")
        quant = self.env["stock.quant"].search([
            ("product_id", "=", self.cake.id), ("location_id", "=", self.shelf_2.id)])
        quant.inventory_quantity = 1
        quant.action_apply_inventory()
        self.assertEqual(self._on_hand(self.shelf_2), 1)
        anomaly = self.env["pickup.anomaly"].search([
            ("warehouse_id", "=", self.empty_point.id),
            ("anomaly_type", "=", "inventory_mismatch")])
        self.assertTrue(anomaly)
        self.assertIn("S-02", anomaly.detail)
