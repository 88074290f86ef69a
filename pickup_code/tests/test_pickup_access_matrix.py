from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PickupCommon

# What each group may do (r, w, c, u) on each model, by design. Supervisor and manager rows
# include what they inherit from the groups they imply.
MATRIX = {
    "pickup.code": {"portal": "r", "user": "r", "counter": "r", "supervisor": "rw",
                    "manager": "rwc"},
    "pickup.attempt": {"portal": "", "user": "", "counter": "r", "supervisor": "r",
                       "manager": "r"},
    "pickup.policy.rule": {"portal": "", "user": "r", "counter": "r", "supervisor": "r",
                           "manager": "rwcu"},
    "pickup.anomaly": {"portal": "", "user": "", "counter": "r", "supervisor": "rwc",
                       "manager": "rwc"},
    "pickup.dispute": {"portal": "", "user": "rc", "counter": "rc", "supervisor": "rwc",
                       "manager": "rwc"},
    "pickup.handover": {"portal": "", "user": "", "counter": "r", "supervisor": "r",
                        "manager": "r"},
    "pickup.event": {"portal": "r", "user": "r", "counter": "r", "supervisor": "r",
                     "manager": "r"},
    "pickup.idempotency": {"portal": "", "user": "", "counter": "", "supervisor": "",
                           "manager": ""},
    "pickup.attempt.chain": {"portal": "", "user": "", "counter": "", "supervisor": "",
                             "manager": "r"},
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestPickupAccessMatrix(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "portal": new_test_user(cls.env, "pk_mx_portal", groups="base.group_portal"),
            "user": new_test_user(cls.env, "pk_mx_user", groups="pickup_code.group_pickup_user"),
            "counter": cls.counter_b,
            "supervisor": cls.supervisor,
            "manager": cls.manager,
        }

    def test_model_access_matches_the_design(self):
        for model, by_group in MATRIX.items():
            for group, allowed in by_group.items():
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, group=group, operation=operation):
                        has = self.env[model].with_user(self.users[group]).has_access(operation)
                        self.assertEqual(has, letter in allowed)

    def test_counter_of_another_point_sees_no_record_of_this_point(self):
        code = self._code_of(self._create_order(point=self.point_a))
        self._service().redeem(self._short(code), "PTA")
        for model in ("pickup.code", "pickup.attempt", "pickup.handover"):
            records = self.env[model].with_user(self.counter_b).search([])
            self.assertNotIn(self.point_a, records.mapped("warehouse_id"), model)

    def test_portal_buyer_cannot_read_another_buyers_code(self):
        code = self._code_of(self._create_order(partner=self.buyer2))
        portal = new_test_user(self.env, "pk_mx_portal1", groups="base.group_portal",
                               partner_id=self.buyer.id)
        with self.assertRaises(AccessError):
            code.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            self.env["pickup.service"].with_user(portal).verify(self._short(code), "PTA")
