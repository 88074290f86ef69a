"""Offline-verifiable QR: a signed token on the portal and in the e-mail image when the
company turns it on; it verifies offline and at the server, and dies with the code version."""

import html
import re
import time
from io import BytesIO

from PIL import Image

from odoo.tests import tagged

from ..core import b64url, signed_token
from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupOfflineQr(PickupCommon):

    def _page_qr_text(self, code):
        """The text the portal page puts in its QR (the page's data attribute)."""
        page = self.url_open("/p/%s" % code._get_link_token())
        self.assertEqual(page.status_code, 200)
        return html.unescape(re.search(r'data-pickup-qr="([^"]+)"', page.text).group(1))

    def _image_qr_text(self, code):
        """The text the e-mail's QR image decodes to (a real decoder), None without one."""
        image = self.url_open("/p/%s/qr.png" % code._get_link_token())
        self.assertEqual(image.status_code, 200)
        try:
            import zxingcpp  # the decoder Odoo's camera scanner falls back on
        except ImportError:
            return None
        decoded = zxingcpp.read_barcodes(Image.open(BytesIO(image.content)))
        self.assertEqual(len(decoded), 1)
        return decoded[0].text

    def _public_key(self):
        key = self.env["pickup.code"].with_user(self.counter_a).get_offline_qr_key()
        return key, b64url.decode(key["public_key"])

    def test_off_by_default_the_qr_is_the_secret(self):
        code = self._code_of(self._create_order())
        self.assertFalse(self.company.pickup_offline_qr)
        self.assertEqual(self._page_qr_text(code), self._qr(code))
        self.assertFalse(self._public_key()[0]["enabled"])

    def test_token_issued_verified_offline_and_at_the_counter_then_dies_on_regenerate(self):
        self.company.pickup_offline_qr = True
        code = self._code_of(self._create_order())
        token = self._page_qr_text(code)
        self.assertTrue(token.startswith(signed_token.TOKEN_PREFIX), token)
        self.assertIn(self._image_qr_text(code), (token, None), "the e-mail image carries it")
        key, public = self._public_key()
        self.assertTrue(key["enabled"])
        claims = signed_token.verify_token(public, token, int(time.time()))
        self.assertEqual(claims.code_id, code.id)
        self.assertEqual(claims.expires_at, int(code.expiry_date.timestamp()))
        result = self._service().verify(token, "PTA")
        self.assertEqual((result["verdict"], result["code"]), ("ok", code.name))

        with self.mockSMSGateway(sms_allow_unlink=True):
            code.with_user(self.supervisor).action_regenerate()
        new = code.replaced_by_id
        self.assertNotEqual(self._page_qr_text(new), token)
        # Still authentic offline (the signature holds), refused by the server.
        signed_token.verify_token(public, token, int(time.time()))
        self.assertEqual(self._service().verify(token, "PTA")["reason"], "revoked")
        self.assertEqual(self._service().redeem(self._page_qr_text(new), "PTA")["reason"], "ok")

    def test_a_token_for_another_code_version_opens_nothing(self):
        """A token signed with the right key but a nonce not bound to the current QR hash
        (minted before a regeneration reused the id, or by whoever got the key) is unknown."""
        self.company.pickup_offline_qr = True
        code = self._code_of(self._create_order())
        private, _public = code._get_signing_keypair()
        stray = signed_token.sign_token(private, code.id, int(time.time()) + 3600, "old-nonce")
        result = self._service().verify(stray, "PTA")
        self.assertEqual(result["verdict"], "refused")
        self.assertNotEqual(result.get("code"), code.name)

    def test_a_rotating_code_keeps_its_changing_qr(self):
        self.company.pickup_offline_qr = True
        code = self._code_of(self._create_order(lines=[(self.cooker, 1)]))
        self.assertTrue(code.rotating)
        self.assertTrue(self._page_qr_text(code).startswith(self._qr(code) + "."))
