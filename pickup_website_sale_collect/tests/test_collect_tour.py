"""Web checkout as a buyer lives it, in Chromium: add to cart, choose a pickup point in the
store selector, pay with Odoo's demo provider, see the QR on the confirmation page. The QR is
then read back from a screenshot with a real decoder and verified at the counter."""
import logging

from odoo.tests import tagged

from odoo.addons.pickup_code.tests.browser import (
    PHONE, ScreensMixin, decode_qr, need_decoder, open_page, save_screenshot)

from .common import CollectCommon

_logger = logging.getLogger(__name__)
DESKTOP = (1280, 900)


@tagged("post_install", "-at_install")
class TestCollectTour(CollectCommon, ScreensMixin):

    def _web_order(self, partner):
        return self.env["sale.order"].search([
            ("partner_id", "=", partner.id), ("website_id", "=", self.website.id),
            ("state", "=", "sale")], order="id desc", limit=1)

    def _confirmation_qr(self, order, login=None, size=PHONE, shot=None):
        """Open the confirmation page in a session whose last order is ``order``.

        :return: the texts decoded from the screenshot of the QR
        """
        with open_page(self, login=login, size=size) as page:
            self._set_session(sale_last_order_id=order.id)
            page.open("/shop/confirmation")
            self.assertNotIn("<svg", page.eval("document.body.innerText"))
            if shot:
                save_screenshot(__file__, shot, page.screenshot(full_page=True))
            page.eval("document.querySelector('.pickup-qr').scrollIntoView({block: 'center'})")
            return decode_qr(page.screenshot())

    def _check_bought(self, partner, login=None, shots=False):
        order = self._web_order(partner)
        self.assertTrue(order, "the tour confirmed a web order")
        self.assertTrue(order._pickup_is_paid(), "paid with the demo provider")
        self.assertEqual(order.warehouse_id, self.point_a)
        self.assertEqual(order.order_line.filtered("is_delivery").product_id, self.fee)
        code = self._code_of(order)
        self.assertEqual(len(code), 1)
        self.assertEqual(code.warehouse_id, self.point_a)
        texts = self._confirmation_qr(order, login=login,
                                      shot=shots and "collect_confirmation_390.png")
        self.assertEqual(len(texts), 1, "one QR on the phone's screen")
        if shots:
            self._confirmation_qr(order, login=login, size=DESKTOP,
                                  shot="collect_confirmation_1280.png")
        verdict = self._service(self.counter_a).verify(texts[0], "PTA")
        self.assertEqual(verdict["reason"], "ok", verdict.get("message"))
        return order, code

    def test_portal_user_buys_picks_a_point_pays_and_sees_the_qr(self):
        need_decoder(self)
        self.start_tour("/shop", "pickup_collect_portal_tour", login="pk_collect_portal")
        _order, code = self._check_bought(self.web_buyer, login="pk_collect_portal", shots=True)
        # The portal lists it too.
        order_name = code.sale_order_id.name
        with open_page(self, login="pk_collect_portal") as page:
            page.open("/my/pickups")
            self.assertIn(order_name, page.eval("document.body.innerText"))

    def test_guest_buys_picks_a_point_pays_and_sees_the_qr(self):
        need_decoder(self)
        self.start_tour("/shop", "pickup_collect_guest_tour")
        guest = self.env["res.partner"].search([("email", "=", "guest.buyer@example.com")],
                                               limit=1)
        self.assertTrue(guest, "the guest's address made a contact")
        self._check_bought(guest)

    def test_store_selector_screens(self):
        """What the buyer sees when choosing: only the pickup points (screenshots)."""
        for size, name in ((PHONE, "collect_selector_390.png"),
                           (DESKTOP, "collect_selector_1280.png")):
            order = self._cart()
            with open_page(self, login="pk_collect_portal", size=size) as page:
                self._set_session(sale_order_id=order.id)
                page.open("/shop/checkout")
                # As a buyer does: pickup in store, then "Select a location" (again after a
                # second if the page's scripts were not listening yet).
                self.assertTrue(page.eval("""(async () => {
                    const wait = (ms) => new Promise((r) => setTimeout(r, ms));
                    const sel = '.o_location_selector button[id^="location-"]';
                    for (let i = 0; i < 10 && !document.querySelector(sel); i++) {
                        document.querySelector('input[name="o_delivery_radio"]'
                            + '[data-delivery-type="in_store"]').click();
                        await wait(500);
                        document.querySelector('button[name="o_pickup_location_selector"]')?.click();
                        await wait(1500);
                    }
                    return !!document.querySelector(sel);
                })()"""), "the store selector opened")
                self._wait_for(page, '.o_location_selector button[id^="location-"]')
                names = page.eval("[...document.querySelectorAll('.o_location_selector "
                                  "button[id^=\"location-\"]')].map(b => b.innerText)"
                                  ".join('|')")
                self.assertIn("Point A", names)
                self.assertIn("Point B", names)
                self.assertNotIn("Collect Central", names)
                save_screenshot(__file__, name, page.screenshot())
