"""See what a buyer or a clerk sees: pages in real headless Chromium, QR codes read back with a
real decoder (zxing-cpp, the library Odoo's own barcode scanner falls back on).

Screenshots are written into the addons' ``static/description/`` only when the environment
variable ``PICKUP_SCREENSHOTS=1`` is set (see the README), so that a plain test run never
rewrites committed files.
"""
import base64
import json
import io
import logging
import os

from odoo.tests.common import HOST, ChromeBrowser

_logger = logging.getLogger(__name__)

try:
    import zxingcpp
    from PIL import Image
except ImportError:  # the skip says so loudly (see need_decoder)
    zxingcpp = None

PHONE = (390, 844)
SCREENSHOTS_ENV = "PICKUP_SCREENSHOTS"


def activate_buyer_lang(env, code):
    """Activate a language for the buyer's pages. With ``website`` installed (the web-shop
    glue brings it) the pages speak only the website's languages, as a seller sets them in
    *Website → Configuration*; a language activated after the website was made is not one
    of them until added, so it is added to every website here."""
    env["res.lang"]._activate_lang(code)
    if "website" in env.registry:
        env["website"].sudo().search([]).language_ids |= env["res.lang"]._lang_get(code)


def need_decoder(test_case):
    """Skip, loudly, when the QR decoder is not installed in Odoo's Python."""
    if zxingcpp is None:
        _logger.warning(
            "SKIPPED %s: the QR decoder zxing-cpp (or Pillow) is missing from Odoo's Python; "
            "install it: python -m pip install zxing-cpp (scripts/lib.sh ensure_python_deps "
            "does it for make test).", type(test_case).__name__)
        test_case.skipTest("zxing-cpp is not installed: the QR cannot be decoded")


def decode_qr(png):
    """:return: the texts of the QR codes found in a PNG (bytes)"""
    image = Image.open(io.BytesIO(png)).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def png_size(png):
    return Image.open(io.BytesIO(png)).size


def save_screenshot(addon_file, name, png):
    """Write ``png`` as ``static/description/<name>`` of the addon holding ``addon_file`` when
    ``PICKUP_SCREENSHOTS=1``; otherwise nothing (committed files stay as they are)."""
    if os.environ.get(SCREENSHOTS_ENV) != "1":
        return None
    addon_dir = os.path.dirname(os.path.dirname(os.path.abspath(addon_file)))
    path = os.path.join(addon_dir, "static", "description", name)
    with open(path, "wb") as f:
        f.write(png)
    _logger.info("Screenshot written: %s", path)
    return path


class BrowserPage:
    """One Chromium tab on the test server (the test cursor's cookie set, as for tours)."""

    def __init__(self, test_case, login=None, size=PHONE, cookies=None):
        self.test = test_case
        test_case.browser_size = "%d,%d" % size
        self.browser = ChromeBrowser(test_case)
        if size == PHONE:
            # A phone: overlay scrollbars, the viewport meta tag honoured, a 2x screen.
            self.browser._websocket_request("Emulation.setDeviceMetricsOverride", params={
                "mobile": True, "width": size[0], "height": size[1], "deviceScaleFactor": 2})
        test_case.authenticate(login, login, browser=self.browser)
        for name, value in (cookies or {}).items():
            self.browser.set_cookie(name, value, "/", HOST)
        test_case.cr.flush()
        test_case.cr.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        # Leave the page first: its scripts' pending requests end before the browser does
        # (else they log "Failed to fetch").
        try:
            self.browser.navigate_to("about:blank", wait_stop=True)
        finally:
            self.browser.stop()
        self.test._wait_remaining_requests()

    def open(self, url_path, ready=None):
        self.browser.navigate_to(self.test.base_url() + url_path, wait_stop=True)
        self.test.assertTrue(self.browser._wait_ready(ready), "page did not get ready: %s"
                             % url_path)
        self.wait_images()

    def set_html(self, html):
        """Show an HTML document (an e-mail as sent) with the server's origin: its images
        load from the server as a mail client would load them."""
        self.open("/web/health")
        self.eval("document.open(); document.write(%s); document.close(); true"
                  % json.dumps(html))
        self.wait_images()

    def eval(self, expression):
        result = self.browser._websocket_request("Runtime.evaluate", params={
            "expression": expression, "awaitPromise": True, "returnByValue": True,
        }, timeout=30)["result"]
        return result.get("value")

    def wait_images(self):
        # Not the lazy ones: below the fold they never load in a headless tab (the web
        # site's layout has some when `website` is installed, e.g. with Click & Collect).
        self.eval("Promise.all([...document.images].filter(i => i.loading !== 'lazy')"
                  ".map(i => i.complete ? 1 : new Promise(r => { i.onload = i.onerror = r; })))")

    def screenshot(self, full_page=False):
        """:return: PNG bytes of the viewport (or the whole page)"""
        # Let entrance animations (the counter's verdict flash) finish: no half-faded frame.
        self.eval("Promise.race([new Promise((r) => setTimeout(r, 2000)), Promise.all("
                  "document.getAnimations().filter((a) => a.effect && a.effect"
                  ".getComputedTiming().endTime !== Infinity).map((a) => a.finished))"
                  ".catch(() => true)]).then(() => true)")
        params = {"format": "png"}
        if full_page:
            width, height = self.eval("[document.documentElement.scrollWidth, "
                                      "document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True, clip={
                "x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        data = self.browser._websocket_request("Page.captureScreenshot", params=params,
                                               timeout=30)["data"]
        return base64.b64decode(data)

    def page_width(self):
        """:return: the right edge of the widest element of the page (CSS px); Odoo's layout
        hides horizontal overflow, so the document's scroll width would not show it"""
        # Hidden elements do not count: the web site's off-canvas menu waits off-screen.
        return self.eval("Math.max(document.documentElement.scrollWidth, ...[...document"
                         ".querySelectorAll('body *')].filter(e => getComputedStyle(e)"
                         ".visibility !== 'hidden').map(e => e.getBoundingClientRect()"
                         ".right))")


def open_page(test_case, url_path=None, login=None, size=PHONE, cookies=None):
    page = BrowserPage(test_case, login=login, size=size, cookies=cookies)
    if url_path:
        try:
            page.open(url_path)
        except Exception:
            page.__exit__(None, None, None)
            raise
    return page


class ScreensMixin:
    """What the screenshot tests of every addon need: demo records and waiting for a screen."""

    def _demo(self, xmlid):
        record = self.env.ref(xmlid, raise_if_not_found=False)
        if not record:
            self.skipTest("the demo data is not installed (%s)" % xmlid)
        return record

    def _wait_for(self, page, selector, timeout_ms=20000):
        found = page.eval(
            "new Promise((resolve) => { const start = Date.now(); (function poll() { "
            "if (document.querySelector(%s)) { resolve(true); } "
            "else if (Date.now() - start > %d) { resolve(false); } "
            "else { setTimeout(poll, 100); } })(); })" % (json.dumps(selector), timeout_ms))
        self.assertTrue(found, "%s did not appear" % selector)
