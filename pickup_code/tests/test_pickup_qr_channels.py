"""The QR a buyer receives scans at the counter, in every channel, in zh_TW and en_US.

Tested as a counter would: the portal page (/my/pickups/<id> and the short link /p/<token>)
is rendered in headless Chromium at phone width, the QR is taken out of the screenshot and
decoded with zxing-cpp; the e-mail is taken as handed to the SMTP server, its QR image is
fetched from the server and decoded (and the e-mail rendered in Chromium and decoded from
the screenshot). The decoded text is then redeemed at the counter.
"""
import email
import re
from email import policy
from urllib.parse import urlparse

from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import MockSmtplibCase

from ..models.pickup_code_notify import MAIL_TEMPLATES, SMS_TEMPLATES
from .browser import PHONE, activate_buyer_lang, decode_qr, need_decoder, open_page, png_size
from .common import PickupCommon

QR_IMAGE_URL = re.compile(r'src="([^"]*/p/[^"/]+/qr\.png)"')
# Markup that reached the buyer as text (the old portal printed "&lt;svg width=...").
POINT_LABEL = {"zh_TW": "取貨點", "en_US": "Pickup point"}
ESCAPED_TAG = re.compile(r"&lt;/?(svg|img|div|p|a|br|table|tr|td|span|strong|h\d)\b", re.I)


def html_of(message):
    """:return: the text/html part of an e-mail (a string as sent to the SMTP server)"""
    parsed = email.message_from_string(message, policy=policy.default)
    part = parsed.get_body(preferencelist=("html",))
    return part.get_content() if part else ""


