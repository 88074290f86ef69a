from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupSecurity(PickupCommon):

    def test_counter_of_another_point_cannot_see_or_redeem(self):
        code = self._code_of(self._create_order(point=self.point_a))
        Code = self.env["pickup.code"].with_user(self.counter_b)
        self.assertFalse(Code.search([("id", "=", code.id)]))
        with self.assertRaises(AccessError):
            self._service(self.counter_b).redeem(self._short(code), "PTA")
        self.assertEqual(code.state, "ready")
        self.assertFalse(code.attempt_ids, "a refused access writes nothing")

    def test_manager_sees_every_point(self):
        code_b = self._code_of(self._create_order(point=self.point_b))
        self.assertTrue(self.env["pickup.code"].with_user(self.manager).search(
            [("id", "=", code_b.id)]))

    def test_secrets_are_system_only(self):
        code = self._code_of(self._create_order())
        with self.assertRaises(AccessError):
            code.with_user(self.manager).read(["secret_seed"])

    def test_attempt_log_is_append_only_and_chain_detects_tampering(self):
        code = self._code_of(self._create_order())
        for _i in range(3):
            self._service().verify(self._short(code), "PTA", station="chain")
        attempts = code.attempt_ids.sorted("id")
        with self.assertRaises(AccessError):
            attempts[0].with_user(self.manager).write({"reason": "unknown"})
        with self.assertRaises(AccessError):
            attempts[0].with_user(self.manager).sudo().unlink()
        Attempt = self.env["pickup.attempt"]
        self.assertFalse(Attempt._find_chain_breaks())
        self.env.cr.execute("UPDATE pickup_attempt SET reason = 'unknown' WHERE id = %s",
                            [attempts[1].id])
        attempts.invalidate_recordset()
        self.assertEqual(Attempt._find_chain_breaks(), attempts[1])

    def test_plain_user_cannot_call_the_service(self):
        from odoo.tests import new_test_user
        user = new_test_user(self.env, "pk_plain", groups="pickup_code.group_pickup_user")
        code = self._code_of(self._create_order())
        with self.assertRaises(AccessError):
            self._service(user).verify(self._short(code), "PTA")
