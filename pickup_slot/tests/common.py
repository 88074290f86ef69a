from datetime import timedelta

from odoo import Command, fields

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


class SlotCommon(BridgeCommon):
    """Point A takes bookings: open every day 09:00-21:00 (Taipei), one-hour slots of 2
    orders, no preparation delay, two days ahead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({
            "name": "Every day 9-21", "tz": "Asia/Taipei",
            "attendance_ids": [Command.clear()] + [Command.create({
                "name": "Day %s" % day, "dayofweek": str(day), "hour_from": 9.0,
                "hour_to": 21.0, "day_period": "morning"}) for day in range(7)],
        })
        cls.point_a.write({
            "pickup_tz": "Asia/Taipei", "pickup_calendar_id": cls.calendar.id,
            "pickup_slot_enabled": True, "pickup_slot_minutes": 60,
            "pickup_slot_prep_minutes": 0, "pickup_slot_days": 2, "pickup_slot_capacity": 2,
            "pickup_slot_reminder_minutes": 60,
        })

    def _slot(self, hours_from_now=5, capacity=2, point=None):
        """A slot of its own (a start no generated slot takes: second 7)."""
        start = fields.Datetime.now().replace(second=7, microsecond=0) \
            + timedelta(hours=hours_from_now)
        point = point or self.point_a
        return self.env["pickup.slot"].create({
            "warehouse_id": point.id, "company_id": point.company_id.id, "start": start,
            "stop": start + timedelta(hours=1), "capacity": capacity,
        })

    def _entitlement(self, order):
        return order.pickup_code_ids.entitlement_id
