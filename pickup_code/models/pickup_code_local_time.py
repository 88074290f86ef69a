from odoo import fields, models

from ..core import local_time


class PickupCode(models.Model):
    """Times as read at the code's pickup point (its zone), not the server's or a clerk's."""

    _inherit = "pickup.code"

    def _get_point_tz(self):
        """The zone of this code's pickup point (see ``stock.warehouse._get_pickup_tz``)."""
        self.ensure_one()
        return self.sudo().warehouse_id._get_pickup_tz()

    def _pickup_format_local(self, value, show_zone=False):
        """``value`` (UTC, as stored) as ``YYYY-MM-DD HH:MM`` at the point; '' for none."""
        self.ensure_one()
        return local_time.format_local(value, self._get_point_tz(), show_zone=show_zone)

    def _pickup_format_for_buyer(self, value):
        """Like ``_pickup_format_local``, naming the zone (``(UTC+8)``) when the buyer's own
        clock differs from the point's: a buyer away from home reads it right."""
        self.ensure_one()
        zone = self._get_point_tz()
        elsewhere = local_time.reader_elsewhere(value, zone, self.sudo().partner_id.tz)
        return local_time.format_local(value, zone, show_zone=elsewhere)

    def _pickup_zone_label(self, value=None):
        """The point's zone as an offset (``UTC+8``) at ``value`` (else now)."""
        self.ensure_one()
        return local_time.zone_label(value or fields.Datetime.now(), self._get_point_tz())
