from odoo import api, fields, models

from odoo.addons.pickup_code.tools.image import is_image

# The retention job clears this many hand-overs per call (Odoo's cron runner commits after
# each call and calls again for the rest).
ID_PHOTO_BATCH_SIZE = 500


class PickupHandover(models.Model):
    """Extends ``pickup.handover`` with the photo of the collector's ID document, kept only
    when the company's policy says so, and only for its retention period."""

    _inherit = "pickup.handover"

    id_photo = fields.Image(
        "ID document photo", max_width=1600, max_height=1600, attachment=True, copy=False,
        groups="pickup_code.group_pickup_supervisor",
        help="Taken at the counter's ID step; deleted after the retention period of the "
             "pickup settings.")
    id_photo_delete_after = fields.Datetime(
        "ID photo deleted after", copy=False, index="btree_not_null",
        groups="pickup_code.group_pickup_supervisor")

    # === BUSINESS METHODS === #

    def _pickup_keep_id_photo(self, photo):
        """Keep the ID photo sent with the ID step when the company keeps ID photos.

        :param str photo: base64 image from the counter
        :return: True when it was stored (retention > 0 days and a readable image)
        """
        self.ensure_one()
        days = self.company_id.pickup_id_photo_retention_days
        if days <= 0 or not is_image(photo):
            return False
        # Sudo: counter staff record the photo but may not read it back (supervisors only).
        self.sudo().write({
            "id_photo": photo,
            "id_photo_delete_after": fields.Datetime.add(
                self.handover_date or fields.Datetime.now(), days=days),
        })
        return True

    @api.model
    def _cron_delete_expired_id_photos(self, batch_size=ID_PHOTO_BATCH_SIZE):
        """Daily: delete the ID photos whose retention period has ended, one batch per call.

        On Odoo 18's cron progress API: the runner commits after each call and calls again
        while ``remaining`` is above zero, so a long backlog is resumable and a crash loses
        at most the batch in flight. Idempotent: a cleared hand-over has no delete-after date
        any more, so a second run finds nothing.

        :return: number of hand-overs whose photo was deleted by this call
        """
        handovers_sudo = self.sudo()
        domain = [("id_photo_delete_after", "<=", fields.Datetime.now())]
        expired = handovers_sudo.search(domain, limit=batch_size, order="id")
        # Writing False removes the attachment holding the image.
        expired.write({"id_photo": False, "id_photo_delete_after": False})
        remaining = handovers_sudo.search_count(domain) if expired else 0
        self.env["ir.cron"]._notify_progress(done=len(expired), remaining=remaining)
        return len(expired)
