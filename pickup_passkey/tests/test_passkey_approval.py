import base64
import hashlib
import json
import secrets
from urllib.parse import urlparse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL

from odoo.addons.pickup_code.tests.common import SUPERVISOR_PIN, PickupCommon

COOKER_LINES = [{"barcode": "PCK-COOK", "qty": 1}]
FLAG_USER_PRESENT = 0x01
FLAG_USER_VERIFIED = 0x04


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftwareAuthenticator:
    """A passkey authenticator in software: an EC P-256 key pair that signs WebAuthn
    assertions the way a phone does (authenticatorData || sha256(clientDataJSON), DER)."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = b64url(secrets.token_bytes(16))
        self.sign_count = 0

    def cose_public_key(self):
        """The public key as a COSE_Key (CBOR map): kty EC2, alg ES256, crv P-256, x, y."""
        numbers = self.private_key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return (b"\xa5" b"\x01\x02" b"\x03\x26" b"\x20\x01"
                b"\x21\x58\x20" + x + b"\x22\x58\x20" + y)

    def assertion(self, challenge, origin, user_handle):
        """:return: the JSON of ``navigator.credentials.get()`` for ``challenge``."""
        self.sign_count += 1
        rp_id = urlparse(origin).hostname
        auth_data = (hashlib.sha256(rp_id.encode()).digest()
                     + bytes([FLAG_USER_PRESENT | FLAG_USER_VERIFIED])
                     + self.sign_count.to_bytes(4, "big"))
        client_data = json.dumps({"type": "webauthn.get", "challenge": challenge,
                                  "origin": origin, "crossOrigin": False}).encode()
        signature = self.private_key.sign(auth_data + hashlib.sha256(client_data).digest(),
                                          ec.ECDSA(hashes.SHA256()))
        return json.dumps({
            "id": self.credential_id, "rawId": self.credential_id, "type": "public-key",
            "authenticatorAttachment": "platform", "clientExtensionResults": {},
            "response": {"authenticatorData": b64url(auth_data),
                         "clientDataJSON": b64url(client_data),
                         "signature": b64url(signature),
                         "userHandle": b64url(str(user_handle).encode())},
        })


@tagged("post_install", "-at_install")
class TestPasskeyApproval(PickupCommon):
    """The second person approves with a real passkey assertion, checked by auth_passkey over
    HTTP in the counter user's session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.high_value_rule.write({"step_id_check": False, "step_item_scan": False,
                                   "step_signature": False})
        cls.counter_a.password = "pk_counter_a_pw"
        cls.supervisor_key = cls._add_passkey(cls.supervisor)

    @classmethod
    def _add_passkey(cls, user):
        """Register a software passkey for ``user`` as ``auth_passkey`` stores one."""
        authenticator = SoftwareAuthenticator()
        passkey = cls.env["auth.passkey.key"].with_user(user).sudo().create({
            "name": "Test phone", "credential_identifier": authenticator.credential_id})
        cls.env.cr.execute(SQL(
            "UPDATE auth_passkey_key SET public_key = %s WHERE id = %s",
            base64.urlsafe_b64encode(authenticator.cose_public_key()).decode(), passkey.id))
        authenticator.passkey = passkey
        authenticator.user = user
        return authenticator

    def setUp(self):
        super().setUp()
        # rp id and origin come from web.base.url: the address this test server answers on.
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url())

    def _cooker_code(self):
        return self._code_of(self._create_order(lines=[(self.cooker, 1)]))

    def _call(self, model, method, *args, **kwargs):
        """Call ``model.method`` over JSON-RPC as the authenticated user."""
        self.env.flush_all()
        try:
            return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
                "model": model, "method": method, "args": list(args), "kwargs": kwargs})
        finally:
            # The server wrote through the shared test cursor: drop this env's stale cache.
            self.env.invalidate_all()

    def _start(self):
        return self._call("pickup.counter", "start_passkey_approval", "PTA")

    def _sign(self, authenticator, options):
        return authenticator.assertion(options["challenge"], self.base_url(),
                                       authenticator.user.id)

    def _redeem(self, code, approval):
        return self._call("pickup.service", "redeem", self._short(code), "PTA",
                          steps={"approval": approval}, lines=COOKER_LINES)

    def _passkey(self, response):
        return {"method": "passkey", "webauthn_response": response}

    def test_counter_screen_offers_passkey_approval(self):
        self.authenticate("pk_counter_a", "pk_counter_a_pw")
        self.assertTrue(self._call("pickup.counter", "get_counter_context")["passkey_approval"])
        options = self._start()
        self.assertEqual(options["rpId"], urlparse(self.base_url()).hostname)
        self.assertEqual(options["userVerification"], "required")
        self.assertTrue(options["challenge"])

    def test_passkey_approval_is_recorded_and_single_use(self):
        self.authenticate("pk_counter_a", "pk_counter_a_pw")
        code = self._cooker_code()
        response = self._sign(self.supervisor_key, self._start())
        result = self._redeem(code, self._passkey(response))
        self.assertEqual(result["reason"], "ok", result["message"])
        handover = code.handover_ids
        self.assertEqual(handover.approver_id, self.supervisor)
        self.assertEqual(handover.approval_method, "passkey")
        self.assertEqual(handover.user_id, self.counter_a)
        self.assertEqual(self.supervisor_key.passkey.sign_count, self.supervisor_key.sign_count,
                         "auth_passkey checked it and keeps the authenticator's counter")

        # The same assertion again, for another order: its challenge is spent.
        other = self._cooker_code()
        replay = self._redeem(other, self._passkey(response))
        self.assertEqual(replay["reason"], "approval_refused")
        # ...and it does not sign a newer challenge either.
        self._start()
        self.assertEqual(self._redeem(other, self._passkey(response))["reason"],
                         "approval_refused")
        self.assertEqual(other.state, "ready")
        self.assertEqual(other.failed_check_count, 2, "each refusal is a failed check")

    def test_assertion_for_another_origin_is_refused(self):
        self.authenticate("pk_counter_a", "pk_counter_a_pw")
        code = self._cooker_code()
        options = self._start()
        phished = self.supervisor_key.assertion(options["challenge"], "https://evil.example",
                                                self.supervisor.id)
        self.assertEqual(self._redeem(code, self._passkey(phished))["reason"],
                         "approval_refused")

    def test_nobody_approves_their_own_hand_over_with_a_passkey(self):
        # A supervisor at the counter cannot be their own second person.
        self.supervisor.password = "pk_supervisor_pw"
        self.authenticate("pk_supervisor", "pk_supervisor_pw")
        code = self._cooker_code()
        response = self._sign(self.supervisor_key, self._start())
        self.assertEqual(self._redeem(code, self._passkey(response))["reason"],
                         "approval_refused")
        self.assertEqual(self.supervisor_key.passkey.sign_count, 0, "not even verified")
        # Counter staff with a passkey of their own are no second person either.
        counter_key = self._add_passkey(self.counter_a)
        self.authenticate("pk_counter_a", "pk_counter_a_pw")
        response = self._sign(counter_key, self._start())
        self.assertEqual(self._redeem(code, self._passkey(response))["reason"],
                         "approval_refused")
        self.assertEqual(code.state, "ready")
        self.assertEqual(code.failed_check_count, 2)

    def test_garbage_passkey_responses_are_refusals(self):
        self.company.pickup_lockout_threshold = 20  # count every refusal, lock none
        self.authenticate("pk_counter_a", "pk_counter_a_pw")
        code = self._cooker_code()
        forged = json.loads(self._sign(self.supervisor_key, self._start()))
        forged["response"]["signature"] = b64url(b"\x30\x06\x02\x01\x01\x02\x01\x01")
        for response in ("", "{", "[]", '{"id": 5}', "x" * 20000, json.dumps(forged),
                         json.dumps({"id": self.supervisor_key.credential_id})):
            with self.subTest(response=response[:40]):
                self._start()
                self.assertEqual(self._redeem(code, self._passkey(response))["reason"],
                                 "approval_refused")
        self.assertEqual(code.state, "ready")
        self.assertEqual(code.failed_check_count, 7, "every garbled approval is a failed check")

    def test_supervisor_with_a_passkey_cannot_fall_back_to_password_and_pin(self):
        code = self._cooker_code()
        result = self._service().redeem(
            self._short(code), "PTA", lines=COOKER_LINES, steps={"approval": {
                "method": "password_pin", "login": "pk_supervisor",
                "password": "pk_supervisor_pw", "pin": SUPERVISOR_PIN}})
        self.assertEqual(result["reason"], "approval_refused")
        self.assertEqual(code.failed_check_count, 1)
        # Without a passkey the same supervisor may.
        self.supervisor_key.passkey.unlink()
        ok = self._service().redeem(
            self._short(code), "PTA", lines=COOKER_LINES, steps={"approval": {
                "method": "password_pin", "login": "pk_supervisor",
                "password": "pk_supervisor_pw", "pin": SUPERVISOR_PIN}})
        self.assertEqual(ok["reason"], "ok")
        self.assertEqual(code.handover_ids.approval_method, "password_pin")

    def test_counter_screen_approves_with_a_passkey_in_the_browser(self):
        """The whole path in Chromium: the button, navigator.credentials.get (a software
        passkey in the page), simplewebauthn, the hand-over RPC and auth_passkey."""
        code = self._cooker_code()
        pkcs8 = self.supervisor_key.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("pickup_passkey.tour_code", self._short(code))
        params.set_param("pickup_passkey.tour_passkey", json.dumps({
            "pkcs8": b64url(pkcs8), "credentialId": self.supervisor_key.credential_id}))
        self.start_tour("/odoo/action-stock_pickup_bridge.action_pickup_counter",
                        "pickup_passkey_counter_tour", login="admin")
        self.env.invalidate_all()
        self.assertEqual(code.state, "redeemed")
        self.assertEqual(code.handover_ids.approver_id, self.supervisor)
        self.assertEqual(code.handover_ids.approval_method, "passkey")
        self.assertEqual(self.supervisor_key.passkey.sign_count, 1)

    def test_start_needs_a_point_of_the_user(self):
        self.counter_b.password = "pk_counter_b_pw"
        self.authenticate("pk_counter_b", "pk_counter_b_pw")
        with self.assertRaises(JsonRpcException):
            self._start()

    def test_start_is_for_counter_staff(self):
        """An internal user who serves no counter (e.g. a vendor's API user) gets no challenge."""
        new_test_user(self.env, "pk_clerk_elsewhere", password="pk_clerk_elsewhere_pw",
                      groups="base.group_user",
                      pickup_warehouse_ids=[Command.set(self.point_a.ids)])
        self.authenticate("pk_clerk_elsewhere", "pk_clerk_elsewhere_pw")
        with self.assertRaises(JsonRpcException):
            self._start()
