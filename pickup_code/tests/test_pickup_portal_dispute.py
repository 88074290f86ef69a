"""A buyer told "collected" disputes the hand-over from the portal."""

import base64
import io

from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .browser import PHONE, activate_buyer_lang, open_page, save_screenshot
from .common import PickupCommon


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestPickupPortalDispute(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "pk_dispute1", groups="base.group_portal",
                                        partner_id=cls.buyer.id)
        cls.portal_user2 = new_test_user(cls.env, "pk_dispute2", groups="base.group_portal",
                                         partner_id=cls.buyer2.id)

    def _collected(self):
        code = self._code_of(self._create_order())
        self.assertEqual(self._service().redeem(self._short(code), "PTA",
                                                station="counter-3")["reason"], "ok")
        return code

    def _report(self, code, dispute_type="not_collected", text="I was at work all day",
                photo=None):
        page = self.url_open("/my/pickups/%s" % code.id)
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        files = {"photo": ("photo.png", photo, "image/png")} if photo is not None else None
        return self.url_open("/my/pickups/%s/dispute" % code.id, data={
            "csrf_token": token, "dispute_type": dispute_type, "description": text},
            files=files, allow_redirects=False)

    def _disputes(self, code):
        return self.env["pickup.dispute"].sudo().search([("code_id", "=", code.id)])

    def test_a_buyer_disputes_with_a_photo_and_the_supervisor_gets_the_evidence(self):
        code = self._collected()
        self.authenticate("pk_dispute1", "pk_dispute1")
        page = self.url_open("/my/pickups/%s" % code.id).text
        self.assertIn("pickup-dispute", page)
        answer = self._report(code, photo=_png())
        self.assertIn("dispute=ok", answer.headers["Location"])
        dispute = self._disputes(code)
        self.assertEqual(len(dispute), 1)
        self.assertEqual((dispute.source, dispute.dispute_type, dispute.state),
                         ("portal", "not_collected", "open"))
        self.assertEqual(dispute.handover_id, code.entitlement_id.handover_ids)
        self.assertTrue(dispute.photo)
        self.assertEqual(dispute.description, "I was at work all day")
        # The hand-over's evidence, in the point's time, with the images attached.
        note = dispute.message_ids.filtered(lambda m: "counter-3" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn(self.counter_a.name, note.body)
        self.assertIn("(UTC+8)", note.body)
        self.assertIn("buyer-photo.jpg", note.attachment_ids.mapped("name"))
        activity = dispute.activity_ids
        self.assertEqual(activity.user_id, self.point_a._get_pickup_supervisor())
        self.assertIn("I was at work all day", activity.note)
        # The page now says the report is being handled, and a second report joins it.
        page = self.url_open("/my/pickups/%s" % code.id).text
        self.assertIn("pickup-dispute-open", page)
        self.assertIn(dispute.name, page)

    def test_the_buyers_text_is_never_markup_for_the_supervisor(self):
        code = self._collected()
        dispute = self.env["pickup.dispute"].with_user(self.portal_user)._create_from_portal(
            code, "other", '<a href="https://evil.example/">see</a><img src="https://x/p.png">')
        self.assertNotIn("<a", dispute.activity_ids.note)
        self.assertNotIn("<img", dispute.activity_ids.note)
        self.assertIn("&lt;a href", dispute.activity_ids.note)

    def test_a_second_report_joins_the_open_one(self):
        code = self._collected()
        self.authenticate("pk_dispute1", "pk_dispute1")
        self._report(code)
        dispute = self._disputes(code)
        dispute.invalidate_recordset()
        Dispute = self.env["pickup.dispute"]
        again = Dispute._create_from_portal(code, "damaged", "and the box was wet")
        self.assertEqual(again, dispute)
        self.assertEqual(len(self._disputes(code)), 1)
        self.assertIn("and the box was wet", dispute.message_ids[0].body)

    def test_nobody_else_and_nothing_uncollected_can_be_disputed(self):
        code = self._collected()
        own = self._code_of(self._create_order(partner=self.buyer2))
        self._service().redeem(self._short(own), "PTA")
        self.authenticate("pk_dispute2", "pk_dispute2")
        # Another buyer: neither the page nor the route, even with a valid form token.
        page = self.url_open("/my/pickups/%s" % own.id).text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        other = self.url_open("/my/pickups/%s" % code.id, allow_redirects=False)
        self.assertIn(other.status_code, (302, 303))
        answer = self.url_open("/my/pickups/%s/dispute" % code.id, data={
            "csrf_token": token, "dispute_type": "not_collected"}, allow_redirects=False)
        self.assertIn(answer.status_code, (302, 303))
        self.assertNotIn("dispute=ok", answer.headers.get("Location", ""))
        self.assertFalse(self._disputes(code))
        # Not collected yet: nothing to dispute.
        waiting = self._code_of(self._create_order())
        self.authenticate("pk_dispute1", "pk_dispute1")
        self.assertNotIn("pickup-dispute", self.url_open("/my/pickups/%s" % waiting.id).text)
        with self.assertRaises(UserError):
            self.env["pickup.dispute"]._create_from_portal(waiting, "not_collected", "")

    def test_a_file_that_is_no_image_or_no_type_changes_nothing(self):
        code = self._collected()
        self.authenticate("pk_dispute1", "pk_dispute1")
        answer = self._report(code, photo=b"%PDF-1.4 not an image")
        self.assertIn("dispute=photo", answer.headers["Location"])
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script/></svg>'
        answer = self._report(code, photo=svg)
        self.assertIn("dispute=photo", answer.headers["Location"])
        answer = self._report(code, dispute_type="because")
        self.assertIn("dispute=type", answer.headers["Location"])
        self.assertFalse(self._disputes(code))

    def test_the_dispute_is_tied_to_the_buyer_and_the_handover(self):
        code = self._collected()
        dispute = self.env["pickup.dispute"]._create_from_portal(
            code, "wrong_items", "one box missing", base64.b64encode(_png()))
        self.assertEqual(dispute.handover_id.code_id, code)
        self.assertEqual(dispute.partner_id, self.buyer)

    def test_dispute_tour_on_a_phone(self):
        """The buyer's walk in Chromium at phone width; the record proves the tour ran."""
        code = self._collected()
        self.browser_size = "390,844"
        self.touch_enabled = True
        self.start_tour("/my/pickups/%s" % code.id, "pickup_portal_dispute_tour",
                        login="pk_dispute1")
        dispute = self._disputes(code)
        self.assertEqual(len(dispute), 1)
        self.assertEqual(dispute.dispute_type, "wrong_items")
        self.assertEqual(dispute.description, "One box of three was missing")

    def test_dispute_form_at_phone_width_in_chinese(self):
        """The form as a buyer sees it, in zh_TW, fits a phone (screenshot with
        ``PICKUP_SCREENSHOTS=1``: static/description/portal_dispute_zh_TW.png)."""
        activate_buyer_lang(self.env, "zh_TW")
        self.buyer.lang = "zh_TW"
        self.portal_user.lang = "zh_TW"
        code = self._collected()
        with open_page(self, "/my/pickups/%s" % code.id, login="pk_dispute1") as page:
            page.eval("document.querySelector('details.pickup-dispute').open = true; true")
            text = page.eval("document.body.innerText")
            self.assertIn("取貨有問題", text)
            self.assertLessEqual(page.page_width(), PHONE[0] + 1)
            save_screenshot(__file__, "portal_dispute_zh_TW.png", page.screenshot(full_page=True))
