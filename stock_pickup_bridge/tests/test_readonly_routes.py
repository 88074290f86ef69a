from unittest.mock import patch

from odoo.http import Request
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(HttpCase):
    """The buyer's pickup list is a read-only request:
    Odoo 18 runs them on a read-only cursor (the replica when ``db_replica_host`` is set), and
    they work there without falling back to the primary."""

    def _dispatch_modes(self, call):
        """Run ``call`` and return the readonly flag of each request's transaction (Odoo's
        own dispatcher, observed, not replaced)."""
        modes = []
        original = Request._transactioning

        def observed(request, func, readonly):
            modes.append(readonly)
            return original(request, func, readonly)

        # A fallback to a read/write cursor is logged as a warning by odoo.http.
        with patch.object(Request, "_transactioning", observed), \
                self.assertNoLogs("odoo.http", level="WARNING"):
            result = call()
        return result, modes

    def test_portal_pickup_list_is_readonly(self):
        rule, _args = self.env["ir.http"].routing_map().bind("localhost").match(
            "/my/pickups", return_rule=True)
        self.assertIs(rule.endpoint.routing["readonly"], True)
        self.authenticate("buyer_lin", "buyer_lin")
        response, modes = self._dispatch_modes(lambda: self.url_open("/my/pickups"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(modes and all(modes), modes)
        self.assertIn("/my/pickups/", response.text, "the buyer's codes are listed")
