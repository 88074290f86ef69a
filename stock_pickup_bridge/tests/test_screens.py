"""What a clerk and a manager see, in zh_TW, on the demo data: the counter after a green and a
red scan. Screenshots are written to
``static/description/`` only with ``PICKUP_SCREENSHOTS=1`` (see the README)."""
import json
import logging

from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import MockSmtplibCase
from odoo.addons.pickup_code.tests import browser
from odoo.addons.pickup_code.tests.browser import (
    ScreensMixin,
    decode_qr,
    open_page,
    save_screenshot,
)
from odoo.addons.pickup_code.tests.test_pickup_qr_channels import html_of

_logger = logging.getLogger(__name__)

COUNTER_URL = "/odoo/action-stock_pickup_bridge.action_pickup_counter"
DESKTOP = (1280, 860)


@tagged("post_install", "-at_install")
class TestPickupScreens(ScreensMixin, HttpCase, MockSmtplibCase):

    def _scan(self, page, text):
        """Type the code and press Enter, as a scanner does."""
        page.eval("(() => { const input = document.querySelector('.o_pickup_counter_input'); "
                  "input.value = %s; input.dispatchEvent(new Event('input', {bubbles: true})); "
                  "input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', "
                  "bubbles: true})); })()" % json.dumps(text))

    def test_buyer_portal_and_mail_on_demo(self):
        """Lin's bakery gift box at TPE, as she sees it on her phone and in her mailbox."""
        browser.need_decoder(self)
        order = self._demo("pickup_code.demo_order_lin_bakery")
        buyer = self._demo("pickup_code.demo_user_buyer_lin")
        code = order.pickup_code_ids.filtered(lambda c: c.state == "ready")[:1]
        if not code:
            self.skipTest("the demo bakery order has no ready code")
        # Read before the browser shares the test cursor.
        expected = order.order_line.product_id.mapped("name") + [code.warehouse_id.name]
        with open_page(self, "/my/pickups/%s" % code.id, login=buyer.login) as page:
            text = page.eval("document.body.innerText")
            for name in expected:
                self.assertIn(name, text)
            portal = page.screenshot(full_page=True)
        with open_page(self, "/my/pickups", login=buyer.login) as page:
            self.assertIn(expected[0], page.eval("document.body.innerText"),
                          "the list names the products too")
            listing = page.screenshot(full_page=True)
        save_screenshot(browser.__file__, "portal_pickups_zh_TW.png", listing)
        qr_text = decode_qr(portal)
        self.assertEqual(len(qr_text), 1)
        save_screenshot(browser.__file__, "portal_pickup_zh_TW.png", portal)
        mail = code._send_pickup_mail("ready", code._get_notify_context())
        with self.mock_smtplib_connection():
            mail.send(raise_exception=True)
        html = html_of(self.emails[0]["message"])
        with open_page(self, size=(480, 900)) as page:
            page.set_html(html)
            page.eval("document.body.style.margin = '16px'; true")
            shot = page.screenshot(full_page=True)
        self.assertEqual(decode_qr(shot), qr_text, "the e-mail shows the portal's QR")
        save_screenshot(browser.__file__, "email_ready_zh_TW.png", shot)

    def test_counter_green_then_red(self):
        order = self._demo("pickup_code.demo_order_lin_bakery")
        clerk = self._demo("pickup_code.demo_user_counter_tpe")
        clerk.lang = "zh_TW"
        code = order.pickup_code_ids.filtered(lambda c: c.state == "ready")[:1]
        if not code:
            self.skipTest("the demo bakery order has no ready code")
        short = code._get_credentials().short_code
        with open_page(self, COUNTER_URL, login=clerk.login, size=DESKTOP) as page:
            self._wait_for(page, ".o_pickup_counter_input")
            self._scan(page, short)
            self._wait_for(page, ".o_pickup_counter_verdict[data-colour='green']")
            self._wait_for(page, ".o_pickup_counter_redeem")
            self._wait_for(page, "body:not(:has(.o_loading_indicator))")
            save_screenshot(__file__, "counter_green_zh_TW.png", page.screenshot())
            page.eval("document.querySelector('.o_pickup_counter_redeem').click()")
            self._wait_for(page, ".o_pickup_counter_verdict[data-action='redeem']"
                                 "[data-colour='green']")
            self._scan(page, short)
            self._wait_for(page, ".o_pickup_counter_verdict[data-colour='red']")
            self._wait_for(page, "body:not(:has(.o_loading_indicator))")
            self.assertEqual(page.eval("document.querySelector('.o_pickup_counter_verdict')"
                                       ".dataset.reason"), "already_redeemed")
            save_screenshot(__file__, "counter_red_zh_TW.png", page.screenshot())
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
