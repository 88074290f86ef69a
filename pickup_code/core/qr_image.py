"""QR images of a credential for SMS/e-mail attachments, the portal and print.

Error correction M (about 15 % of modules recoverable) tolerates a cracked phone screen or
a smudged print while keeping a ~160-character token at a scannable module size. PNG goes
through qrcode's pure-Python PyPNG backend so no Pillow is needed.
"""

import io

import qrcode
import qrcode.constants
import qrcode.exceptions
import qrcode.image.pure
import qrcode.image.svg

BOX_SIZE = 10
# Four modules of quiet zone is the minimum the QR standard asks for.
BORDER = 4


def _qr(text: str, image_factory) -> qrcode.QRCode:
    """Build the QR matrix.

    :param text: text to encode.
    :param image_factory: qrcode image class.
    :return: a QRCode with data added and fitted.
    :raises ValueError: when ``text`` is not a non-empty str or exceeds QR capacity.
    """
    if not isinstance(text, str) or not text:
        raise ValueError("QR text must be a non-empty str")
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=BOX_SIZE,
        border=BORDER,
        image_factory=image_factory,
    )
    qr.add_data(text)
    try:
        qr.make(fit=True)
    except (qrcode.exceptions.DataOverflowError, ValueError) as exc:
        # qrcode reports overflow either way depending on version ("version 41").
        raise ValueError("text too long for a QR code") from exc
    return qr


def qr_png(text: str) -> bytes:
    """Render text as a PNG QR code.

    :param text: credential text (QR secret or signed token).
    :return: PNG file bytes.
    :raises ValueError: on empty or non-str text, or text beyond QR capacity.
    """
    buffer = io.BytesIO()
    _qr(text, qrcode.image.pure.PyPNGImage).make_image().save(buffer)
    return buffer.getvalue()


def qr_svg(text: str) -> str:
    """Render text as an SVG QR code (a single path, scales without blur).

    :param text: credential text.
    :return: SVG document text.
    :raises ValueError: on empty or non-str text, or text beyond QR capacity.
    """
    svg = _qr(text, qrcode.image.svg.SvgPathImage).make_image().to_string(encoding="unicode")
    return svg if isinstance(svg, str) else svg.decode("utf-8")
