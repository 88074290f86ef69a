"""A parcel labelled with its order readies exactly that order; a scan-in never fails
because of another order's state."""

from odoo.tests import tagged

from .common import BridgeCommon


@tagged("post_install", "-at_install")
class TestParcelPerOrder(BridgeCommon):

    def _issued_at_empty_point(self, partner):
        order = self._create_order(partner=partner, point=self.empty_point,
                                   lines=[(self.cake, 2)])
        code = self._code_of(order)
        self.assertEqual(code.state, "issued")
        return order, code

    def _scan_in(self, reference):
        with self.mockSMSGateway(sms_allow_unlink=True):
            return self.env["pickup.counter"].with_user(self.counter_a).scan_in(
                reference, "EPT")

    def test_the_parcel_readies_its_own_order_not_the_oldest(self):
        _guest_order, guest = self._issued_at_empty_point(self.buyer2)  # waits longer
        lin_order, lin = self._issued_at_empty_point(self.buyer)
        self._receipt(self.empty_point, [(self.cake, 2)], origin=lin_order.name,
                      parcel_ref="TRK-LIN")
        result = self._scan_in("TRK-LIN")
        self.assertEqual(result["ready"], [lin.name])
        self.assertEqual((lin.state, guest.state), ("ready", "issued"))
        self.assertEqual(self._service().verify(self._short(guest), "EPT")["reason"],
                         "not_ready")

    def test_scan_in_is_not_stopped_by_an_order_whose_transfer_is_still_draft(self):
        """As at the demo's TPE: a drop-ship order waits whose purchase is not confirmed."""
        _draft_order, draft_code = self._issued_at_empty_point(self.buyer2)
        draft_code._get_outgoing_pickings().move_ids.write({"state": "draft"})
        lin_order, lin = self._issued_at_empty_point(self.buyer)
        self._receipt(self.empty_point, [(self.cake, 2)], origin=lin_order.name,
                      parcel_ref="TRK-OWN")
        self.assertEqual(self._scan_in("TRK-OWN")["ready"], [lin.name])
        # Shelf stock tied to no order serves whoever waits, and skips the draft one too.
        _third_order, third = self._issued_at_empty_point(self.buyer)
        shelf = self._receipt(self.empty_point, [(self.cake, 2)], parcel_ref="TRK-SHELF")
        self.assertEqual(self._scan_in("TRK-SHELF")["ready"], [third.name])
        self.assertEqual(shelf.state, "done")
        self.assertEqual(draft_code.state, "issued")


@tagged("post_install", "-at_install")
class TestParcelIsAPackage(BridgeCommon):
    """Each order's goods travel and wait as a package of their own: scan-in packs them, the
    hand-over takes from that package only, so two orders of one product never share a
    quant row at the point."""

    def _arrive(self, partner, qty, ref):
        order = self._create_order(partner=partner, point=self.empty_point,
                                   lines=[(self.cake, qty)])
        self._receipt(self.empty_point, [(self.cake, qty)], origin=order.name, parcel_ref=ref)
        with self.mockSMSGateway(sms_allow_unlink=True):
            self.env["pickup.counter"].with_user(self.counter_a).scan_in(ref, "EPT")
        return order, self._code_of(order)

    def _quant(self, package):
        return self.env["stock.quant"].search([
            ("product_id", "=", self.cake.id), ("package_id", "=", package.id),
            ("location_id", "=", self.empty_point.lot_stock_id.id)])

    def test_scan_in_packs_each_order_apart_and_reserves_from_its_package(self):
        lin_order, lin = self._arrive(self.buyer, 2, "TRK-P1")
        guest_order, guest = self._arrive(self.buyer2, 3, "TRK-P2")
        lin_pkg, guest_pkg = lin.entitlement_id.package_id, guest.entitlement_id.package_id
        self.assertEqual(lin_pkg.name, "%s-EPT" % lin_order.name)
        self.assertEqual(guest_pkg.name, "%s-EPT" % guest_order.name)
        self.assertEqual((lin.state, guest.state), ("ready", "ready"))
        # Two quant rows, each fully reserved by its own order's delivery.
        lin_quant, guest_quant = self._quant(lin_pkg), self._quant(guest_pkg)
        self.assertEqual((lin_quant.quantity, lin_quant.reserved_quantity), (2, 2))
        self.assertEqual((guest_quant.quantity, guest_quant.reserved_quantity), (3, 3))
        self.assertNotEqual(lin_quant, guest_quant)
        self.assertEqual(lin._get_outgoing_pickings().move_line_ids.package_id, lin_pkg)
        self.assertEqual(guest._get_outgoing_pickings().move_line_ids.package_id, guest_pkg)
        # The counter is told which parcel to fetch from the shelf.
        self.assertEqual(self._service().verify(self._short(lin), "EPT")["parcel"], lin_pkg.name)

    def test_hand_over_takes_from_the_package_and_a_partial_keeps_the_rest_in_it(self):
        _order, lin = self._arrive(self.buyer, 3, "TRK-P3")
        package = lin.entitlement_id.package_id
        res = self._service().redeem(
            self._short(lin), "EPT", lines=[{"product_id": self.cake.id, "qty": 1}],
            partial_reason="One box now")
        self.assertEqual(res["reason"], "ok", res)
        quant = self._quant(package)
        self.assertEqual((quant.quantity, quant.reserved_quantity), (2, 2))
        # The backorder is reserved from the same package; the same code collects the rest.
        backorder = lin._get_outgoing_pickings()
        self.assertEqual(backorder.move_line_ids.package_id, package)
        self.assertEqual(self._service().redeem(self._short(lin), "EPT")["reason"], "ok")
        self.assertFalse(self._quant(package).quantity)
        self.assertEqual(lin.state, "redeemed")

    def test_loose_stock_is_left_for_whoever_waits(self):
        """A parcel with more than its order needs: the order's share is packed, the rest
        stays loose and serves the next waiting order (oldest first)."""
        other = self._create_order(partner=self.buyer2, point=self.empty_point,
                                   lines=[(self.cake, 1)])
        order = self._create_order(partner=self.buyer, point=self.empty_point,
                                   lines=[(self.cake, 2)])
        self._receipt(self.empty_point, [(self.cake, 3)], origin=order.name,
                      parcel_ref="TRK-P4")
        with self.mockSMSGateway(sms_allow_unlink=True):
            res = self.env["pickup.counter"].with_user(self.counter_a).scan_in("TRK-P4", "EPT")
        own, waiting = self._code_of(order), self._code_of(other)
        self.assertEqual(sorted(res["ready"]), sorted([own.name, waiting.name]))
        self.assertEqual(self._quant(own.entitlement_id.package_id).quantity, 2)
        self.assertFalse(waiting.entitlement_id.package_id)
        self.assertFalse(waiting._get_outgoing_pickings().move_line_ids.package_id)
