from odoo import models


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _answer(self, scan, reason, details=None):
        """Override of `pickup_code`: name the parcel (the order's package) the clerk fetches
        and the shelf it is on."""
        result = super()._answer(scan, reason, details)
        package = scan.code.sudo().entitlement_id.package_id if scan.code else None
        if package and reason in ("ok", "approval_required", "id_required",
                                  "signature_required", "items_incomplete",
                                  "payment_required"):
            result["parcel"] = package.name
            shelf = package._pickup_shelf(scan.code.warehouse_id)
            if shelf:
                result["shelf"] = shelf.name
        return result
