import base64
import re
import time

from markupsafe import Markup

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..core import credential, qr_image, totp
from ..tools.image import is_photo

# A buyer may ask for the code again at most this often (seconds).
RESEND_INTERVAL = 120
# A dispute's photo as uploaded from a phone (resized when stored).
DISPUTE_PHOTO_MAX_BYTES = 10 * 1024 * 1024


class PickupPortal(CustomerPortal):
    """"My pickups": list and detail with QR, short code, status, point, hours, deadline."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "pickup_count" in counters:
            Code = request.env["pickup.code"]
            values["pickup_count"] = Code.search_count(self._pickup_domain()) \
                if Code.has_access("read") else 0
        return values

    def _pickup_domain(self):
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", [partner.commercial_partner_id.id]),
                ("state", "in", ("issued", "ready", "redeemed", "expired"))]

    def _pickup_get_code(self, code_id, access_token=None):
        try:
            return self._document_check_access("pickup.code", code_id, access_token=access_token)
        except (AccessError, MissingError):
            return None

    @http.route(["/my/pickups"], type="http", auth="user", website=True, readonly=True)
    def portal_my_pickups(self, **kw):
        codes = request.env["pickup.code"].search(self._pickup_domain(), limit=200)
        values = self._prepare_portal_layout_values()
        # Sudo after the rule-checked search: buyers may not read warehouses directly.
        # Not "codes": the portal's language selector caches a variable of that name.
        values.update({"pickup_codes": codes.sudo(), "page_name": "pickups",
                       "default_url": "/my/pickups",
                       # What each order holds, so "the bakery gift box order" can be found.
                       "pickup_products": {code.id: ", ".join(
                           "%s %s" % (line["product"], line["qty_text"])
                           for line in self._pickup_order_lines(code)) for code in codes.sudo()},
                       "pickup_bundles": self._pickup_bundles(codes.sudo())})
        return request.render("pickup_code.portal_my_pickups", values)

    def _pickup_bundles(self, codes_sudo):
        """One QR per point where two or more orders are ready: it is the QR of the oldest
        one (no new credential: it dies with that code and the next one takes over), and
        the counter that scans it lists the others to hand over with it.

        :return: list of ``{"point", "orders", "qr_svg", "qr_text"}``
        """
        now = fields.Datetime.now()
        # The signed-in buyer's own orders only (a company's contacts see each other's
        # orders in the portal, but hand-overs stay per person), none past its deadline.
        partner = request.env.user.partner_id
        ready = codes_sudo.filtered(
            lambda c: c.state == "ready" and not c.rotating and not c.is_delegate
            and c.partner_id == partner and not (c.expiry_date and c.expiry_date < now))
        bundles = []
        for point in ready.warehouse_id:
            at_point = ready.filtered(lambda c, p=point: c.warehouse_id == p).sorted("id")
            if len(at_point) < 2:
                continue
            qr_text = at_point[0]._get_qr_text()
            bundles.append({"point": point, "orders": at_point.sale_order_id.mapped("name"),
                            "qr_text": qr_text, "qr_svg": self._qr_markup(qr_text)})
        return bundles

    @staticmethod
    def _qr_markup(qr_text):
        """Our own SVG (no input of the buyer in it): markup, not escaped text; sized by the
        page (its viewBox scales), not by the 37 mm the library writes."""
        return Markup(re.sub(r'^(<svg[^>]*?) width="[^"]*" height="[^"]*"',
                             r'\1 width="100%"', qr_image.qr_svg(qr_text), count=1))

    @http.route(["/my/pickups/<int:code_id>"], type="http", auth="public", website=True)
    def portal_my_pickup(self, code_id, access_token=None, **kw):
        code_sudo = self._pickup_get_code(code_id, access_token)
        if not code_sudo:
            return request.redirect("/my")
        return self._render_pickup(code_sudo)

    def _render_pickup(self, code_sudo):
        values = self._prepare_portal_layout_values()
        values.update({"code": code_sudo, "page_name": "pickup",
                       "pickup_lines": self._pickup_order_lines(code_sudo),
                       "may_dispute": self._pickup_may_dispute(code_sudo),
                       "open_dispute": self._pickup_open_dispute(code_sudo)})
        overdue = code_sudo.expiry_date and code_sudo.expiry_date < fields.Datetime.now()
        # Past its deadline the code is no longer shown, even before the expiry job runs.
        if code_sudo.state in ("issued", "ready") and not overdue:
            creds = code_sudo._get_credentials()
            qr_text = code_sudo._get_qr_text()  # a signed token with offline-verifiable QR
            if code_sudo.rotating:
                # Screenshot-resistant: the QR carries the current TOTP next to the secret.
                qr_text = "%s.%s" % (creds.qr_secret, totp.totp_at(creds.totp_secret,
                                                                   int(time.time())))
            values.update({
                "short_code": credential.format_short_code(creds.short_code),
                "qr_text": qr_text,
                "qr_svg": self._qr_markup(qr_text),
            })
        return request.render("pickup_code.portal_my_pickup", values)

    def _pickup_order_lines(self, code_sudo):
        """What the buyer collects with this code: product and quantity of each order line
        (services and notes left out), so that "the bakery gift box order" can be found."""
        lines = code_sudo.sale_order_id.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type != "service")
        unit = request.env.ref("uom.product_uom_unit", raise_if_not_found=False)
        # "× 2" for plain units (Odoo has no Chinese name for "Units"), "1.5 kg" otherwise.
        return [{"product": line.product_id.display_name,
                 "qty_text": "× %g" % line.product_uom_qty if line.product_uom == unit
                 else "%g %s" % (line.product_uom_qty, line.product_uom.name)}
                for line in lines]

    @http.route(["/p/<string:token>"], type="http", auth="public", website=True,
                sitemap=False)
    def pickup_link(self, token, **kw):
        """The short signed link of an SMS or e-mail: the buyer's pickup page, no login.

        Nothing stored opens it (see ``core.link_token``); it dies with the code.
        """
        code_sudo = request.env["pickup.code"]._find_by_link_token(token)
        if not code_sudo:
            return request.render("pickup_code.portal_pickup_link_invalid", status=404)
        # An SMS link opens in a browser that never chose a language here: the buyer's own
        # (a language picked with the page's selector sets the cookie and wins).
        lang = code_sudo.partner_id.lang
        if lang and lang != request.env.lang and not request.cookies.get("frontend_lang") \
                and request.env["res.lang"]._get_code(lang):
            request.update_context(lang=lang)
            # Odoo's routing already set the cookie to the site's default language for this
            # response; the buyer's must win, or the next open of the link reads English.
            request.future_response.set_cookie("frontend_lang", lang)
        return self._render_pickup(code_sudo)

    @http.route(["/p/<string:token>/qr.png"], type="http", auth="public", sitemap=False,
                readonly=True)
    def pickup_link_qr(self, token, **kw):
        """The QR as a PNG for e-mail clients (webmail does not display data URIs)."""
        code_sudo = request.env["pickup.code"]._find_by_link_token(token)
        if not code_sudo or code_sudo.state not in ("issued", "ready"):
            raise request.not_found()
        png = qr_image.qr_png(code_sudo._get_qr_text())
        return request.make_response(png, headers=[
            ("Content-Type", "image/png"), ("Cache-Control", "private, no-store"),
            ("X-Robots-Tag", "noindex"), ("Referrer-Policy", "no-referrer"),
        ])

    @http.route(["/my/pickups/<int:code_id>/resend"], type="http", auth="user", methods=["POST"],
                website=True)
    def portal_my_pickup_resend(self, code_id, **kw):
        code_sudo = self._pickup_get_code(code_id)
        if not code_sudo or code_sudo.state not in ("issued", "ready"):
            return request.redirect("/my/pickups")
        last = code_sudo.last_notify_date
        if last and (fields.Datetime.now() - last).total_seconds() < RESEND_INTERVAL:
            return request.redirect("/my/pickups/%s?resend=wait" % code_id)
        code_sudo._notify_buyer("resend", now=True)
        return request.redirect("/my/pickups/%s?resend=ok" % code_id)

    def _pickup_may_dispute(self, code_sudo):
        """Whether the signed-in buyer may report this pickup: it was handed over (wholly or
        in part), and they are its buyer (a short link alone is not enough)."""
        user = request.env.user
        return bool(not user._is_public() and code_sudo.entitlement_id.handover_ids
                    and code_sudo.partner_id.commercial_partner_id
                    == user.partner_id.commercial_partner_id)

    def _pickup_open_dispute(self, code_sudo):
        if not self._pickup_may_dispute(code_sudo):
            return request.env["pickup.dispute"]
        return request.env["pickup.dispute"].sudo().search([
            ("code_id", "in", code_sudo.entitlement_id.code_ids.ids), ("state", "=", "open")],
            limit=1)

    @http.route(["/my/pickups/<int:code_id>/dispute"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_my_pickup_dispute(self, code_id, dispute_type=None, description=None,
                                 photo=None, **kw):
        """"I was told it was collected, but …": the buyer reports a hand-over."""
        code_sudo = self._pickup_get_code(code_id)
        if not code_sudo or not self._pickup_may_dispute(code_sudo):
            return request.redirect("/my/pickups")
        image = False
        if photo and getattr(photo, "filename", None):
            data = photo.read(DISPUTE_PHOTO_MAX_BYTES + 1)
            if len(data) > DISPUTE_PHOTO_MAX_BYTES:
                return request.redirect("/my/pickups/%s?dispute=photo" % code_id)
            if not is_photo(data):
                return request.redirect("/my/pickups/%s?dispute=photo" % code_id)
            image = base64.b64encode(data)
        try:
            request.env["pickup.dispute"]._create_from_portal(
                code_sudo, dispute_type, (description or "").strip()[:2000], image)
        except UserError:
            return request.redirect("/my/pickups/%s?dispute=type" % code_id)
        return request.redirect("/my/pickups/%s?dispute=ok" % code_id)
