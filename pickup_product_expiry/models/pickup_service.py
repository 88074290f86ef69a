from odoo import models


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _check_goods(self, scan):
        """Override of `pickup_code`: a lot past its expiry date is never handed over.

        Checked before the claim, at verify as well as redeem, so the counter sees the
        refusal on the first scan and nothing is consumed.
        """
        reason, details = super()._check_goods(scan)
        if reason:
            return reason, details
        expired = scan.code._get_expired_lots(pickings=scan.pickings)
        if expired:
            return "goods_expired", {"lots": expired.mapped("display_name")}
        return None, {}
