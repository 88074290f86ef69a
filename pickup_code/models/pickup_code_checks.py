import secrets

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..core import credential, limits


class PickupCode(models.Model):
    _inherit = "pickup.code"

    def _get_required_steps_tuple(self):
        """:return: the policy steps this code's hand-over needs (``policy.STEPS`` order)."""
        self.ensure_one()
        return self.env["pickup.policy.rule"]._get_required_steps(
            self.sale_order_id, self.warehouse_id)

    def _register_failed_check(self):
        """Count a failed identity/OTP/approval check; lock the code at the threshold."""
        self.ensure_one()
        company = self.company_id
        count = self.failed_check_count + 1
        until = limits.lockout_until(count, company.pickup_lockout_threshold,
                                     fields.Datetime.now(), company.pickup_lockout_minutes)
        self.sudo().write({"failed_check_count": count, "locked_until": until or False})
        if until:
            self.env["pickup.anomaly"]._raise({
                "anomaly_type": "lockout", "company_id": company.id, "code_id": self.id,
                "warehouse_id": self.warehouse_id.id, "user_id": self.env.uid,
            })

    def action_send_otp(self):
        """Send a 6-digit one-time password to the buyer's phone (valid 10 minutes)."""
        self.ensure_one()
        number = self._get_notify_phone()
        if not number:
            raise UserError(_("The buyer has no valid mobile number for a one-time password."))
        otp = "%06d" % secrets.randbelow(10**6)
        self.sudo().write({
            "otp_hash": credential.keyed_hash(self._get_pepper(), "otp:%s" % self.id, otp),
            "otp_expiry": fields.Datetime.add(fields.Datetime.now(), minutes=10),
        })
        self.env["sms.sms"].sudo().create({
            "number": number,
            "partner_id": self.partner_id.id,
            "body": _("Your pickup one-time password is %(otp)s (valid 10 minutes).", otp=otp),
        }).send(unlink_failed=True, unlink_sent=True, raise_exception=False)
        return True

    def _check_otp(self, given):
        """:return: True when ``given`` is the current one-time password (then it is spent)."""
        self.ensure_one()
        code_sudo = self.sudo()
        if not code_sudo.otp_hash or not code_sudo.otp_expiry \
                or code_sudo.otp_expiry < fields.Datetime.now():
            return False
        digest = credential.keyed_hash(self._get_pepper(), "otp:%s" % self.id, given.strip())
        ok = credential.constant_time_equal(digest, code_sudo.otp_hash)
        if ok:
            code_sudo.write({"otp_hash": False, "otp_expiry": False})
        return ok
