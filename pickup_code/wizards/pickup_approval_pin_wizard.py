from odoo import fields, models
from odoo.exceptions import UserError


class PickupApprovalPinWizard(models.TransientModel):
    """A supervisor chooses the PIN that, with their password, approves hand-overs when they
    have no passkey. Opened only after an identity check (see
    ``res.users.action_pickup_set_approval_pin``)."""

    _name = "pickup.approval.pin.wizard"
    _description = "Set approval PIN"

    pin = fields.Char(string="New PIN", required=True)
    pin_confirm = fields.Char(string="Repeat the PIN", required=True)

    def action_set_pin(self):
        """Hash and store the PIN of the current user, then forget the typed values.

        :raises UserError: when the two entries differ or the PIN is malformed or weak
        :raises AccessError: for users outside the Supervisor group
        """
        self.ensure_one()
        user = self.env.user
        user._check_pickup_can_have_approval_pin()
        if self.pin != self.pin_confirm:
            raise UserError(self.env._("The two PINs differ. Type the same PIN twice."))
        user._set_pickup_approval_pin(self.pin)
        # Like Odoo's own password wizard: the typed PIN must not stay in the database.
        self.unlink()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Your approval PIN is set."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
