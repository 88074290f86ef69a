from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.pickup_code.core import local_time

from ..core import slots as slot_rules


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    pickup_slot_enabled = fields.Boolean(
        "Pickup slots", help="Buyers choose a time slot to collect; each slot holds a set "
                             "capacity. Needs the point's opening hours (calendar).")
    pickup_slot_minutes = fields.Integer("Slot length (minutes)", default=30)
    pickup_slot_prep_minutes = fields.Integer(
        "Preparation delay (minutes)", default=120,
        help="The first slot a buyer can choose starts at least this long from now.")
    pickup_slot_days = fields.Integer("Days ahead", default=7,
                                      help="Slots are offered for today and this many days.")
    pickup_slot_capacity = fields.Integer("Capacity per slot", default=10)
    pickup_slot_unit = fields.Selection(
        [(slot_rules.UNIT_ORDERS, "Orders"), (slot_rules.UNIT_VOLUME, "Volume units")],
        string="Capacity counts", default=slot_rules.UNIT_ORDERS, required=True,
        help="Orders: each order takes one place. Volume units: each order takes the volume "
             "of its goods (the products' pickup volume times the quantity).")
    pickup_slot_reminder_minutes = fields.Integer(
        "Remind before the slot (minutes)", default=60,
        help="0: no reminder before the slot.")
    pickup_slot_ids = fields.One2many("pickup.slot", "warehouse_id", string="Slots")

    @api.constrains("pickup_slot_enabled", "pickup_calendar_id", "pickup_slot_minutes",
                    "pickup_slot_capacity", "pickup_slot_days", "pickup_slot_prep_minutes")
    def _check_pickup_slot_setup(self):
        for point in self.filtered("pickup_slot_enabled"):
            if not point.pickup_calendar_id:
                raise ValidationError(self.env._(
                    "%(point)s: slots are laid over the opening hours; choose its calendar "
                    "first.", point=point.name))
            if point.pickup_slot_minutes < 5 or point.pickup_slot_capacity < 1 \
                    or point.pickup_slot_days < 0 or point.pickup_slot_prep_minutes < 0:
                raise ValidationError(self.env._(
                    "%(point)s: a slot lasts at least 5 minutes and holds at least 1; days "
                    "ahead and the preparation delay cannot be negative.", point=point.name))

    def write(self, vals):
        res = super().write(vals)
        if "pickup_slot_capacity" in vals:
            # Future slots take the new capacity; what is booked stays booked.
            self.env["pickup.slot"].sudo().search([
                ("warehouse_id", "in", self.ids), ("start", ">", fields.Datetime.now()),
            ]).write({"capacity": vals["pickup_slot_capacity"]})
        return res

    def _pickup_slot_times(self, now=None):
        """The slots this point offers from ``now`` (UTC) on, with the preparation delay.

        :return: list of ``(start, stop)`` in UTC (naive, as stored)
        """
        self.ensure_one()
        if not self.pickup_slot_enabled:
            return []
        zone = self._get_pickup_tz()
        now_local = local_time.to_local(now or fields.Datetime.now(), zone)
        return [(local_time.to_utc(start, zone), local_time.to_utc(stop, zone))
                for start, stop in slot_rules.slot_starts(
                    now_local, self.pickup_slot_days, self.pickup_slot_minutes,
                    self.pickup_slot_prep_minutes, self._pickup_opening_hours(),
                    self._pickup_closed_days())]

    def _pickup_slot_ensure(self, now=None):
        """Create the offered slots that do not exist yet, safely from many requests at once
        (``ON CONFLICT DO NOTHING`` on the point and start), and return the offered slots.

        :return: ``pickup.slot`` (sudo), by start
        """
        self.ensure_one()
        times = self._pickup_slot_times(now)
        Slot = self.env["pickup.slot"].sudo()
        if not times:
            return Slot
        if self.env.cr.readonly:
            # A read-only request (a replica) shows what the daily job laid out.
            return Slot.search([("warehouse_id", "=", self.id), ("start", ">=", times[0][0]),
                                ("start", "<=", times[-1][0])], order="start")
        Slot.flush_model()
        self.env.cr.execute(SQL(
            "INSERT INTO pickup_slot (warehouse_id, company_id, start, stop, capacity, booked, "
            "create_uid, write_uid, create_date, write_date) "
            "SELECT %s, %s, t.start, t.stop, %s, 0, %s, %s, now() at time zone 'UTC', "
            "now() at time zone 'UTC' FROM unnest(%s::timestamp[], %s::timestamp[]) "
            "AS t(start, stop) ON CONFLICT (warehouse_id, start) DO NOTHING",
            self.id, self.company_id.id, self.pickup_slot_capacity, self.env.uid, self.env.uid,
            [start for start, _stop in times], [stop for _start, stop in times],
        ))
        return Slot.search([("warehouse_id", "=", self.id),
                            ("start", ">=", times[0][0]), ("start", "<=", times[-1][0])],
                           order="start")

    @api.model
    def _cron_pickup_slot_generate(self):
        """Lay out the coming days' slots of every point that offers them (daily)."""
        for point in self.sudo().search([("pickup_slot_enabled", "=", True)]):
            point._pickup_slot_ensure()

    def _pickup_slot_earliest(self, now=None):
        """The earliest start a buyer may still choose (now plus the preparation delay)."""
        self.ensure_one()
        return (now or fields.Datetime.now()) + timedelta(minutes=self.pickup_slot_prep_minutes)
