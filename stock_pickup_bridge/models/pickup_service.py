from odoo import models


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _answer(self, scan, reason, details=None):
        """Override of `pickup_code`: name the parcel (the order's package) the clerk fetches
        from the shelf."""
        result = super()._answer(scan, reason, details)
        package = scan.code.sudo().entitlement_id.package_id if scan.code else None
        if package and reason in ("ok", "approval_required", "id_required",
                                  "signature_required", "items_incomplete"):
            result["parcel"] = package.name
        return result
