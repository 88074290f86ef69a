import time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..core import signature


@tagged("post_install", "-at_install")
class TestDropshipConnector(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Green Farm"})
        cls.connector = cls.env["dropship.connector"].create({
            "name": "Green Farm", "partner_id": cls.vendor.id,
            "base_url": "http://127.0.0.1:9/",
        })
        cls.supervisor = new_test_user(cls.env, "ds_sup",
                                       groups="pickup_code.group_pickup_supervisor")

    def test_rotation_keeps_old_secret_valid_during_grace(self):
        old = self.connector.webhook_secret.encode()
        self.connector.action_rotate_webhook_secret(grace_hours=1)
        body, now = b'{"event": "accepted"}', int(time.time())
        header = signature.sign(old, now, body)
        self.assertEqual(
            signature.verify(self.connector._get_valid_webhook_secrets(), header, body, now), now)
        self.assertNotEqual(self.connector.webhook_secret.encode(), old)

    def test_supervisor_cannot_read_credentials(self):
        connector = self.connector.with_user(self.supervisor)
        self.assertTrue(connector.webhook_secret_hint.startswith("…"))
        with self.assertRaises(AccessError):
            connector.read(["webhook_secret"])

    def test_base_url_must_be_http(self):
        with self.assertRaises(ValidationError):
            self.connector.base_url = "ftp://vendor"
