from odoo import models

from odoo.addons.pickup_code.core import policy


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _claim_and_hand_over(self, scan, steps, evidence, partial_reason):
        """Override of `pickup_code`: keep the photo of the ID document sent with the ID
        step (``steps["id_check"]["photo"]``) when the company keeps ID photos.

        Runs inside the redeem savepoint like the hand-over itself.
        """
        handover = super()._claim_and_hand_over(scan, steps, evidence, partial_reason)
        id_check = steps.get("id_check")
        if policy.ID_CHECK in scan.steps and isinstance(id_check, dict) \
                and id_check.get("photo"):
            handover._pickup_keep_id_photo(id_check["photo"])
        return handover
