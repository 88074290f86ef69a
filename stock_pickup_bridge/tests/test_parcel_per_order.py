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
