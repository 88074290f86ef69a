from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..core import approval_pin
from .common import SUPERVISOR_PIN, PickupCommon

COOKER_LINES = [{"barcode": "PCK-COOK", "qty": 1}]


@tagged("post_install", "-at_install")
class TestPickupApproval(PickupCommon):
    """The second person without a passkey: password + approval PIN, recorded with its method."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only the second person is asked for: the other checks are tested elsewhere.
        cls.high_value_rule.write({"step_id_check": False, "step_item_scan": False,
                                   "step_signature": False})

    def _cooker_code(self):
        return self._code_of(self._create_order(lines=[(self.cooker, 1)]))

    def _redeem(self, code, approval, user=None):
        return self._service(user).redeem(self._short(code), "PTA", steps={"approval": approval},
                                          lines=COOKER_LINES)

    def _approval(self, login="pk_supervisor", password="pk_supervisor_pw", pin=SUPERVISOR_PIN):
        return {"method": "password_pin", "login": login, "password": password, "pin": pin}

    def test_password_and_pin_approval_is_recorded_with_its_method(self):
        code = self._cooker_code()
        self.assertEqual(code._get_required_steps_tuple(), ("approval",))
        result = self._redeem(code, self._approval(pin=" 48 26 "))
        self.assertEqual(result["reason"], "ok")
        handover = code.handover_ids
        self.assertEqual(handover.approver_id, self.supervisor)
        self.assertEqual(handover.approval_method, "password_pin")
        self.assertEqual(code.failed_check_count, 0)

    def test_wrong_pin_is_refused_and_counted(self):
        code = self._cooker_code()
        result = self._redeem(code, self._approval(pin="4827"))
        self.assertEqual(result["reason"], "approval_refused")
        self.assertEqual(code.state, "ready", "a refusal consumes nothing")
        self.assertEqual(code.failed_check_count, 1, "a wrong PIN is a failed check")
        self.assertEqual(code.attempt_ids[:1].reason, "approval_refused")

    def test_every_part_of_the_fallback_is_needed(self):
        self.company.pickup_lockout_threshold = 20  # count every refusal, lock none
        code = self._cooker_code()
        refused = [
            self._approval(password="wrong"),
            self._approval(pin=""),
            self._approval(pin="48"),
            {"method": "password_pin", "login": "pk_supervisor", "password": "pk_supervisor_pw"},
            {"method": "fingerprint", "login": "pk_supervisor", "password": "pk_supervisor_pw",
             "pin": SUPERVISOR_PIN},
            {"method": "passkey", "webauthn_response": "{}"},
        ]
        for count, approval in enumerate(refused, start=1):
            with self.subTest(approval=approval):
                self.assertEqual(self._redeem(code, approval)["reason"], "approval_refused")
                self.assertEqual(code.failed_check_count, count)
        self.assertEqual(code.state, "ready")

    def test_lockout_after_failed_approvals(self):
        code = self._cooker_code()
        threshold = self.company.pickup_lockout_threshold
        reasons = [self._redeem(code, self._approval(pin="1357"))["reason"]
                   for _i in range(threshold)]
        self.assertEqual(reasons[-1], "locked")
        self.assertEqual(self._redeem(code, self._approval())["reason"], "locked",
                         "even the right PIN waits for the unlock")

    def test_supervisor_without_pin_cannot_use_the_fallback(self):
        code = self._cooker_code()
        result = self._redeem(code, self._approval("pk_supervisor2", "pk_supervisor2_pw", ""))
        self.assertEqual(result["reason"], "approval_refused")

    def test_same_user_or_non_supervisor_is_refused(self):
        code = self._cooker_code()
        self.counter_b._set_pickup_approval_pin("1357")
        self.assertEqual(self._redeem(code, self._approval(), user=self.supervisor)["reason"],
                         "approval_refused", "nobody approves their own hand-over")
        self.assertEqual(self._redeem(code, self._approval("pk_counter_b", "pk_counter_b",
                                                           "1357"))["reason"],
                         "approval_refused", "counter staff are no second person")
        self.assertEqual(code.failed_check_count, 2)

    def test_pin_is_stored_as_a_keyed_hash_readable_by_the_system_only(self):
        stored = self.supervisor.sudo().pickup_approval_pin_hash
        self.assertEqual(len(stored), 64)
        self.assertNotIn(SUPERVISOR_PIN, stored)
        self.assertNotEqual(stored, approval_pin.hash_kind(self.supervisor.id))
        with self.assertRaises(AccessError):
            self.supervisor.with_user(self.manager).read(["pickup_approval_pin_hash"])
        with self.assertRaises(AccessError):
            self.supervisor.with_user(self.supervisor).read(["pickup_approval_pin_hash"])
        self.assertTrue(self.supervisor.with_user(self.supervisor).read(
            ["pickup_approval_pin_set"])[0]["pickup_approval_pin_set"])
        self.assertFalse(self.supervisor2.pickup_approval_pin_set)

    def test_weak_or_malformed_pins_are_refused(self):
        for pin in ("1234", "0000", "12", "12345678901", "abcd"):
            with self.subTest(pin=pin), self.assertRaises(UserError):
                self.supervisor2._set_pickup_approval_pin(pin)
        self.assertFalse(self.supervisor2.pickup_approval_pin_set)

    def test_pin_wizard_sets_the_pin_of_the_supervisor_only(self):
        Wizard = self.env["pickup.approval.pin.wizard"]
        with self.assertRaises(UserError):
            Wizard.with_user(self.supervisor2).create(
                {"pin": "1357", "pin_confirm": "1358"}).action_set_pin()
        wizard = Wizard.with_user(self.supervisor2).create({"pin": "1357", "pin_confirm": "1357"})
        wizard.action_set_pin()
        self.assertFalse(wizard.exists(), "the typed PIN does not stay in the database")
        self.assertTrue(self.supervisor2._check_pickup_approval_pin("1357"))
        self.assertFalse(self.supervisor2._check_pickup_approval_pin("1358"))
        with self.assertRaises(AccessError):
            Wizard.with_user(self.counter_a).create({"pin": "1357", "pin_confirm": "1357"})

    def test_preferences_form_offers_the_pin_button_to_supervisors(self):
        view = self.env.ref("base.view_users_form_simple_modif")
        arch = self.env["res.users"].with_user(self.supervisor).get_views(
            [(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn("action_pickup_set_approval_pin", arch)
        arch = self.env["res.users"].with_user(self.counter_a).get_views(
            [(view.id, "form")])["views"]["form"]["arch"]
        self.assertNotIn("action_pickup_set_approval_pin", arch)

    def test_manager_clears_a_forgotten_pin_without_learning_it(self):
        clear = type(self.supervisor).action_pickup_clear_approval_pin.__wrapped__
        with self.assertRaises(AccessError):
            clear(self.supervisor.with_user(self.counter_a))
        self.assertTrue(self.supervisor.pickup_approval_pin_set)
        clear(self.supervisor.with_user(self.manager))
        self.supervisor.invalidate_recordset()
        self.assertFalse(self.supervisor.pickup_approval_pin_set)
        code = self._cooker_code()
        self.assertEqual(self._redeem(code, self._approval())["reason"], "approval_refused")
        self.assertEqual(code.state, "ready")
        view = self.env.ref("base.view_users_form")
        arch = self.env["res.users"].with_user(self.manager).get_views(
            [(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn("action_pickup_clear_approval_pin", arch)
