"""Nothing the database keeps collects goods: sent messages, links, QR images, API bodies."""

from unittest.mock import patch

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.base.models.ir_mail_server import IrMailServer

from ..core import credential
from .browser import activate_buyer_lang
from .common import PickupCommon

API = "/pickup/api/v1"


@tagged("post_install", "-at_install")
class TestPickupSecretsAtRest(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_key = cls.env["res.users.apikeys"].with_user(cls.counter_a).sudo(False) \
            ._generate(None, "counter A scanner",
                       fields.Datetime.add(fields.Datetime.now(), days=1))

    def _post(self, path, raw):
        return self.url_open(API + path, data=raw, headers={
            "Content-Type": "application/json", "Authorization": "Bearer %s" % self.api_key})

    def _holding(self, code, model, field):
        """Rows of ``model`` whose ``field`` holds this code's short code or QR secret."""
        short = self._short(code)
        spelled = "%s-%s-%s" % (short[:4], short[4:8], short[8])
        rows = self.env[model].sudo().search([])
        return rows.filtered(lambda r: any(secret in (r[field] or "") for secret in
                                           (short, spelled, self._qr(code))))

    def test_sent_sms_are_deleted_at_once(self):
        code = self._code_of(self._create_order())
        self.assertTrue(self._sms_of(code), "the gateway got it")
        self.assertFalse(self._holding(code, "sms.sms", "body"),
                         "not kept until Odoo's daily clean-up")

    def test_refused_mail_keeps_no_code(self):
        code = self._code_of(self._create_order())
        mail = code.sudo().notify_mail_id
        self.assertTrue(mail.pickup_holds_code)
        self.assertFalse(mail.attachment_ids, "the QR is a link, not a stored image")
        self.assertNotIn("data:image", mail.body_html)
        # Queued, it holds markers; the secrets are filled in as it goes to the server.
        self.assertFalse(self._holding(code, "mail.mail", "body_html"))
        self.assertIn("%%PICKUP_SHORT_CODE%%", mail.body_html)
        outgoing = mail._prepare_outgoing_body()
        short = self._short(code)
        self.assertIn("%s-%s-%s" % (short[:4], short[4:8], short[8]), outgoing)
        self.assertIn("/p/%s/qr.png" % code._get_link_token(), outgoing)
        self.assertNotIn("%%PICKUP", outgoing)
        with patch.object(IrMailServer, "connect", side_effect=ConnectionRefusedError(111, "x")):
            mail.send()
        self.assertEqual(mail.state, "exception")
        self.assertFalse(self._holding(code, "mail.mail", "body_html"))
        self.assertFalse(self._holding(code, "mail.message", "body"))

    def test_no_qr_image_attachment_and_no_stored_portal_token(self):
        code = self._code_of(self._create_order())
        self.assertFalse(self.env["ir.attachment"].sudo().search(
            [("name", "=like", "pickup-%")]))
        self.env.cr.execute("SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = 'pickup_code' AND column_name = 'access_token'")
        self.assertFalse(self.env.cr.fetchall(), "the portal token is derived, not stored")
        self.assertTrue(code.access_token)
        self.assertIn(code.access_token, code.get_portal_url())

    def test_short_link_opens_the_page_and_the_qr_image_then_dies_with_the_code(self):
        code = self._code_of(self._create_order())
        token = code._get_link_token()
        self.assertEqual(len(token), 16)
        page = self.url_open("/p/%s" % token)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self._qr(code), page.text)
        self.assertIn('<svg width="100%"', page.text, "the QR is drawn, not printed as text")
        self.assertNotIn("&lt;svg", page.text)
        image = self.url_open("/p/%s/qr.png" % token)
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.headers["Content-Type"], "image/png")
        self.assertTrue(image.content.startswith(b"\x89PNG"))
        forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
        self.assertEqual(self.url_open("/p/%s" % forged).status_code, 404)
        self.assertEqual(self.url_open("/p/%s/qr.png" % forged).status_code, 404)
        with self.mockSMSGateway(sms_allow_unlink=True):
            code.with_user(self.supervisor).action_regenerate()
        self.assertEqual(self.url_open("/p/%s" % token).status_code, 404,
                         "a regenerated code kills the old links")
        new = code.replaced_by_id
        new.sudo().expiry_date = fields.Datetime.subtract(fields.Datetime.now(), minutes=1)
        self.assertEqual(self.url_open("/p/%s" % new._get_link_token()).status_code, 404,
                         "the link expires with the code")

    def test_messages_carry_the_short_link(self):
        code = self._code_of(self._create_order())
        body = self._sms_of(code)[-1]["body"]
        self.assertIn("/p/", body)
        self.assertNotIn("access_token", body)

    def test_deeply_nested_json_is_a_400(self):
        for raw in ("[" * 30000 + "]" * 30000,
                    _nested_steps(5000), _nested_steps(40)):
            for path in ("/verify", "/redeem"):
                with self.subTest(path=path, size=len(raw)):
                    answer = self._post(path, raw)
                    self.assertEqual(answer.status_code, 400, answer.text[:200])
                    self.assertIn("error", answer.json())


    def test_portal_token_only_for_the_buyer_the_system_and_admins(self):
        """Odoo's public ``get_portal_url`` computes the token without record rules: a
        stranger on the portal or a clerk must not get a link that shows somebody's code."""
        code = self._code_of(self._create_order())
        stranger = new_test_user(self.env, "pk_stranger", groups="base.group_portal")
        buyer = new_test_user(self.env, "pk_buyer_self", groups="base.group_portal",
                              partner_id=code.partner_id.id)
        token = code.sudo().access_token
        self.assertTrue(token)
        for user in (stranger, self.counter_a, self.supervisor):
            as_user = code.with_user(user)
            self.assertFalse(as_user.access_token, user.login)
            self.assertNotIn(token, as_user.get_portal_url(), user.login)
        self.assertEqual(code.with_user(buyer).access_token, token)
        # Guessing ids through the portal leaks nothing either.
        self.authenticate("pk_stranger", "pk_stranger")
        page = self.url_open("/my/pickups/%s" % code.id)
        self.assertNotIn(credential.format_short_code(self._short(code)), page.text)
        self.assertNotIn(self._short(code), page.text)
        self.assertNotIn(token, page.text)

    def test_short_link_stays_in_the_buyers_language_on_the_next_open(self):
        """The first open of an SMS link sets Odoo's language cookie: to the buyer's
        language, so the second open (the same browser) reads the same page."""
        activate_buyer_lang(self.env, "zh_TW")
        code = self._code_of(self._create_order())
        code.partner_id.lang = "zh_TW"
        path = "/p/%s" % code._get_link_token()
        for visit in ("first", "second"):
            page = self.url_open(path)
            self.assertEqual(page.status_code, 200)
            self.assertIn("取貨點", page.text, visit)
        self.assertEqual(self.opener.cookies.get("frontend_lang"), "zh_TW")


def _nested_steps(depth):
    """A body whose ``steps`` nest ``depth`` objects deep (spelled out: ``json.dumps`` would
    itself hit the recursion limit)."""
    return '{"code": "x", "point": "PTA", "steps": %s{}%s}' % ('{"a": ' * depth, "}" * depth)
