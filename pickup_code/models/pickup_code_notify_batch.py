"""``pickup.code``: notices rendered and handed over per batch — one template render per
template, kind and language for many codes (Odoo's ``_render_field`` / ``_generate_template``
with a list of ids), the per-buyer secrets and times filled in afterwards; the SMS as one
``sms.sms`` create and the gateway's batch call, the e-mails as one ``mail.mail`` create."""

from collections import defaultdict

from markupsafe import escape

from odoo import api, models

from .pickup_code_notify import MAIL_SECRET_MARKERS

# What a batch render holds in place of each buyer's own values (filled per code).
SMS_MARKERS = {
    "pickup_short_code": "%%PICKUP_SHORT_CODE%%",
    "pickup_url": "%%PICKUP_URL%%",
    "pickup_qr_image_url": "%%PICKUP_QR_IMAGE_URL%%",
    "pickup_window_days": "%%PICKUP_WINDOW_DAYS%%",
    "pickup_deadline": "%%PICKUP_DEADLINE%%",
}
# Filled as the e-mail is queued; the secrets (MAIL_SECRET_MARKERS) only as it is sent.
MAIL_QUEUE_MARKERS = {
    "pickup_window_days": "%%PICKUP_WINDOW_DAYS%%",
    "pickup_deadline": "%%PICKUP_DEADLINE%%",
}
MAIL_FIELDS = ("attachment_ids", "auto_delete", "body_html", "email_cc", "email_from",
               "email_to", "mail_server_id", "model", "partner_to", "reply_to",
               "report_template_ids", "res_id", "scheduled_date", "subject")


def _fill(text, markers, values, html=False):
    """``text`` with each marker replaced by its value, as the template would print it (a
    false value prints nothing; in HTML, escaped)."""
    for key, marker in markers.items():
        value = values.get(key)
        value = str(value) if value else ""
        text = text.replace(marker, str(escape(value)) if html else value)
    return text


