from odoo import models


class StockQuantPackage(models.Model):
    _inherit = "stock.quant.package"

    def _pickup_shelf(self, point):
        """The shelf (a location inside ``point``'s stock, not the stock location itself)
        this parcel lies on, or an empty recordset.

        :param point: the pickup point (``stock.warehouse``)
        """
        self.ensure_one()
        location = self.sudo().location_id
        stock = point.lot_stock_id
        if not location or location == stock or not location._child_of(stock):
            return self.env["stock.location"]
        return location
