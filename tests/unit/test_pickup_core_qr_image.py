"""QR images: valid PNG and SVG, error correction level M."""

import struct
import xml.etree.ElementTree as ET

import pytest
import qrcode

from pickup_code.core.credential import new_qr_secret
from pickup_code.core.qr_image import BORDER, BOX_SIZE, qr_png, qr_svg
from pickup_code.core.signed_token import generate_keypair, sign_token


def _png_size(png: bytes) -> tuple:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _modules_for(text, level):
    qr = qrcode.QRCode(error_correction=level)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.modules_count


def test_png_of_qr_secret_is_a_square_png_with_quiet_zone():
    secret = new_qr_secret()
    width, height = _png_size(qr_png(secret))
    modules = _modules_for(secret, qrcode.constants.ERROR_CORRECT_M)
    assert width == height == (modules + 2 * BORDER) * BOX_SIZE


def test_signed_token_uses_error_correction_m():
    private_raw, _public_raw = generate_keypair()
    token = sign_token(private_raw, 123456, 2_000_000_000)
    width, _height = _png_size(qr_png(token))
    level_m = _modules_for(token, qrcode.constants.ERROR_CORRECT_M)
    level_l = _modules_for(token, qrcode.constants.ERROR_CORRECT_L)
    assert level_m != level_l  # the size tells the levels apart for this length
    assert width == (level_m + 2 * BORDER) * BOX_SIZE


def test_svg_is_one_path_document():
    svg = qr_svg(new_qr_secret())
    assert isinstance(svg, str)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len([el for el in root.iter() if el.tag.endswith("path")]) == 1


def test_same_text_gives_same_image():
    assert qr_png("PC1.same") == qr_png("PC1.same")
    assert qr_svg("PC1.same") == qr_svg("PC1.same")


@pytest.mark.parametrize("text", ["", None, b"PC1.x"])
def test_empty_or_non_text_is_refused(text):
    with pytest.raises(ValueError):
        qr_png(text)
    with pytest.raises(ValueError):
        qr_svg(text)


def test_text_beyond_qr_capacity_is_refused():
    with pytest.raises(ValueError):
        qr_png("x" * 5000)
    with pytest.raises(ValueError):
        qr_svg("x" * 5000)
