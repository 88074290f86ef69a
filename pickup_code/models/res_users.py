import logging

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.models.res_users import check_identity

from ..core import approval_pin, credential

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    _inherit = "res.users"

    pickup_warehouse_ids = fields.Many2many(
        "stock.warehouse", "pickup_warehouse_users_rel", "user_id", "warehouse_id",
        string="Pickup points",
        help="Counter staff see and redeem only the codes of these pickup points.",
    )
    # Keyed hash only (HMAC-SHA256 with the server pepper, bound to the user id); never the PIN.
    pickup_approval_pin_hash = fields.Char(groups="base.group_system", copy=False)
    pickup_approval_pin_set = fields.Boolean(
        string="Approval PIN set", compute="_compute_pickup_approval_pin_set",
        help="The supervisor has an approval PIN for hand-overs approved without a passkey.")

    @property
    def SELF_READABLE_FIELDS(self):
        """Override of `base` to let users see whether they have an approval PIN."""
        return super().SELF_READABLE_FIELDS + ["pickup_approval_pin_set"]

    # === COMPUTE METHODS === #

    def _compute_pickup_approval_pin_set(self):
        # Sudo: the hash is system-only; only its presence is shown.
        for user, user_sudo in zip(self, self.sudo(), strict=True):
            user.pickup_approval_pin_set = bool(user_sudo.pickup_approval_pin_hash)

    # === ACTION METHODS === #

    @check_identity
    def action_pickup_set_approval_pin(self):
        """Open the wizard where a supervisor chooses their approval PIN (password asked first).

        :return: an ``ir.actions.act_window`` for ``pickup.approval.pin.wizard``
        :raises AccessError: for users outside the Supervisor group
        """
        self._check_pickup_can_have_approval_pin()
        return {
            "name": self.env._("Set approval PIN"),
            "type": "ir.actions.act_window",
            "res_model": "pickup.approval.pin.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "medium"},
        }

    @check_identity
    def action_pickup_clear_approval_pin(self):
        """Clear forgotten or exposed approval PINs: the supervisor sets a new one, so nobody
        but them ever knows it (password asked first).

        :raises AccessError: for users outside the Pickup Manager group
        """
        if not self.env.user.has_group("pickup_code.group_pickup_manager"):
            raise AccessError(self.env._("Only pickup managers can clear an approval PIN."))
        # Sudo: the hash is system-only.
        self.sudo().pickup_approval_pin_hash = False
        _logger.info("Approval PIN of users %s cleared by user %s", self.ids, self.env.uid)
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"type": "success", "next": {"type": "ir.actions.client",
                                                   "tag": "soft_reload"},
                       "message": self.env._(
                           "Approval PIN cleared: %(users)s must set a new one in "
                                    "their preferences before approving without a passkey.",
                                    users=", ".join(self.mapped("name")))},
        }

    # === BUSINESS METHODS === #

    def _check_pickup_can_have_approval_pin(self):
        """:raises AccessError: unless the current user is a supervisor acting on themselves."""
        if self != self.env.user or not self.env.user.has_group(
                "pickup_code.group_pickup_supervisor"):
            raise AccessError(self.env._("Only supervisors can set their own approval PIN."))

    def _pickup_approval_pin_digest(self, pin):
        """:return: the keyed hash stored for ``pin`` (already normalised) of this user."""
        self.ensure_one()
        pepper = self.env["pickup.code"]._get_pepper()
        return credential.keyed_hash(pepper, approval_pin.hash_kind(self.id), pin)

    def _set_pickup_approval_pin(self, pin):
        """Store the keyed hash of a new approval PIN.

        :param str pin: as typed; 4 to 8 digits, not a trivial run
        :raises UserError: on a malformed or weak PIN
        """
        self.ensure_one()
        try:
            pin = approval_pin.check_new_pin(pin)
        except approval_pin.InvalidPin as err:
            if err.detail == "weak":
                raise UserError(self.env._(
                    "This PIN is too easy to guess (one repeated digit or a run "
                                  "such as 1234). Choose another one.")) from None
            raise UserError(self.env._("The approval PIN must be %(min)s to %(max)s digits.",
                              min=approval_pin.PIN_MIN_LENGTH,
                              max=approval_pin.PIN_MAX_LENGTH)) from None
        self.sudo().pickup_approval_pin_hash = self._pickup_approval_pin_digest(pin)

    def _check_pickup_approval_pin(self, pin):
        """Is ``pin`` this user's approval PIN? Compared in constant time.

        :return: False when no PIN is set or the PIN is malformed or wrong
        :rtype: bool
        """
        self.ensure_one()
        # Sudo: the stored hash is system-only.
        stored = self.sudo().pickup_approval_pin_hash
        try:
            pin = approval_pin.normalise_pin(pin)
        except approval_pin.InvalidPin:
            return False
        if not stored:
            return False
        return credential.constant_time_equal(self._pickup_approval_pin_digest(pin), stored)
