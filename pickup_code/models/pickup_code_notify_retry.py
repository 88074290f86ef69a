"""``pickup.code``: notifications that did not get through — counted, retried on the one
schedule of ``core/retry.py`` and, past the last attempt, flagged for staff (never lost
silently)."""

import logging

from odoo import api, fields, models

from ..const import ACTIVE_STATES
from ..core import retry as notify_retry

_logger = logging.getLogger(__name__)

RETRY_SCHEDULE_PARAM = "pickup_code.notify_retry_minutes"
MAX_ATTEMPTS_PARAM = "pickup_code.notify_max_attempts"


class PickupCode(models.Model):
    """Failed notifications: retry and flag."""

    _inherit = "pickup.code"

    @api.model
    def _check_notify_mails(self):
        """Count the pickup e-mails the mail queue gave up on (SMTP down, refused) as failed
        deliveries when the e-mail was the channel that carried the code, and delete them: the
        body holds the code (Odoo keeps failed mails, and never sends them again by itself).

        :return: the codes whose notification failed this way
        """
        codes_sudo = self.sudo().search([
            ("notify_mail_id.state", "in", ("exception", "cancel")),
        ])
        failed = self.browse()
        for code_sudo in codes_sudo:
            mail_sudo = code_sudo.notify_mail_id
            error = self.env._("E-mail not delivered: %(reason)s",
                      reason=(mail_sudo.failure_reason or mail_sudo.failure_type or "?")[:200])
            code_sudo.notify_mail_id = False
            mail_sudo.unlink()
            if code_sudo.state in ACTIVE_STATES and code_sudo._is_mail_the_only_channel():
                code_sudo._register_notify_failure(
                    code_sudo.notify_pending or code_sudo._get_last_notify_kind(), error)
                failed |= code_sudo
        # A mail the queue has sent is deleted (auto_delete): the link is gone, so it arrived.
        self.sudo().search([
            ("notify_attempt_count", ">", 0), ("notify_pending", "=", False),
            ("notify_mail_id", "=", False), ("notify_state", "in", ("sent", "mail_fallback")),
        ]).write({"notify_attempt_count": 0, "notify_error": False})
        return failed

    def _get_last_notify_kind(self):
        """The notification to send again: the code's current news (ready or issued)."""
        self.ensure_one()
        return "ready" if self.state == "ready" else "issued"

    def _register_notify_failure(self, kind, error):
        """Count one failed delivery; send again later with back-off, or flag it for staff.

        :param str kind: the notification that failed (``issued``, ``ready``…)
        :param str error: what went wrong, for staff (never the code)
        :return: True when the notification was given up and flagged
        """
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()
        attempts = self.notify_attempt_count + 1
        max_attempts = notify_retry.parse_max_attempts(params.get_param(MAX_ATTEMPTS_PARAM))
        if notify_retry.is_exhausted(attempts, max_attempts):
            self.sudo().write({"notify_state": "failed", "notify_pending": False,
                               "notify_retry_date": False, "notify_attempt_count": attempts,
                               "notify_error": error})
            self._flag_notify_failure(attempts, error)
            return True
        schedule = notify_retry.parse_schedule(params.get_param(RETRY_SCHEDULE_PARAM))
        retry_at = fields.Datetime.add(
            fields.Datetime.now(), minutes=notify_retry.next_delay_minutes(attempts, schedule))
        self.sudo().write({"notify_state": "retrying", "notify_pending": kind,
                           "notify_retry_date": retry_at, "notify_attempt_count": attempts,
                           "notify_error": error})
        self.env.ref("pickup_code.cron_pickup_notify")._trigger(at=retry_at)
        _logger.info("pickup.code %s: notification failed (%s), try %s again at %s",
                     self.id, error, attempts + 1, retry_at)
        return False

    def _flag_notify_failure(self, attempts, error):
        """Tell staff that the buyer has not got the code: a chatter note and a to-do for the
        order's salesperson, else the point's supervisor (never OdooBot, who runs the cron)."""
        self.ensure_one()
        message = self.env._(
            "The buyer could not be notified after %(attempts)s attempts (%(error)s). Check "
            "the phone number and e-mail address, then use Re-send.",
            attempts=attempts, error=error)
        self.message_post(body=message)
        responsible = self.sale_order_id.user_id
        if not responsible or not responsible.active or responsible.share:
            responsible = self.warehouse_id._get_pickup_supervisor()
        if not responsible:
            return  # the chatter note and the "Buyer not notified" filter remain
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo", user_id=responsible.id,
            summary=self.env._("Pickup code not delivered"), note=message)
