from odoo.tests import HttpCase, tagged

from odoo.addons.pickup_code.tests.readonly import ReadonlyDispatchMixin


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(ReadonlyDispatchMixin, HttpCase):
    """The buyer's pickup list is a read-only request:
    Odoo 18 runs them on a read-only cursor (the replica when ``db_replica_host`` is set), and
    they work there without falling back to the primary."""

    def test_portal_pickup_list_is_readonly(self):
        rule, _args = self.env["ir.http"].routing_map().bind("localhost").match(
            "/my/pickups", return_rule=True)
        self.assertIs(rule.endpoint.routing["readonly"], True)
        self.authenticate("buyer_lin", "buyer_lin")
        response, modes = self._dispatch_modes(lambda: self.url_open("/my/pickups"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(modes and all(modes), modes)
        self.assertIn("/my/pickups/", response.text, "the buyer's codes are listed")
