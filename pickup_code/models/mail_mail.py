from odoo import fields, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    pickup_holds_code = fields.Boolean(
        groups="base.group_system", copy=False,
        help="The body carries a pickup code: emptied as soon as the server refused it.")

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