@tagged("post_install", "-at_install")
class TestPickupQrChannels(PickupCommon, MockSmtplibCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "pk_qr_portal", groups="base.group_portal",
                                        partner_id=cls.buyer.id, name="林怡君")
        activate_buyer_lang(cls.env, "zh_TW")
        cls.tea = cls.env["product.product"].create({
            "name": "Oolong tea set", "is_storable": True, "list_price": 300})
        cls.env["stock.quant"]._update_available_quantity(cls.tea, cls.point_a.lot_stock_id, 20)

    def _ready_code(self, lang):
        self.buyer.lang = lang
        code = self._code_of(self._create_order(lines=[(self.cake, 2), (self.tea, 1)]))
        self.assertEqual(code.state, "ready")
        return code

    def _link_path(self, code, suffix=""):
        return urlparse(code._get_link_url(suffix)).path

    def _redeem(self, text, code):
        """The decoded text at the counter: verify, then redeem with the verify's handle."""
        service = self._service()
        verdict = service.verify(text, "PTA")
        self.assertEqual(verdict["reason"], "ok", verdict.get("message"))
        self.assertEqual(verdict.get("code_id", code.id), code.id)
        return service.redeem(text, "PTA", handle=verdict.get("handle"))

    def _sent_mail_html(self, code, kind="ready"):
        """Send the code's e-mail through Odoo's mail.mail path to a captured SMTP session.

        :return: the HTML body exactly as the SMTP server received it
        """
        mail = code._send_pickup_mail(kind, code._get_notify_context())
        self.assertTrue(mail, "the buyer has an e-mail address")
        with self.mock_smtplib_connection():
            mail.send(raise_exception=True)
        self.assertEqual(len(self.emails), 1)
        return html_of(self.emails[0]["message"])

    # ------------------------------------------------------------------ portal

    def _portal_proof(self, lang):
        need_decoder(self)
        code = self._ready_code(lang)
        short = code._get_credentials().short_code
        with open_page(self, "/my/pickups/%s" % code.id, login="pk_qr_portal") as page:
            self.assertLessEqual(page.page_width(), PHONE[0], "no horizontal scrolling")
            text = page.eval("document.body.innerText")
            for expected in ("Cake box", "Oolong tea set", "Point A", "10-20", POINT_LABEL[lang],
                             "%s-%s-%s" % (short[:4], short[4:8], short[8])):
                self.assertIn(expected, text)
            # Deadline and timeline as the e-mail and the counter write them: no seconds (the
            # zh_TW time format "%H時%M分%S秒" kept them past Odoo's hide_seconds).
            self.assertRegex(text, r"\d{4}-\d\d-\d\d \d\d:\d\d")
            self.assertNotIn("秒", text)
            self.assertEqual(page.eval("document.querySelectorAll('.pickup-products li')"
                                       ".length"), 2, "each product with its quantity")
            self.assertNotIn("<svg", text, "the QR is drawn, not printed as text")
            full = page.screenshot(full_page=True)
            # The page's own part, above the footer (a web site adds its own, the seller's):
            # in device pixels (2 per CSS pixel), as the screenshot counts them.
            page_height = page.eval("Math.ceil(2 * (window.scrollY + document"
                                    ".querySelector('main').getBoundingClientRect().bottom))")
            page.eval("document.querySelector('.pickup-qr').scrollIntoView({block: 'center'})")
            portal_texts = decode_qr(page.screenshot())
        self.assertEqual(len(portal_texts), 1, "one QR on the phone's screen")
        self.assertLess(min(png_size(full)[1], page_height), 4000, "a phone page, not a poster")
        # The short link of an SMS, in a browser with no session: the buyer's language.
        with open_page(self, self._link_path(code)) as page:
            self.assertLessEqual(page.page_width(), PHONE[0])
            self.assertIn(POINT_LABEL[lang], page.eval("document.body.innerText"))
            page.eval("document.querySelector('.pickup-qr').scrollIntoView({block: 'center'})")
            link_texts = decode_qr(page.screenshot())
        self.assertEqual(link_texts, portal_texts, "the short link shows the same QR")
        result = self._redeem(portal_texts[0], code)
        self.assertEqual(result["reason"], "ok", result.get("message"))
        self.assertEqual(code.state, "redeemed")
        return full

    def test_portal_qr_scans_and_redeems_zh_tw(self):
        self._portal_proof("zh_TW")

    def test_portal_qr_scans_and_redeems_en_us(self):
        self._portal_proof("en_US")

    def test_portal_after_a_partial_hand_over(self):
        """Part collected: the page says what is still to collect, and the same QR, scanned
        from the phone's screen, hands over the rest."""
        need_decoder(self)
        code = self._ready_code("zh_TW")
        partial = self._service().redeem(
            code._get_credentials().short_code, "PTA",
            lines=[{"product_id": self.cake.id, "qty": 2}], partial_reason="Tea set next week")
        self.assertEqual(partial["reason"], "ok")
        self.assertEqual(code.state, "ready")
        with open_page(self, "/my/pickups/%s" % code.id, login="pk_qr_portal") as page:
            remaining = page.eval("document.querySelector('.pickup-remaining').innerText")
            page.eval("document.querySelector('.pickup-qr').scrollIntoView({block: 'center'})")
            texts = decode_qr(page.screenshot())
        self.assertIn("Oolong tea set", remaining)
        self.assertNotIn("Cake box", remaining)
        self.assertEqual(len(texts), 1)
        result = self._redeem(texts[0], code)
        self.assertEqual(result["reason"], "ok", result.get("message"))
        self.assertEqual(code.state, "redeemed")

    # ------------------------------------------------------------------ e-mail

    def _mail_proof(self, lang):
        need_decoder(self)
        code = self._ready_code(lang)
        html = self._sent_mail_html(code)
        self.assertNotIn("data:image", html, "webmail does not show data URIs")
        urls = QR_IMAGE_URL.findall(html)
        self.assertEqual(len(urls), 1, "one QR image, loaded from the signed short link")
        response = self.url_open(urlparse(urls[0]).path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        fetched = decode_qr(response.content)
        self.assertEqual(len(fetched), 1)
        # The e-mail as a mail client shows it: the image loaded from the server.
        with open_page(self, size=(480, 900)) as page:
            page.set_html(html)
            self.assertEqual(page.eval("document.images[0].naturalWidth > 0"), True,
                             "the QR image loads in the rendered e-mail")
            shot = page.screenshot(full_page=True)
        self.assertEqual(decode_qr(shot), fetched, "the rendered e-mail shows the same QR")
        result = self._redeem(fetched[0], code)
        self.assertEqual(result["reason"], "ok", result.get("message"))
        # Collected: the image link dies with the code.
        self.assertEqual(self.url_open(urlparse(urls[0]).path).status_code, 404)
        return shot

    def test_mail_qr_scans_and_redeems_zh_tw(self):
        self._mail_proof("zh_TW")

    def test_mail_qr_scans_and_redeems_en_us(self):
        self._mail_proof("en_US")

    # ------------------------------------------------------------------ every template

    def test_buyer_templates_render_markup_and_no_data_uri(self):
        """Mail (as sent), SMS and portal pages, both languages: no escaped markup, no
        data: image (webmail hides it)."""
        for lang in ("zh_TW", "en_US"):
            code = self._ready_code(lang)
            rendered = {}
            for kind in sorted(set(MAIL_TEMPLATES)):
                rendered["%s mail %s" % (lang, kind)] = self._sent_mail_html(code, kind)
            ctx = code._get_notify_context()
            for kind, xmlid in SMS_TEMPLATES.items():
                template = self.env.ref(xmlid, raise_if_not_found=False)
                if template:
                    rendered["%s sms %s" % (lang, kind)] = template.with_context(
                        lang=lang, **ctx)._render_field("body", code.ids, set_lang=lang)[code.id]
            self.authenticate("pk_qr_portal", "pk_qr_portal")
            for path in ("/my", "/my/pickups", "/my/pickups/%s" % code.id,
                         self._link_path(code), "/p/not-a-token"):
                response = self.url_open(path)
                self.assertIn(response.status_code, (200, 404), path)
                rendered["%s page %s" % (lang, path)] = response.text
            for name, text in rendered.items():
                self.assertTrue(text, name)
                self.assertNotRegex(text, ESCAPED_TAG, "%s shows markup as text" % name)
                if not name.endswith(" /my"):  # Odoo's own avatar placeholder is one
                    self.assertNotIn("data:image", text, "%s uses a data URI" % name)

    # ------------------------------------------------------------------ caches

    def test_my_pickups_is_the_first_page_after_a_cache_clear(self):
        """The list page answered 500 when it was the first page rendered after Odoo's caches
        were cleared (a t-nocache variable of the language selector collided with ours)."""
        code = self._ready_code("zh_TW")
        self.authenticate("pk_qr_portal", "pk_qr_portal")
        for path in ("/my/pickups", "/my/pickups/%s" % code.id, "/my/pickups"):
            self.env.registry.clear_all_caches()
            self.env.invalidate_all()
            response = self.url_open(path)
            self.assertEqual(response.status_code, 200, path)
            self.assertIn(code.sale_order_id.name, response.text)
            self.assertIn("Oolong tea set", response.text, "the order's products are named")
