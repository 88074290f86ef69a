import base64
import binascii
import io
import logging
import subprocess
import time

from PIL import Image, ImageOps

from odoo import api, models

from ..core import id_document

try:  # Declared in the manifest; should it vanish later, the ID step stays manual.
    import pytesseract
except ImportError:
    pytesseract = None

_logger = logging.getLogger(__name__)
_LANCZOS = getattr(Image, "Resampling", Image).LANCZOS

TESSERACT_CMD_PARAM = "pickup_counter_ocr.tesseract_cmd"
OCR_LANGUAGES = ("chi_tra", "eng")
# What each Tesseract command lists, per worker process: {cmd: (monotonic time, languages)}.
_LANGUAGES_CACHE = {}
LANGUAGES_CACHE_SECONDS = 60
# Limits on what the counter may send: a phone photo, not an arbitrary upload.
OCR_MAX_IMAGE_BYTES = 8 * 1024 * 1024
OCR_MAX_PIXELS = 40_000_000
# Tesseract works best with the card text 20–40 px high: bring the longest side here.
OCR_TARGET_SIDE = 2000
OCR_TIMEOUT_SECONDS = 20
# Page segmentation: one block of text first, then sparse text when that reads nothing.
OCR_PAGE_MODES = (6, 11)


class PickupCounter(models.AbstractModel):
    """Extends the counter with reading the collector's ID document from a photo (OCR).

    The Tesseract binary is optional: when it (system parameter
    ``pickup_counter_ocr.tesseract_cmd``, default ``tesseract`` on ``PATH``) does not run, or
    has neither language, the screen hides the button and staff type the details.
    """

    _inherit = "pickup.counter"

    @api.model
    def get_counter_context(self):
        """Override of `stock_pickup_bridge`: tell the screen whether OCR is available and
        whether the ID photo is kept with the hand-over."""
        context = super().get_counter_context()
        context["ocr_available"] = bool(self._ocr_get_languages())
        context["keep_id_photo"] = self.env.company.pickup_id_photo_retention_days > 0
        return context

    # === OCR === #

    @api.model
    def read_id_document(self, image_base64):
        """Read document type, name and last 4 characters from a photo of an ID document.

        Nothing is stored and neither the text nor the number is logged: staff confirm the
        fields on screen, and the photo is kept only if sent again with the ID step.

        :param str image_base64: the photo (base64, optionally a ``data:`` URL)
        :return: ``{"available": False}`` without OCR; else ``{"available": True,
            "recognised", "doc_type", "name", "last4", "confidence", "flags", "message"}``
        :raises AccessError: for users outside the Counter Staff group
        """
        self._check_counter_staff()
        languages = self._ocr_get_languages()
        if not languages:
            return {"available": False}
        image, error = self._ocr_load_image(image_base64)
        if error:
            return self._ocr_answer(id_document.IdReading(), error)
        reading = id_document.IdReading()
        for page_mode in OCR_PAGE_MODES:
            try:
                text = pytesseract.image_to_string(
                    image, lang="+".join(languages), config="--psm %d" % page_mode,
                    timeout=OCR_TIMEOUT_SECONDS)
            except pytesseract.TesseractNotFoundError:
                return {"available": False}
            except (pytesseract.TesseractError, RuntimeError, OSError) as err:
                # RuntimeError: pytesseract's timeout. The message holds no OCR text.
                _logger.warning("ID OCR failed: %s", type(err).__name__)
                return self._ocr_answer(reading, self.env._(
                    "The photo could not be read in time. Take it again, closer and "
                    "sharper, or type the details."))
            reading = id_document.parse_id_text(text)
            if reading.recognised:
                break
        _logger.info("ID OCR: recognised=%s type=%s confidence=%.2f", reading.recognised,
                     reading.doc_type, reading.confidence)
        return self._ocr_answer(reading)

    @api.model
    def _ocr_answer(self, reading, error=None):
        """:return: the dict ``read_id_document`` answers, with a message for staff."""
        answer = dict(reading.as_dict(), available=True)
        if error:
            answer.update(recognised=False, error=True, message=error)
        elif not reading.recognised:
            answer["message"] = self.env._(
                "Nothing could be read from this photo. Take it again (flat, well lit, the "
                "whole card in the frame) or type the details.")
        elif id_document.FLAG_CHECKSUM_FAILED in reading.flags or not reading.last4:
            answer["message"] = self.env._(
                "Read in part: the document number is uncertain. Compare every field with "
                "the document and correct it before you hand over.")
        else:
            answer["message"] = self.env._(
                "Read from the photo: compare the type, name and last 4 characters with the "
                "document before you hand over.")
        return answer

    @api.model
    def _ocr_get_tesseract_cmd(self):
        """:return: the Tesseract command (system parameter, else ``tesseract``)."""
        # Sudo: counter staff may not read system parameters.
        return (self.env["ir.config_parameter"].sudo().get_param(TESSERACT_CMD_PARAM)
                or "tesseract").strip()

    @api.model
    def _ocr_get_languages(self):
        """Which of ``OCR_LANGUAGES`` the installed Tesseract has.

        Asks the binary itself (``--list-langs``; pytesseract caches its own answer once per
        process, whatever the command), at most once a minute per command: every counter
        screen load asks, and Tesseract installed meanwhile is found within the minute.

        :return: tuple of language codes; empty when OCR is not available
        """
        if pytesseract is None:
            return ()
        cmd = self._ocr_get_tesseract_cmd()
        asked_at, languages = _LANGUAGES_CACHE.get(cmd, (None, ()))
        if asked_at is None or time.monotonic() - asked_at > LANGUAGES_CACHE_SECONDS:
            languages = self._ocr_list_languages(cmd)
            _LANGUAGES_CACHE[cmd] = (time.monotonic(), languages)
        if languages:
            pytesseract.pytesseract.tesseract_cmd = cmd
        return languages

    @api.model
    def _ocr_list_languages(self, cmd):
        """:return: the ``OCR_LANGUAGES`` that the Tesseract binary ``cmd`` lists"""
        try:
            result = subprocess.run([cmd, "--list-langs"], capture_output=True, timeout=10,
                                    check=False)
        except (OSError, ValueError, subprocess.SubprocessError):
            return ()
        if result.returncode:
            return ()
        installed = set(result.stdout.decode("utf-8", "replace").split())
        return tuple(lang for lang in OCR_LANGUAGES if lang in installed)

    @api.model
    def _ocr_load_image(self, image_base64):
        """Decode, check and prepare a photo for OCR (grey, upright, sensible size).

        :return: (PIL image, None) or (None, message for staff)
        """
        unreadable = self.env._("This file is not a readable image. Take the photo again.")
        too_large = self.env._("The photo is too large (at most %(mb)s MB and %(mp)s megapixels). "
                      "Take it again at a lower resolution.",
                      mb=OCR_MAX_IMAGE_BYTES // (1024 * 1024), mp=OCR_MAX_PIXELS // 1_000_000)
        if not isinstance(image_base64, str) or not image_base64:
            return None, unreadable
        if image_base64.startswith("data:"):
            image_base64 = image_base64.partition(",")[2]
        if len(image_base64) > OCR_MAX_IMAGE_BYTES * 4 // 3 + 4:
            return None, too_large
        try:
            raw = base64.b64decode(image_base64, validate=True)
        except (binascii.Error, ValueError):
            return None, unreadable
        try:
            image = Image.open(io.BytesIO(raw))
            if image.width * image.height > OCR_MAX_PIXELS:
                return None, too_large
            image = ImageOps.exif_transpose(image)
            image = ImageOps.autocontrast(image.convert("L"))
        except Image.DecompressionBombError:
            return None, too_large
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning):
            return None, unreadable
        scale = OCR_TARGET_SIDE / max(image.size)
        if scale < 1 or scale > 1.5:
            image = image.resize((max(1, round(image.width * scale)),
                                  max(1, round(image.height * scale))), _LANCZOS)
        return image, None
