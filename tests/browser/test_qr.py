"""The QR code on the printed summary, read back by an independent decoder (zxing-cpp)
from Chromium's rendering of the page."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from playwright.sync_api import Page

from tests.browser.people import stored
from tests.factories import harmless


def test_qr_code_reads_back_as_the_share_url(page: Page, base_url, watch):
    share = stored(base_url, harmless())
    page.goto(share + "/print")
    png = page.locator("img.qr").screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [d.text for d in decoded] == [f"{base_url}{share}"]
    assert decoded[0].format == zxingcpp.BarcodeFormat.QRCode


def test_qr_code_survives_printing(page: Page, base_url):
    share = stored(base_url, harmless())
    page.goto(share + "/print")
    page.emulate_media(media="print")
    png = page.locator("img.qr").screenshot()
    assert [d.text for d in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == \
        [f"{base_url}{share}"]
