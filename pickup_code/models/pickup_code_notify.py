import logging

from odoo import api, fields, models

from ..const import ACTIVE_STATES
from ..core import phone as phone_lib
from ..core import sms as sms_lib

_logger = logging.getLogger(__name__)

# A re-send carries the code's current news: see ``_get_template_kind``.
SMS_TEMPLATES = {
    "issued": "pickup_code.sms_template_pickup_issued",
    "ready": "pickup_code.sms_template_pickup_ready",
    "reminder": "pickup_code.sms_template_pickup_reminder",
}
MAIL_TEMPLATES = {
    "issued": "pickup_code.mail_template_pickup_issued",
    "ready": "pickup_code.mail_template_pickup_ready",
    "reminder": "pickup_code.mail_template_pickup_reminder",
}


# What a queued pickup e-mail holds instead of the secrets (see mail.mail).
MAIL_SECRET_MARKERS = {
    "pickup_short_code": "%%PICKUP_SHORT_CODE%%",
    "pickup_url": "%%PICKUP_URL%%",
    "pickup_qr_image_url": "%%PICKUP_QR_IMAGE_URL%%",
}

# Above this many codes at once, even notifications asked for now go to the queue (cron).
INLINE_NOTIFY_LIMIT = 20
NOTIFY_BATCH_SIZE = 200


