"""Image checks shared by the scan path and the hand-over record."""

import io

from PIL import Image

from odoo.exceptions import UserError
from odoo.tools.image import base64_to_image

MAX_IMAGE_BASE64 = 8 * 1024 * 1024


def is_image(data):
    """:return: True when ``data`` is a base64 image (an unreadable one is no evidence)."""
    if not data or not isinstance(data, str) or len(data) > MAX_IMAGE_BASE64:
        return False
    try:
        base64_to_image(data)
    except (UserError, ValueError, TypeError):
        return False
    return True


# What a phone camera or gallery gives; SVG (markup) and anything PIL cannot decode are not.
PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"})
MAX_PIXELS = 50_000_000


def is_photo(data):
    """:return: True when the raw bytes ``data`` decode as a raster photo of a known format
    (Odoo's own ``image_process`` passes SVG and WebP through unread)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PHOTO_FORMATS or image.width * image.height > MAX_PIXELS:
                return False
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True
