"""Observe which requests Odoo 18 runs on a read-only cursor (the replica when
``db_replica_host`` is set): shared by the addons' read-only route tests."""

from unittest.mock import patch

from odoo.http import Request


class ReadonlyDispatchMixin:

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