class PickupCode(models.Model):
    """Batch rendering and hand-over of the buyer's notices."""

    _inherit = "pickup.code"

    @api.model
    def _get_notify_markers(self, channel):
        """Extension hook: the per-buyer values a batch render holds as markers (filled per
        code from ``_get_notify_context``). An addon whose templates print a value of its own
        per buyer adds it here (``pickup_slot``: the chosen slot).

        :param str channel: ``sms`` or ``mail`` (the mail's secrets are filled later, as it
            is sent: ``MAIL_SECRET_MARKERS``)
        """
        return dict(SMS_MARKERS if channel == "sms" else MAIL_QUEUE_MARKERS)

    def _get_notify_lang(self):
        self.ensure_one()
        return self.partner_id.lang or "en_US"

    def _render_pickup_sms_batch(self, template_kind, ctx_by_id):
        """Render one SMS template for all these codes: once per language, then each
        buyer's code, link and deadline filled in.

        :param str template_kind: ``issued``, ``ready`` or ``reminder``
        :param dict ctx_by_id: ``{code id: _get_notify_context()}``
        :return: ``{code id: body}`` (empty without a template)
        """
        template = self._get_notify_template("sms", template_kind)
        if not template or not self:
            return {}
        bodies = {}
        sms_markers = self._get_notify_markers("sms")
        for lang, codes in self.grouped(lambda c: c._get_notify_lang()).items():
            # Sudo: counter staff may trigger a re-send without rights on sms.template.
            rendered = template.sudo().with_context(lang=lang, **sms_markers)._render_field(
                "body", codes.ids, set_lang=lang)
            for code_id, body in rendered.items():
                bodies[code_id] = _fill(body, sms_markers, ctx_by_id[code_id])
        return bodies

    def _send_pickup_sms_batch(self, kind, ctx_by_id):
        """Hand the SMS of these codes to the gateway in one batch call.

        :return: ``{code id: number}`` of the SMS the gateway accepted
        """
        todo = {}
        for code in self:
            number = code.company_id.pickup_sms_enabled and code._get_notify_phone()
            if number:
                todo[code] = number
        bodies = {}
        codes = self.browse([code.id for code in todo])
        for template_kind, group in codes.grouped(
                lambda c: c._get_template_kind(kind)).items():
            bodies.update(group._render_pickup_sms_batch(template_kind, ctx_by_id))
        vals_list = [{"number": todo[code], "body": bodies[code.id],
                      "partner_id": code.partner_id.id}
                     for code in codes if bodies.get(code.id)]
        if not vals_list:
            return {}
        sms_sudo = self.env["sms.sms"].sudo().create(vals_list)
        sms_sudo.send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        accepted = {}
        # ``send`` keeps the order of creation; a row the gateway mock removed was sent.
        states = {sms.id: sms.state for sms in sms_sudo.exists()}
        for sms, vals, code in zip(sms_sudo, vals_list,
                                   [c for c in codes if bodies.get(c.id)], strict=True):
            if states.get(sms.id, "sent") == "error":
                continue
            accepted[code.id] = vals["number"]
        # The bodies hold the codes: gone as soon as the gateway answered, sent or refused
        # (Odoo would keep a sent SMS until its daily clean-up).
        sms_sudo.exists().unlink()
        return accepted

    def _send_pickup_mail_batch(self, kind, ctx_by_id, now=False):
        """Queue the e-mails of these codes: one render per template, language and whether a
        deadline is known (the template shows the row or not), one ``mail.mail`` create.

        :param bool now: somebody waits for it (re-send, new code, delegate): sent as this
            transaction commits (Odoo's ``send_after_commit``: a rolled-back regeneration
            never mails a code that does not exist), not by the hourly mail queue cron
        :return: ``{code id: mail.mail (sudo)}``
        """
        with_email = self.filtered(lambda c: c.partner_id.email)
        groups = defaultdict(list)
        for code in with_email:
            groups[(code._get_template_kind(kind),
                    bool(ctx_by_id[code.id].get("pickup_deadline")))].append(code.id)
        vals_list, owners = [], []
        for (template_kind, has_deadline), code_ids in groups.items():
            template = self._get_notify_template("mail", template_kind)
            if not template:
                continue
            # Sudo: the template and the queue are not readable by counter staff. The QR is
            # an image the mail client loads from the signed link (webmail does not show
            # data URIs), not an attachment that would keep the code in the database. The
            # queued body holds markers, not the secrets: they are filled in as the mail is
            # handed to the SMTP server (mail.mail._prepare_outgoing_body), so the queue
            # collects no goods. Languages are classified by ``_generate_template``.
            queue_markers = self._get_notify_markers("mail")
            markers = dict(queue_markers, **MAIL_SECRET_MARKERS)
            if not has_deadline:
                markers["pickup_deadline"] = ""
            values_by_id = template.sudo().with_context(
                pickup_render_once=True, **markers)._generate_template(
                code_ids, MAIL_FIELDS)
            for code_id in code_ids:
                values = values_by_id[code_id]
                body = _fill(values.get("body_html") or "", queue_markers,
                             ctx_by_id[code_id], html=True)
                values.pop("attachments", None)
                if "email_from" in values and not values.get("email_from"):
                    values.pop("email_from")
                values.pop("body", None)
                values.update(
                    # body_html is what goes to the SMTP server; the message body of a mail
                    # detached from any record is shown nowhere, and sanitizing it again
                    # for each buyer costs as much as the rest of the notice.
                    body_html=body,
                    recipient_ids=[(4, pid) for pid in values.get("partner_ids") or []],
                    attachment_ids=[(4, aid) for aid in values.get("attachment_ids") or []],
                    # Detached from the record: the body must never show in the chatter;
                    # auto_delete removes it from the queue once sent.
                    auto_delete=True, model=False, res_id=False,
                    pickup_holds_code=True, pickup_code_id=code_id,
                )
                vals_list.append(values)
                owners.append(code_id)
        if not vals_list:
            return {}
        mails_sudo = self.env["mail.mail"].sudo().create(vals_list)
        if now:
            mails_sudo.send_after_commit()
        return dict(zip(owners, mails_sudo, strict=True))
