import json
import logging

from odoo import models
from odoo.exceptions import AccessDenied
from odoo.http import request

from odoo.addons.auth_passkey._vendor.webauthn.helpers import exceptions as webauthn_exceptions

_logger = logging.getLogger(__name__)

# A WebAuthn assertion is about 1 KiB; anything much larger is not one.
MAX_WEBAUTHN_RESPONSE_LENGTH = 16 * 1024
# Everything the WebAuthn verification may raise on a forged or garbled assertion (the
# vendored library has no common base class), besides Odoo's AccessDenied.
WEBAUTHN_ERRORS = (
    AccessDenied, ValueError, TypeError, KeyError, IndexError, RecursionError,
    webauthn_exceptions.InvalidAuthenticationResponse,
    webauthn_exceptions.InvalidJSONStructure,
    webauthn_exceptions.InvalidAuthenticatorDataStructure,
    webauthn_exceptions.InvalidCBORData,
    webauthn_exceptions.InvalidPublicKeyStructure,
    webauthn_exceptions.UnsupportedPublicKeyType,
    webauthn_exceptions.UnsupportedAlgorithm,
    webauthn_exceptions.UnsupportedPublicKey,
    webauthn_exceptions.UnsupportedEC2Curve,
    webauthn_exceptions.InvalidBackupFlags,
    webauthn_exceptions.SignatureVerificationException,
)
SESSION_CHALLENGE_KEY = "webauthn_challenge"  # auth_passkey's session key


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _has_approval_passkey(self, approver):
        """Override of `pickup_code` to answer from Odoo's passkeys: a supervisor who has
        one must approve with it, not with password + PIN."""
        # Sudo: passkeys are readable by their owner only.
        return bool(approver.sudo().auth_passkey_key_ids) or super()._has_approval_passkey(
            approver)

    def _check_approver_passkey(self, given):
        """Override of `pickup_code` to verify a passkey approval with Odoo's `auth_passkey`.

        The passkey is found by its credential id; its owner must be a supervisor other
        than the user handing over. The assertion must sign the challenge of
        ``pickup.counter.start_passkey_approval`` in this session, for this server's origin,
        with user verification and a growing signature counter. One challenge allows one
        try: it is spent whatever the outcome, so an assertion cannot be replayed.

        :return: the approving ``res.users`` or an empty recordset
        """
        Users = self.env["res.users"].sudo()
        if not request:
            return Users
        try:
            credential_id = self._get_passkey_credential_id(given.get("webauthn_response"))
            passkey_sudo = self.env["auth.passkey.key"].sudo().search(
                [("credential_identifier", "=", credential_id)], limit=1)
            approver = passkey_sudo.create_uid
            if not self._is_allowed_approver(approver):
                return Users
            approver.with_user(approver)._check_credentials(
                {"type": "webauthn", "webauthn_response": given["webauthn_response"]},
                {"interactive": True})
        except WEBAUTHN_ERRORS as err:
            _logger.info("Passkey approval refused for user #%s: %s", self.env.uid, err)
            return Users
        finally:
            request.session.pop(SESSION_CHALLENGE_KEY, None)
        return approver

    @staticmethod
    def _get_passkey_credential_id(response):
        """:return: the credential id (base64url) of a WebAuthn assertion given as JSON text.

        :raises ValueError: when ``response`` is not a JSON object with a non-empty ``id``
        """
        if not isinstance(response, str) or len(response) > MAX_WEBAUTHN_RESPONSE_LENGTH:
            raise ValueError("the passkey response must be JSON text")
        data = json.loads(response)
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
            raise ValueError("the passkey response has no credential id")
        return data["id"]
