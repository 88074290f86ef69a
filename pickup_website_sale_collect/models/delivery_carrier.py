from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_duration

from ..core import checkout


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    def _pickup_collect_stores(self):
        """The warehouses this in-store method offers to buyers: its pickup points when it has
        any (see ``core.checkout.stores_to_offer``).

        Sudo: the web shop runs as the public user, who reads no warehouse.

        :return: ``stock.warehouse`` records (sudo)
        """
        self.ensure_one()
        stores = self.sudo().warehouse_ids
        return stores.browse(checkout.stores_to_offer(
            stores.ids, stores.filtered("is_pickup_point").ids))

    def _pickup_collect_check_store(self, store_id):
        """Refuse a store the selector does not offer (a forged or outdated request).

        :param store_id: the posted warehouse id (any type: it comes from the browser)
        :raise ValidationError: the store may not be chosen
        """
        self.ensure_one()
        stores = self.sudo().warehouse_ids
        try:
            store = stores.browse(int(store_id)).exists()
        except (TypeError, ValueError):
            store = stores.browse()
        if not store or not checkout.may_choose(
                store.id, stores.ids, stores.filtered("is_pickup_point").ids,
                store.is_pickup_point):
            raise ValidationError(self.env._("Please choose one of the pickup points offered."))

    def _in_store_get_close_locations(self, partner_address, product_id=None):
        """Override of `website_sale_collect`: the store selector lists the offered stores
        only (a method with pickup points never shows its other warehouses)."""
        locations = super()._in_store_get_close_locations(partner_address, product_id=product_id)
        stores = self._pickup_collect_stores()
        offered = [location for location in locations if location["id"] in stores.ids]
        # A point keeps its hours in its pickup calendar (deadlines follow it): the selector
        # shows them when Click & Collect's own "Opening Hours" is left empty.
        for location in offered:
            calendar = stores.browse(location["id"]).pickup_calendar_id
            if not location.get("opening_hours") and calendar:
                location["opening_hours"] = self._pickup_collect_opening_hours(calendar)
        return offered

    @staticmethod
    def _pickup_collect_opening_hours(calendar):
        """A calendar's hours in the selector's format (as ``website_sale_collect`` builds
        them from a warehouse's "Opening Hours"): ``{"0": ["08:00 - 12:00", ...], ...}``."""
        hours = {str(day): [] for day in range(7)}
        for attendance in calendar.attendance_ids:
            if attendance.day_period in ("morning", "afternoon"):
                hours[attendance.dayofweek].append("%s - %s" % (
                    format_duration(attendance.hour_from), format_duration(attendance.hour_to)))
        return hours
