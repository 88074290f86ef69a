from odoo import api, models
from odoo.exceptions import UserError
from odoo.http import request


class PickupCounter(models.AbstractModel):
    _inherit = "pickup.counter"

    @api.model
    def get_counter_context(self):
        """Override of `stock_pickup_bridge` to offer passkey approval on the counter screen."""
        context = super().get_counter_context()
        context["passkey_approval"] = True
        return context

    @api.model
    def start_passkey_approval(self, point):
        """Begin a passkey approval at ``point``: WebAuthn request options for the second
        person's authenticator. The challenge is kept in this counter session (Odoo's
        ``auth_passkey`` way) and is spent by the next passkey approval, right or wrong.

        :param point: pickup point as warehouse code or id
        :return: options for ``navigator.credentials.get`` (binary values in base64url)
        :rtype: dict
        :raises AccessError: for users outside counter staff, or who may not serve this point
        :raises UserError: outside an HTTP session
        """
        self._check_counter_staff()
        self.env["pickup.service"]._check_point_access(point)
        if not request:
            raise UserError(self.env._(
                "Passkey approval needs the counter screen (a browser session)."))
        return self.env["auth.passkey.key"]._start_auth()
