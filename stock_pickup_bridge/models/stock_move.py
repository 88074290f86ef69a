from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _trigger_assign(self):
        """Override of `stock`: during a pickup scan-in the arrived goods are reserved by
        the scan-in itself, for the orders the parcel is labelled with first (Odoo would
        serve the oldest waiting moves of the product, somebody else's order)."""
        if self.env.context.get("pickup_scan_in"):
            return None
        return super()._trigger_assign()
