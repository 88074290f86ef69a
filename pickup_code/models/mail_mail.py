from odoo import fields, models

from ..const import ACTIVE_STATES
from .pickup_code_notify import MAIL_SECRET_MARKERS


class MailMail(models.Model):
    _inherit = "mail.mail"

    pickup_holds_code = fields.Boolean(
        groups="base.group_system", copy=False,
        help="The body carries a pickup code: emptied as soon as the server refused it.")

    pickup_code_id = fields.Many2one(
        "pickup.code", groups="base.group_system", copy=False, ondelete="set null",
        index="btree_not_null",
        help="Whose secrets fill the markers of this e-mail when it is sent.")

    def _prepare_outgoing_body(self):
        """Override of `mail`: fill a pickup e-mail's markers with the code's secrets at the
        moment it goes to the SMTP server (the queued row never held them). A code that was
        collected, expired or revoked meanwhile is not sent out again."""
        body = super()._prepare_outgoing_body()
        code_sudo = self.sudo().pickup_code_id
        if not body or not code_sudo:
            return body
        values = code_sudo._get_notify_context() if code_sudo.state in ACTIVE_STATES else {}
        for key, marker in MAIL_SECRET_MARKERS.items():
            body = body.replace(marker, values.get(key) or "-")
        return body

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """Override of `mail`: a pickup e-mail the server refused keeps no code in the
        database. Odoo keeps failed mails (state ``exception``) until somebody deletes them;
        the notification cron still sees the failure and sends the code again
        (``pickup.code._check_notify_mails``). A sent one is deleted by ``auto_delete``.
        """
        res = super()._postprocess_sent_message(success_pids, failure_reason=failure_reason,
                                                failure_type=failure_type)
        refused = self.exists().sudo().filtered(
            lambda mail: mail.pickup_holds_code and mail.state == "exception")
        if refused:
            refused.write({"body_html": False, "body": False})
        return res
