"""``pickup.service``: the attempt log and the verdict every caller gets, with its message."""

from odoo import api, models

from ..core import verdicts
from ..core.verdicts import REASONS


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    @api.model
    def _get_reason_message(self, reason, details):
        """Human message for a verdict reason (override to reword)."""
        d = details
        messages = {
            "ok": self.env._("Valid code: hand over order %(order)s.", order=d.get("order", "")),
            "malformed": self.env._(
                "This is not a pickup code. Scan again or type the 9-character code."),
            "unknown": self.env._("No pickup code matches this input."),
            "already_redeemed": self.env._(
                "Already collected on %(when)s at %(point)s by %(name)s (%(collector)s), "
                "handed over by %(who)s.",
                when=d.get("redeemed_at", ""), point=d.get("redeemed_point", ""),
                collector=d.get("collected_by", ""), name=d.get("collector_name", ""),
                who=d.get("redeemed_by", "")),
            "expired": self.env._("This code expired on %(when)s.", when=d.get("expiry", "")),
            "revoked": self.env._("This code was revoked: %(why)s", why=d.get("revoke_reason", "")),
            "not_ready": self.env._("The goods are not at the pickup point yet."),
            "wrong_pickup_point": self.env._("This order is collected at %(point)s, not here.",
                                    point=d.get("right_point", "")),
            "locked": self.env._(
                "Too many failed checks: locked until %(until)s. Ask a supervisor.",
                        until=d.get("locked_until", "")),
            "rate_limited": self.env._("Too many failed scans from here. Wait a minute."),
            "id_required": self.env._(
                "Check the collector's ID document (type and last 4 characters)."),
            "id_mismatch": self.env._("The ID document does not match the one on file."),
            "otp_required": self.env._("Ask for the one-time password sent to the buyer's phone."),
            "otp_mismatch": self.env._("The one-time password is wrong or expired."),
            "approval_required": self.env._(
                "A second person (a supervisor) must approve this hand-over."),
            "approval_refused": self.env._(
                "The approval was refused: another supervisor must confirm "
                                  "with their own passkey or, without one, their password "
                                  "and approval PIN."),
            "items_incomplete": self.env._(
                "Scan every item of the order, or give a partial reason."),
            "signature_required": self.env._("The collector must sign."),
            "photo_required": self.env._("Take a photo of the hand-over."),
            "goods_expired": self.env._(
                "The goods are past their expiry date and cannot be handed over."),
            "transfer_failed": self.env._(
                "The transfer could not be validated; nothing was collected."),
            "qr_rotated": self.env._("This QR has changed since: ask the buyer to show the live QR "
                            "on their phone, or type the short code."),
        }
        return messages.get(reason, reason)

    def _log(self, warehouse, station, action, reason, input_kind, code=None, channel="counter"):
        return self.env["pickup.attempt"]._append({
            "company_id": warehouse.company_id.id,
            "code_id": code.id if code else False,
            "warehouse_id": warehouse.id,
            "user_id": self.env.uid,
            "station": station,
            "action": action,
            "channel": channel,
            "input_kind": input_kind,
            "reason": reason,
            # Set by ``sync_offline_handover``: when the queued hand-over happened.
            "offline_date": self.env.context.get("pickup_offline_at") or False,
        })

    def _answer(self, scan, reason, details=None):
        """Log the attempt and build the verdict dict returned to every caller.

        :param Scan scan: the call (its code, steps and transfers are read from it)
        :param dict details: message values; ``handover`` (the record) and ``handle`` (of an
            ``ok`` verify), ``together`` and ``together_count`` are taken out and answered
            as their own keys
        """
        warehouse, action, code = scan.warehouse, scan.action, scan.code
        self._log(warehouse, scan.station, action, reason, scan.input_kind, code=code,
                  channel=scan.channel)
        details = dict(details or {})
        handover = details.pop("handover", None)
        handle = details.pop("handle", None)
        together = details.pop("together", None)
        together_count = details.pop("together_count", None)
        result = {
            "verdict": "ok" if reason == "ok" else "refused",
            "reason": reason,
            "colour": verdicts.colour(reason) if reason in REASONS else "red",
            "point": warehouse.code,
        }
        if code:
            code_sudo = code.sudo()
            # The point's local time: the clerk (or a remote supervisor) reads the point's clock.
            tz_now = code_sudo._pickup_format_local
            result.update({
                "code": code_sudo.name,
                "code_id": code_sudo.id,
                "order": code_sudo.sale_order_id.name,
                "buyer": code_sudo.partner_id.name,
                "delegate": code_sudo.delegate_name or "",
                "state": code_sudo.state,
                "steps": list(scan.steps),
                "lines": [
                    {key: line[key] for key in ("product_id", "product", "barcode", "qty")}
                    for line in code_sudo._get_remaining_lines(
                        handover.backorder_id if handover else scan.pickings)
                ],
                "partly_collected": code_sudo.entitlement_id.is_partial,
            })
            details.setdefault("order", code_sudo.sale_order_id.name)
            if reason == "already_redeemed":
                details.update(code_sudo.entitlement_id._describe_collection())
            elif reason == "wrong_pickup_point":
                details["right_point"] = "%s %s" % (code_sudo.warehouse_id.code,
                                                    code_sudo.warehouse_id.name)
            elif reason == "expired":
                details["expiry"] = tz_now(code_sudo.expiry_date)
            elif reason == "revoked":
                details["revoke_reason"] = code_sudo.revoke_reason or ""
            elif reason == "locked":
                details["locked_until"] = tz_now(code_sudo.locked_until)
        if handle:
            result["handle"] = handle
        if together is not None:
            result["together"] = together
        if together_count is not None:
            result["together_count"] = together_count
        if handover:
            result.update({
                "picking": handover.picking_id.name or "",
                "picking_state": handover.picking_id.state or "",
                "backorder": handover.backorder_id.name or "",
                "handover_id": handover.id,
            })
        result["details"] = {k: v for k, v in details.items()
                             if isinstance(v, (str, int, float, list))}
        result["message"] = self._get_reason_message(reason, details)
        return result
