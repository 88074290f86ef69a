from odoo import api, models
from odoo.exceptions import AccessError


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _is_code_in_scope(self, code):
        """Override of `pickup_code`: a vendor API user only redeems its own vendor's orders."""
        if not self.env.user.has_group("dropship_connectors.group_dropship_vendor"):
            return super()._is_code_in_scope(code)
        connectors = self.env["dropship.connector"].sudo().search(
            [("vendor_user_ids", "in", self.env.uid)])
        purchases = code.sudo().sale_order_id._get_purchase_orders()
        return bool(purchases.dropship_connector_id & connectors) \
            and super()._is_code_in_scope(code)

    @api.model
    def lookup(self, query, point, station=None):
        """Override of `pickup_code`: a vendor API user redeems by code only; looking up by
        buyer name or phone digits would list every seller's buyers at its points."""
        user = self.env.user
        if user.has_group("dropship_connectors.group_dropship_vendor") \
                and not user.has_group("pickup_code.group_pickup_counter"):
            raise AccessError(self.env._("A vendor account cannot look up pickups; scan the code."))
        return super().lookup(query, point, station=station)

    def _check_point_access(self, point):
        """Override of `pickup_code`: a vendor API user serves the points of its connectors."""
        user = self.env.user
        if not user.has_group("dropship_connectors.group_dropship_vendor") \
                or user.has_group("pickup_code.group_pickup_counter"):
            return super()._check_point_access(point)
        points = self.env["dropship.connector"].sudo().search(
            [("vendor_user_ids", "in", user.id)]).warehouse_ids
        warehouse = points.filtered(lambda w: w.code == point or str(w.id) == str(point))[:1]
        if not warehouse:
            raise AccessError(self.env._(
                "Your vendor account does not serve the pickup point %(point)s.",
                                point=point))
        return warehouse
