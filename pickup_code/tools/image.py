"""Image checks shared by the scan path and the hand-over record."""

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
