"""The group leader's portal page (/my/pickups/leader) and the member's "Confirm receipt".

Privacy: the leader sees each member's name and the last digits of their phone only. The
rows are built here from those values alone (the template never gets the member's record),
so no template change can leak the full number or the address.
"""

from odoo import fields, http
from odoo.http import request

from ..core import leader as leader_rules
from .portal import PickupPortal


class PickupLeaderPortal(PickupPortal):

    def _pickup_domain(self):
        # The leader's credentials for members' orders are on the leader's own page.
        return super()._pickup_domain() + [("leader_id", "=", False)]

    def _pickup_leader_codes(self):
        """The signed-in person's leader credentials (sudo: the members' orders)."""
        partner = request.env.user.partner_id
        codes = request.env["pickup.code"].sudo().search([
            ("leader_id", "=", partner.id),
            ("state", "in", ("issued", "ready", "redeemed"))], order="id")
        # A campaign that forbade leaders after issuing: the counter refuses these codes
        # (the member collects), so the page must not send the leader there with them.
        return codes.filtered(lambda c: c.state == "redeemed" or leader_rules.may_collect(
            c.sale_order_id.team_id.pickup_leader_mode, True, True))

    def _pickup_member_row(self, code_sudo, handover=None):
        """What the leader may see of one member's order: name, phone tail, order, goods."""
        member = code_sudo.sale_order_id.partner_id
        return {
            "member": member.name or "",
            "phone_tail": leader_rules.phone_tail(member.mobile or member.phone),
            "order": code_sudo.sale_order_id.name,
            "point": code_sudo.warehouse_id.name,
            "products": ", ".join("%s %s" % (line["product"], line["qty_text"])
                                  for line in self._pickup_order_lines(code_sudo)),
            "handover_id": handover.id if handover else False,
            # A rotating code (a second person checks it) lives on its own page only.
            "live_url": "/my/pickups/%s" % code_sudo.id
            if code_sudo.rotating and code_sudo.state == "ready" else "",
            # The point's clock: where the leader collected.
            "collected": code_sudo._pickup_format_local(handover.handover_date)
            if handover else "",
            "handed": handover.member_handed_date if handover else False,
            "received": handover.member_received_date if handover else False,
        }

    def _render_pickup(self, code_sudo):
        """In a forced campaign the member's own code is refused at the counter while the
        leader's is live: the member's page names the leader instead of showing a QR and a
        short code that only send the member to the counter for nothing."""
        response = super()._render_pickup(code_sudo)
        leader = code_sudo._pickup_leader_collects()
        if leader:
            for key in ("short_code", "qr_text", "qr_svg"):
                response.qcontext.pop(key, None)
            response.qcontext["pickup_leader_collects"] = leader.name
        return response

    @http.route(["/my/pickups/leader"], type="http", auth="user", website=True)
    def portal_my_pickups_leader(self, **kw):
        codes = self._pickup_leader_codes()
        now = fields.Datetime.now()
        ready = codes.filtered(lambda c: c.state == "ready"
                               and not (c.expiry_date and c.expiry_date < now))
        points = []
        for point in ready.warehouse_id:
            at_point = ready.filtered(lambda c, p=point: c.warehouse_id == p)
            # One QR collects them all: the counter offers the rest with it (a rotating
            # code is shown live on its own page, so it is not the one shown here).
            plain = at_point.filtered(lambda c: not c.rotating)[:1]
            qr_text = plain._get_qr_text() if plain else ""
            points.append({
                "point": point, "qr_text": qr_text,
                "qr_svg": self._qr_markup(qr_text) if qr_text else "",
                "rows": [self._pickup_member_row(code) for code in at_point]})
        collected = []
        for code in codes.filtered(lambda c: c.state == "redeemed").sorted("id", reverse=True):
            # Only what the leader collected (in an optional campaign the member may have).
            handover = code.entitlement_id.handover_ids.filtered(
                lambda h, c=code: h.code_id == c)[:1]
            if handover:
                collected.append(self._pickup_member_row(code, handover))
        waiting = [self._pickup_member_row(code)
                   for code in codes.filtered(lambda c: c.state == "issued")]
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "pickups_leader", "leader_points": points,
                       "leader_collected": collected, "leader_waiting": waiting})
        return request.render("pickup_code.portal_my_pickups_leader", values)

    @http.route(["/my/pickups/leader/<int:handover_id>/handed"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_my_pickups_leader_handed(self, handover_id, **kw):
        """The leader gave a member's goods to the member."""
        handover = request.env["pickup.handover"].sudo().browse(handover_id).exists()
        if handover and handover.leader_id == request.env.user.partner_id:
            handover._leader_mark_handed(request.env.user)
        return request.redirect("/my/pickups/leader")

    @http.route(["/my/pickups/<int:code_id>/received"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_my_pickup_received(self, code_id, **kw):
        """The member got their goods from the group leader."""
        code_sudo = self._pickup_get_code(code_id)
        if code_sudo and not code_sudo.leader_id and self._pickup_may_dispute(code_sudo):
            code_sudo.entitlement_id.handover_ids.filtered("leader_id")._member_confirm_receipt(
                request.env.user)
        return request.redirect("/my/pickups/%s" % code_id)
