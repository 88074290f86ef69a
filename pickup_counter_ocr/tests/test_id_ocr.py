import base64
import io
import os
import shutil
import subprocess
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.pickup_code.core import qr_image

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon

from ..core import id_document
from ..models.pickup_counter import TESSERACT_CMD_PARAM

# A made-up holder on a made-up card: the name is the Chinese "John Doe" and the number is
# the well-known specimen of the Taiwan ID scheme (its check digit holds).
SAMPLE_NAME = "王小明"
SAMPLE_NUMBER = "A123456789"
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
# Any readable image stands in for the photo of the document in the retention tests.
PHOTO = base64.b64encode(qr_image.qr_png("id photo stand-in")).decode()


def _cjk_font_path():
    """A font with Traditional Chinese glyphs: WenQuanYi Zen Hei, else what fontconfig has."""
    if os.path.exists(CJK_FONT):
        return CJK_FONT
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-tw"],
                               capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    return found.stdout.strip() or None


def _sample_card_png():
    """Draw a fictional national ID card (title, name, dates, number) as a PNG, base64."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = _cjk_font_path()
    if not font_path:
        raise AssertionError("No CJK font to draw the sample card: run `make ocr` "
                             "(installs fonts-wqy-zenhei).")
    card = Image.new("RGB", (1000, 630), "white")
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((10, 10, 990, 620), radius=30, outline="#7a9cc6", width=6)
    y = 40
    for text, size in (("中華民國國民身分證", 56), ("姓名  " + SAMPLE_NAME, 44),
                       ("出生  民國 80 年 1 月 1 日", 36), ("性別  男", 36),
                       ("發證日期  民國 110 年 1 月 1 日", 32),
                       ("統一編號  " + SAMPLE_NUMBER, 44)):
        draw.text((50, y), text, font=ImageFont.truetype(font_path, size), fill="black")
        y += size + 30
    buffer = io.BytesIO()
    card.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestIdOcr(BridgeCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.id_rule = cls.env["pickup.policy.rule"].create({
            "name": "ID for every hand-over", "sequence": 1, "step_id_check": True,
        })
        cls.holder = cls.env["res.partner"].create({
            "name": SAMPLE_NAME, "mobile": "0933111222", "email": "holder@example.com",
            "country_id": cls.env.ref("base.tw").id})
        cls.holder.action_pickup_set_id_last4("national_id", SAMPLE_NUMBER[-4:])

    def _counter(self, user=None):
        return self.env["pickup.counter"].with_user(user or self.counter_a)

    def _ready_code(self):
        code = self._code_of(self._create_order(partner=self.holder))
        self.assertEqual(code.state, "ready")
        return code

    def _handover(self, code):
        return self.env["pickup.handover"].search([("code_id", "=", code.id)])

    def _id_photo_attachments(self, handover):
        return self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "pickup.handover"), ("res_field", "=", "id_photo"),
            ("res_id", "=", handover.id)])

    def _skip_without_tesseract(self):
        try:
            import pytesseract  # noqa: F401
        except ImportError:
            self.skipTest("pytesseract is not installed (make ocr)")
        if not shutil.which("tesseract"):
            self.skipTest("Tesseract is not installed (make ocr)")

    # === OCR === #

    def test_sample_card_fills_the_id_step(self):
        self._skip_without_tesseract()
        self.assertTrue(id_document.tw_id_checksum_ok(SAMPLE_NUMBER))
        self.assertTrue(self._counter().get_counter_context()["ocr_available"])
        result = self._counter().read_id_document(_sample_card_png())
        self.assertTrue(result["available"])
        self.assertTrue(result["recognised"], result.get("message"))
        self.assertEqual(result["doc_type"], "national_id")
        self.assertEqual(result["name"], SAMPLE_NAME)
        self.assertEqual(result["last4"], SAMPLE_NUMBER[-4:])
        self.assertNotIn("checksum_failed", result["flags"])
        self.assertNotIn(SAMPLE_NUMBER, repr(result), "the full number never leaves the server")
        # Staff confirm what was read: it passes the ID step as typed values would.
        code = self._ready_code()
        redeem = self._service().redeem(self._short(code), "PTA", steps={"id_check": {
            "doc_type": result["doc_type"], "last4": result["last4"]}})
        self.assertEqual(redeem["reason"], "ok")
        self.assertEqual(self._handover(code).id_doc_type, "national_id")

    def test_counter_reads_the_id_card_from_a_photo_tour(self):
        """In the browser: the clerk takes a photo, the ID step fills, the clerk hands over."""
        self._skip_without_tesseract()
        code = self._ready_code()
        card = self.env["ir.attachment"].create({
            "name": "sample-id-card.png", "datas": _sample_card_png(), "public": True})
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("pickup_counter_ocr.tour_code", code._get_credentials().short_code)
        ICP.set_param("pickup_counter_ocr.tour_card", card.id)
        self.start_tour("/odoo/action-stock_pickup_bridge.action_pickup_counter",
                        "pickup_counter_ocr_tour", login="admin")
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
        handover = self._handover(code)
        self.assertEqual(handover.id_doc_type, "national_id")
        self.assertFalse(self._id_photo_attachments(handover), "not kept by default")

    def test_blank_and_bad_images_answer_with_a_message(self):
        self._skip_without_tesseract()
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (800, 500), "white").save(buffer, format="PNG")
        blank = self._counter().read_id_document(base64.b64encode(buffer.getvalue()).decode())
        self.assertTrue(blank["available"])
        self.assertFalse(blank["recognised"])
        self.assertIn("Nothing could be read", blank["message"])
        for bad in ("not an image", base64.b64encode(b"GIF89a-truncated").decode(), None, 42):
            result = self._counter().read_id_document(bad)
            self.assertFalse(result["recognised"])
            self.assertTrue(result["error"])
            self.assertIn("not a readable image", result["message"])
        huge = self._counter().read_id_document("A" * (12 * 1024 * 1024))
        self.assertIn("too large", huge["message"])

    def test_ocr_is_for_counter_staff(self):
        clerk = new_test_user(self.env, "pk_not_counter", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._counter(clerk).read_id_document(PHOTO)

    def test_without_tesseract_the_id_step_stays_manual(self):
        self.env["ir.config_parameter"].sudo().set_param(
            TESSERACT_CMD_PARAM, "/nonexistent/bin/tesseract")
        context = self._counter().get_counter_context()
        self.assertFalse(context["ocr_available"])
        self.assertEqual(self._counter().read_id_document(PHOTO), {"available": False})
        code = self._ready_code()
        redeem = self._service().redeem(self._short(code), "PTA", steps={"id_check": {
            "doc_type": "national_id", "last4": SAMPLE_NUMBER[-4:]}})
        self.assertEqual(redeem["reason"], "ok")

    # === RETENTION === #

    def test_id_photo_is_not_kept_by_default(self):
        self.assertEqual(self.company.pickup_id_photo_retention_days, 0)
        self.assertFalse(self._counter().get_counter_context()["keep_id_photo"])
        code = self._ready_code()
        redeem = self._service().redeem(self._short(code), "PTA", steps={"id_check": {
            "doc_type": "national_id", "last4": SAMPLE_NUMBER[-4:], "photo": PHOTO}})
        self.assertEqual(redeem["reason"], "ok")
        handover = self._handover(code).with_user(self.supervisor)
        self.assertFalse(handover.id_photo)
        self.assertFalse(handover.id_photo_delete_after)
        self.assertFalse(self._id_photo_attachments(handover))

    def test_id_photo_kept_for_the_retention_period_then_deleted(self):
        self.company.pickup_id_photo_retention_days = 30
        self.assertTrue(self._counter().get_counter_context()["keep_id_photo"])
        code = self._ready_code()
        redeem = self._service().redeem(self._short(code), "PTA", steps={"id_check": {
            "doc_type": "national_id", "last4": SAMPLE_NUMBER[-4:], "photo": PHOTO}})
        self.assertEqual(redeem["reason"], "ok")
        handover = self._handover(code).with_user(self.supervisor)
        self.assertTrue(handover.id_photo)
        self.assertEqual(handover.id_photo_delete_after,
                         handover.handover_date + timedelta(days=30))
        self.assertEqual(len(self._id_photo_attachments(handover)), 1)
        # Counter staff record the photo but cannot read it back.
        with self.assertRaises(AccessError):
            self._handover(code).with_user(self.counter_a).read(["id_photo"])

        Handover = self.env["pickup.handover"]
        delete_after = handover.id_photo_delete_after
        with freeze_time(delete_after - timedelta(minutes=1)):
            self.assertEqual(Handover._cron_delete_expired_id_photos(), 0)
        handover.invalidate_recordset()
        self.assertTrue(handover.id_photo, "kept until its date")
        with freeze_time(delete_after + timedelta(minutes=1)):
            self.assertEqual(Handover._cron_delete_expired_id_photos(), 1)
            self.assertEqual(Handover._cron_delete_expired_id_photos(), 0, "idempotent")
        handover.invalidate_recordset()
        self.assertFalse(handover.id_photo)
        self.assertFalse(handover.id_photo_delete_after)
        self.assertFalse(self._id_photo_attachments(handover))

    def test_retention_job_works_in_batches(self):
        self.company.pickup_id_photo_retention_days = 1
        handovers = self.env["pickup.handover"]
        for _i in range(3):
            code = self._ready_code()
            self._service().redeem(self._short(code), "PTA", steps={"id_check": {
                "doc_type": "national_id", "last4": SAMPLE_NUMBER[-4:], "photo": PHOTO}})
            handovers |= self._handover(code)
        self.assertEqual(len(handovers.sudo().filtered("id_photo")), 3)
        Handover = self.env["pickup.handover"]
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            # One batch per call; Odoo's cron runner calls again while some remain.
            self.assertEqual(Handover._cron_delete_expired_id_photos(batch_size=2), 2)
            self.assertEqual(len(handovers.sudo().filtered("id_photo")), 1)
            self.assertEqual(Handover._cron_delete_expired_id_photos(batch_size=2), 1)
            self.assertEqual(Handover._cron_delete_expired_id_photos(batch_size=2), 0)
        handovers.invalidate_recordset()
        self.assertFalse(handovers.sudo().filtered("id_photo"))

    def test_unreadable_id_photo_is_not_kept(self):
        self.company.pickup_id_photo_retention_days = 30
        code = self._ready_code()
        redeem = self._service().redeem(self._short(code), "PTA", steps={"id_check": {
            "doc_type": "national_id", "last4": SAMPLE_NUMBER[-4:], "photo": "bm90IGFuIGltYWdl"}})
        self.assertEqual(redeem["reason"], "ok")
        self.assertFalse(self._handover(code).sudo().id_photo)
