import base64
import logging

from odoo import _, api, fields, models

from ..core import phone as phone_lib
from ..core import qr_image

_logger = logging.getLogger(__name__)

SMS_TEMPLATES = {
    "issued": "pickup_code.sms_template_pickup_issued",
    "resend": "pickup_code.sms_template_pickup_issued",
    "ready": "pickup_code.sms_template_pickup_ready",
    "reminder": "pickup_code.sms_template_pickup_reminder",
}
MAIL_TEMPLATES = {
    "issued": "pickup_code.mail_template_pickup_issued",
    "resend": "pickup_code.mail_template_pickup_issued",
    "ready": "pickup_code.mail_template_pickup_ready",
    "reminder": "pickup_code.mail_template_pickup_reminder",
}


# Above this many codes at once, notifications go to the queue (cron) instead of inline.
INLINE_NOTIFY_LIMIT = 20
NOTIFY_BATCH_SIZE = 200


class PickupCode(models.Model):
    _inherit = "pickup.code"

    notify_pending = fields.Selection(
        [("issued", "Issued"), ("ready", "Ready"), ("reminder", "Reminder"),
         ("resend", "Re-send")],
        readonly=True, index="btree_not_null", copy=False,
        help="Notification waiting in the queue (bulk issuing sends through a cron).")

    def _get_notify_phone(self):
        """The E.164 number the code goes to: the delegate's, else the buyer's mobile."""
        self.ensure_one()
        if self.is_delegate:
            return self.delegate_phone
        partner = self.partner_id
        region = (partner.country_id or self.company_id.country_id).code
        for number in (partner.mobile, partner.phone):
            e164 = phone_lib.to_e164(number, region) if number else None
            if e164:
                return e164
        return None

    def _get_notify_context(self):
        """Render-time values, including the secrets (never stored in a field or the chatter)."""
        self.ensure_one()
        creds = self._get_credentials()
        from ..core import credential
        return {
            "pickup_short_code": credential.format_short_code(creds.short_code),
            "pickup_qr_text": creds.qr_secret,
            "pickup_url": self.get_base_url() + self.get_portal_url(),
            "pickup_deadline": self.expiry_date and fields.Datetime.context_timestamp(
                self, self.expiry_date).strftime("%Y-%m-%d %H:%M") or "",
        }

    def _notify_buyer(self, kind):
        """Send the code by SMS and e-mail; a failed SMS falls back to e-mail.

        A large batch (bulk issuing) is queued for ``_cron_send_notifications`` so that
        issuing 10,000 codes does not wait for 10,000 renderings; small ones go out now.

        :param str kind: ``issued``, ``resend``, ``ready`` or ``reminder``
        """
        if len(self) > INLINE_NOTIFY_LIMIT:
            self.sudo().write({"notify_pending": kind})
            self.env.ref("pickup_code.cron_pickup_notify")._trigger()
            return
        self._send_notifications(kind)

    @api.model
    def _cron_send_notifications(self):
        """Send queued notifications in batches; resumable (a crash leaves the rest queued)."""
        pending = self.sudo().search([("notify_pending", "!=", False)],
                                     limit=NOTIFY_BATCH_SIZE, order="id")
        for kind in set(pending.mapped("notify_pending")):
            batch = pending.filtered(lambda c, k=kind: c.notify_pending == k)
            batch._send_notifications(kind)
        remaining = self.sudo().search_count([("notify_pending", "!=", False)])
        self.env["ir.cron"]._notify_progress(done=len(pending), remaining=remaining)
        return pending

    def _send_notifications(self, kind):
        """Send now, one message pair per code (see ``_notify_buyer``)."""
        for code in self:
            ctx = code._get_notify_context()
            sms_ok = code._send_pickup_sms(kind, ctx)
            mail_ok = code._send_pickup_mail(kind, ctx)
            if sms_ok:
                state = "sent"
            elif mail_ok:
                state = "mail_fallback" if code.company_id.pickup_sms_enabled else "sent"
            else:
                state = "failed"
            code.sudo().write({"notify_state": state, "notify_pending": False,
                               "last_notify_date": fields.Datetime.now()})
            phone = code._get_notify_phone()
            code.message_post(body=_(
                "Pickup code %(kind)s: SMS %(sms)s, e-mail %(mail)s.",
                kind=kind,
                sms=_("sent to %s", phone_lib.mask_phone(phone)) if sms_ok else _("not sent"),
                mail=_("queued") if mail_ok else _("not sent"),
            ))

    def _send_pickup_sms(self, kind, ctx):
        """:return: True when the SMS was accepted by the gateway."""
        self.ensure_one()
        number = self._get_notify_phone()
        if not number or not self.company_id.pickup_sms_enabled:
            return False
        template = self.env.ref(SMS_TEMPLATES[kind], raise_if_not_found=False)
        if not template:
            return False
        lang = self.partner_id.lang or "en_US"
        # Sudo: counter staff may trigger a re-send without rights on sms.template/sms.sms.
        template_sudo = template.sudo().with_context(lang=lang, **ctx)
        body = template_sudo._render_field("body", self.ids, set_lang=lang)[self.id]
        sms_sudo = self.env["sms.sms"].sudo().create({
            "number": number, "body": body, "partner_id": self.partner_id.id,
        })
        sms_sudo.send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        sms_sudo = sms_sudo.exists()
        failed = sms_sudo and sms_sudo.state == "error"
        if failed:
            _logger.info("pickup.code %s: SMS failed (%s)", self.id, sms_sudo.failure_type)
            sms_sudo.unlink()  # the body holds the code: do not keep it around
        return not failed

    def _send_pickup_mail(self, kind, ctx):
        """:return: True when an e-mail was queued."""
        self.ensure_one()
        email = self.partner_id.email
        if not email:
            return False
        template = self.env.ref(MAIL_TEMPLATES[kind], raise_if_not_found=False)
        if not template:
            return False
        png = qr_image.qr_png(ctx["pickup_qr_text"])
        attachment_vals = {
            "name": "pickup-%s.png" % self.name,
            "datas": base64.b64encode(png),
            "mimetype": "image/png",
            "res_model": "mail.compose.message",
            "res_id": 0,
        }
        attachment = self.env["ir.attachment"].sudo().create(attachment_vals)
        # Sudo: the template and the queue are not readable by counter staff.
        template.sudo().with_context(
            pickup_qr_data_uri="data:image/png;base64," + base64.b64encode(png).decode(), **ctx,
        ).send_mail(
            self.id, force_send=False,
            # Detached from the record: the rendered body holds the code and must never
            # show in the chatter; auto_delete removes it from the queue once sent.
            email_values={"attachment_ids": [(4, attachment.id)], "auto_delete": True,
                          "model": False, "res_id": False},
        )
        return True