class PickupCode(models.Model):
    _inherit = "pickup.code"

    notify_pending = fields.Selection(
        [("issued", "Issued"), ("ready", "Ready"), ("reminder", "Reminder"),
         ("resend", "Re-send")],
        readonly=True, index="btree_not_null", copy=False,
        help="Notification waiting in the queue (sent by a cron triggered at once).")
    notify_state = fields.Selection(
        selection_add=[("retrying", "Retrying")], ondelete={"retrying": "set default"})
    notify_attempt_count = fields.Integer(
        "Failed deliveries", readonly=True, copy=False,
        help="Deliveries of the current notification that failed in a row (SMS and e-mail "
             "both); reset when one gets through.")
    notify_retry_date = fields.Datetime(
        "Next try", readonly=True, copy=False,
        help="When a failed notification is sent again (back-off from the system parameter "
             "pickup_code.notify_retry_minutes).")
    notify_error = fields.Char("Last delivery error", readonly=True, copy=False)
    # System only: the queued e-mail holds the code; kept to learn whether it got through.
    # Indexed: every mail.mail deletion (auto-delete after sending) looks this column up.
    notify_mail_id = fields.Many2one("mail.mail", readonly=True, copy=False,
                                     ondelete="set null", groups="base.group_system",
                                     index="btree_not_null")

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
            # Short signed links that expire with the code (nothing stored to open them).
            "pickup_url": self._get_link_url(),
            "pickup_qr_image_url": self._get_link_url("/qr.png"),
            # Before the goods are ready the deadline is not known: the window is.
            "pickup_window_days": self._get_pickup_window_days(),
            # The point's local time (the deadline is where the goods wait), its zone named
            # when the buyer's clock differs: not the sender's (the cron runs in UTC).
            "pickup_deadline": self._pickup_format_for_buyer(self.expiry_date)
            if self.expiry_date else "",
        }

    def _get_notify_tz(self):
        """The zone notifications read times in: the pickup point's (see
        ``_pickup_format_for_buyer`` for when the zone is named)."""
        self.ensure_one()
        return self._get_point_tz()

    def _notify_buyer(self, kind, now=False):
        """Send the code by SMS and e-mail; a failed SMS falls back to e-mail.

        News nobody stands waiting for (issued, ready: a checkout, a payment provider's
        webhook, a vendor's event, an arrival) is queued and the notification cron triggered
        at once: the transaction that issues the code never waits on an SMS gateway (a
        hanging one costs IAP's 15 s timeout), and the queued row commits with the code, so
        a crash loses nothing. With ``now``, for a person waiting for the outcome (re-send,
        regeneration, a delegate, the reminder cron), it is sent in this transaction —
        unless the batch is large (bulk re-sends), which the queue takes too.

        :param str kind: ``issued``, ``resend``, ``ready`` or ``reminder``
        :param bool now: send in this transaction (up to ``INLINE_NOTIFY_LIMIT`` codes)
        """
        if not self:
            return
        if now and len(self) <= INLINE_NOTIFY_LIMIT:
            self._send_notifications(kind, now=True)
            return
        # A new message supersedes a failed one waiting for its next try.
        self.sudo().write({"notify_pending": kind, "notify_retry_date": False})
        self.env.ref("pickup_code.cron_pickup_notify").sudo()._trigger()

    @api.model
    def _cron_send_notifications(self):
        """Send queued and due retried notifications in batches; resumable (a crash leaves the
        rest queued). E-mails that failed since the last run are counted as failures first."""
        self._check_notify_mails()
        due = self._get_notify_due_domain()
        pending = self.sudo().search(due, limit=NOTIFY_BATCH_SIZE, order="id")
        # Collected, expired or revoked meanwhile: the news is void, do not send it.
        stale = pending.filtered(lambda c: c.state not in ACTIVE_STATES)
        stale.write({"notify_pending": False, "notify_retry_date": False})
        pending -= stale
        for kind in set(pending.mapped("notify_pending")):
            batch = pending.filtered(lambda c, k=kind: c.notify_pending == k)
            batch._send_notifications(kind)
        remaining = self.sudo().search_count(due)
        self.env["ir.cron"]._notify_progress(done=len(pending), remaining=remaining)
        return pending

    @api.model
    def _get_notify_due_domain(self):
        return [("notify_pending", "!=", False), "|", ("notify_retry_date", "=", False),
                ("notify_retry_date", "<=", fields.Datetime.now())]

    def _is_mail_the_only_channel(self):
        """Whether the last notification reached the buyer by e-mail only (no SMS accepted,
        or the company sends that notice by e-mail and the portal only)."""
        self.ensure_one()
        kind = self.notify_pending or self._get_last_notify_kind()
        return self.notify_state == "mail_fallback" or not self._is_sms_wanted(kind)

    def _is_sms_wanted(self, kind, now=False):
        """Whether this notice goes by SMS: the company's choice of notices
        (``pickup_sms_notices``), and always what somebody waits for (a re-send, a new code,
        a delegate's code: a delegate has no other channel)."""
        self.ensure_one()
        company = self.company_id
        return company.pickup_sms_enabled and sms_lib.goes_by_sms(
            kind, company.pickup_sms_notices, asked=now or self.is_delegate)

    def _get_template_kind(self, kind):
        """The template a notice uses: a re-send, or the code of a delegate named once the
        goods are at the point, says what the code's state is now (with its deadline)."""
        self.ensure_one()
        if kind in ("resend", "issued"):
            return self._get_last_notify_kind()
        return kind

    def _send_notifications(self, kind, now=False):
        """Send now, one message pair per code, set-based (see ``_notify_buyer``).

        The batch is rendered per template, kind and language (``pickup_code_notify_batch``),
        its SMS handed to the gateway in one batch call, its e-mails created in the mail queue
        at once, its chatter lines logged at once: the queries do not grow with the batch.
        With ``now`` (somebody waits for it) the e-mails leave as this transaction commits,
        not with Odoo's mail queue cron.

        Neither channel accepted → a failed delivery, sent again with back-off and flagged
        after ``pickup_code.notify_max_attempts`` (see ``_register_notify_failure``). When the
        e-mail alone carries the code, its fate is learnt from the mail queue later
        (``_check_notify_mails``).
        """
        if not self:
            return
        ctx_by_id = {code.id: code._get_notify_context() for code in self}
        sms_wanted = self.filtered(lambda c: c._is_sms_wanted(kind, now))
        sms_ok = sms_wanted._send_pickup_sms_batch(kind, ctx_by_id)
        mails = self._send_pickup_mail_batch(kind, ctx_by_id, now=now)
        # A failed e-mail waiting to be counted holds the code: superseded by the new one.
        superseded_sudo = self.filtered(lambda c: c.id in mails).sudo().notify_mail_id
        superseded_sudo.filtered(lambda m: m.state in ("exception", "cancel")).unlink()
        # Sent at once and auto-deleted already (tests send on the same cursor).
        alive = set(self.env["mail.mail"].sudo().browse(
            [mail.id for mail in mails.values()]).exists().ids)
        now_dt = fields.Datetime.now()
        labels = dict(self._fields["notify_pending"]._description_selection(self.env))
        bodies, failed = {}, self.browse()
        for code in self:
            mail = mails.get(code.id)
            vals = {"notify_pending": False, "notify_retry_date": False,
                    "last_notify_date": now_dt}
            if code.id in sms_ok:
                vals.update(notify_state="sent", notify_attempt_count=0, notify_error=False)
            elif mail:
                vals["notify_state"] = "mail_fallback" if code in sms_wanted else "sent"
            if mail:
                vals["notify_mail_id"] = mail.id if mail.id in alive else False
            # Different values per code: Odoo flushes them as one UPDATE.
            code.sudo().write(vals)
            bodies[code.id] = self.env._(
                "Pickup message (%(kind)s): SMS %(sms)s, e-mail %(mail)s.",
                kind=labels.get(kind, kind),
                sms=self.env._("sent to %s", phone_lib.mask_phone(sms_ok[code.id]))
                if code.id in sms_ok else self.env._("not sent"),
                mail=(self.env._("sent") if now else self.env._("queued"))
                if mail else self.env._("not sent"),
            )
            if code.id not in sms_ok and not mail:
                failed |= code
        # One INSERT for the batch's chatter lines (a note each, nobody notified).
        self.sudo()._message_log_batch(bodies)
        for code in failed:
            code._register_notify_failure(kind, self.env._(
                "Neither SMS nor e-mail could be sent."))

    def _send_pickup_sms(self, kind, ctx):
        """One code's SMS (see ``_send_pickup_sms_batch``).

        :return: True when the SMS was accepted by the gateway."""
        self.ensure_one()
        return bool(self._send_pickup_sms_batch(kind, {self.id: ctx}))

    def _get_notify_template(self, channel, template_kind):
        """Override point: the template of a notice (an addon adds kinds of its own, e.g.
        ``pickup_slot``'s reminder before the chosen slot).

        :param str channel: ``sms`` or ``mail``
        :return: ``sms.template`` / ``mail.template``, or None
        """
        xmlid = (SMS_TEMPLATES if channel == "sms" else MAIL_TEMPLATES).get(template_kind)
        return self.env.ref(xmlid, raise_if_not_found=False) if xmlid else None

    def _render_pickup_sms(self, template_kind, ctx):
        """:param str template_kind: ``issued``, ``ready`` or ``reminder``
        :return: the SMS body in the buyer's language (also measured by bench_sms.py), or
            None without a template"""
        self.ensure_one()
        return self._render_pickup_sms_batch(template_kind, {self.id: ctx}).get(self.id)

    def _send_pickup_mail(self, kind, ctx, now=False):
        """One code's e-mail (see ``_send_pickup_mail_batch``).

        :return: the ``mail.mail`` (sudo), or an empty recordset when none was made"""
        self.ensure_one()
        mails = self._send_pickup_mail_batch(kind, {self.id: ctx}, now=now)
        return mails.get(self.id) or self.env["mail.mail"].sudo()
