from odoo import api, fields, models

SLOT_REMINDER_TEMPLATES = {
    "sms": "pickup_slot.sms_template_pickup_slot_reminder",
    "mail": "pickup_slot.mail_template_pickup_slot_reminder",
}


class PickupCode(models.Model):
    _inherit = "pickup.code"

    notify_pending = fields.Selection(selection_add=[("slot_reminder", "Slot reminder")],
                                      ondelete={"slot_reminder": "set null"})

    def _set_state(self, target, event_values=None, **extra):
        res = super()._set_state(target, event_values=event_values, **extra)
        if target == "revoked":
            # Revoked (order cancelled, code withdrawn): the slot's place is free again.
            self.entitlement_id.filtered(
                lambda e: e.state == "revoked")._pickup_release_slot()
        return res

    def _get_notify_template(self, channel, template_kind):
        if template_kind == "slot_reminder":
            return self.env.ref(SLOT_REMINDER_TEMPLATES[channel], raise_if_not_found=False)
        return super()._get_notify_template(channel, template_kind)

    def _is_sms_wanted(self, kind, now=False):
        # A slot reminder goes by SMS when the company sends reminders by SMS.
        return super()._is_sms_wanted("reminder" if kind == "slot_reminder" else kind, now)

    @api.model
    def _get_notify_markers(self, channel):
        """The slot is each buyer's own: a batch render holds a marker for it."""
        return dict(super()._get_notify_markers(channel), pickup_slot="%%PICKUP_SLOT%%")

    def _get_notify_context(self):
        ctx = super()._get_notify_context()
        slot = self.sudo().entitlement_id.pickup_slot_id
        ctx["pickup_slot"] = slot.with_context(lang=self.partner_id.lang)._label() \
            if slot else ""
        return ctx
