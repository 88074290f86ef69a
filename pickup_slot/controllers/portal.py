from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.pickup_code.controllers.portal import PickupPortal

# A refused "I'm here" (goods not at the point yet) may be tried again after this long.
ARRIVAL_RETRY_SECONDS = 30


class PickupSlotPortal(PickupPortal):
    """The buyer's pickup page (``/my/pickups/<id>`` and the short link ``/p/<token>``):
    choose a slot, and tap "I'm here" at the point. Both pages post to a route next to
    them, so a buyer without an account acts through the signed link."""

    def _pickup_slot_code(self, code_id=None, token=None):
        if token is not None:
            return request.env["pickup.code"]._find_by_link_token(token)
        return self._pickup_get_code(code_id)

    def _pickup_back(self, code_id=None, token=None, **params):
        base = "/p/%s" % token if token is not None else "/my/pickups/%s" % code_id
        query = "&".join("%s=%s" % item for item in params.items())
        return request.redirect("%s?%s" % (base, query) if query else base)

    def _pickup_choose_slot(self, code_sudo, slot_id, code_id=None, token=None):
        if not code_sudo:
            return request.redirect("/my/pickups")
        entitlement = code_sudo.entitlement_id
        slot = request.env["pickup.slot"].sudo().browse(int(slot_id or 0)).exists()
        if not slot:
            return self._pickup_back(code_id, token, slot="gone")
        try:
            entitlement._pickup_book_slot(
                slot, earliest=entitlement.warehouse_id._pickup_slot_earliest())
        except UserError:
            # Full, passed or closed: the page shows the slots as they are now.
            return self._pickup_back(code_id, token, slot="full")
        return self._pickup_back(code_id, token, slot="ok")

    def _pickup_arrive(self, code_sudo, code_id=None, token=None):
        if not code_sudo:
            return request.redirect("/my/pickups")
        entitlement = code_sudo.entitlement_id.sudo()
        last = entitlement.pickup_arrival_try_date
        now = fields.Datetime.now()
        if not entitlement.pickup_arrival_date and last \
                and (now - last).total_seconds() < ARRIVAL_RETRY_SECONDS:
            return self._pickup_back(code_id, token, here="wait")
        outcome = entitlement._pickup_mark_arrived()
        if outcome == "not_ready":
            entitlement.pickup_arrival_try_date = now
        return self._pickup_back(code_id, token, here=outcome)

    @http.route(["/my/pickups/<int:code_id>/slot"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_my_pickup_slot(self, code_id, slot_id=None, **kw):
        return self._pickup_choose_slot(self._pickup_slot_code(code_id), slot_id,
                                        code_id=code_id)

    @http.route(["/p/<string:token>/slot"], type="http", auth="public", methods=["POST"],
                website=True, sitemap=False)
    def pickup_link_slot(self, token, slot_id=None, **kw):
        return self._pickup_choose_slot(self._pickup_slot_code(token=token), slot_id,
                                        token=token)

    @http.route(["/my/pickups/<int:code_id>/here"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_my_pickup_here(self, code_id, **kw):
        return self._pickup_arrive(self._pickup_slot_code(code_id), code_id=code_id)

    @http.route(["/p/<string:token>/here"], type="http", auth="public", methods=["POST"],
                website=True, sitemap=False)
    def pickup_link_here(self, token, **kw):
        return self._pickup_arrive(self._pickup_slot_code(token=token), token=token)
