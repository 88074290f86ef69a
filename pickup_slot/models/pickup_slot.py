from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.pickup_code.core import local_time

from ..core import slots as slot_rules


class PickupSlot(models.Model):
    """A time slot at a pickup point with a capacity (orders or volume units).

    ``booked`` is changed only by one conditional ``UPDATE`` (``_reserve``) or its inverse
    (``_release``): concurrent bookings of the last place serialize on the slot's row, and
    the loser sees the slot full (READ COMMITTED) or is retried by Odoo's request loop after
    a serialization failure (REPEATABLE READ) and then sees it full. It is never overbooked.
    """

    _name = "pickup.slot"
    _description = "Pickup slot"
    _order = "start, id"
    _rec_name = "start"

    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", required=True,
                                   readonly=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    start = fields.Datetime(required=True, readonly=True, index=True)
    stop = fields.Datetime(required=True, readonly=True)
    capacity = fields.Float(digits=(16, 2), required=True)
    booked = fields.Float(digits=(16, 2), readonly=True, default=0.0,
                          help="Capacity taken by the orders booked in this slot.")
    unit = fields.Selection(related="warehouse_id.pickup_slot_unit")
    is_full = fields.Boolean("Full", compute="_compute_is_full")
    entitlement_ids = fields.One2many("pickup.entitlement", "pickup_slot_id", string="Orders")
    entitlement_count = fields.Integer("Orders booked", compute="_compute_counts", store=True)
    no_show_count = fields.Integer(
        "No-shows", compute="_compute_counts", store=True,
        help="Orders booked in this slot of which nothing was collected before the slot "
             "ended.")

    _sql_constraints = [
        ("point_start_unique", "unique(warehouse_id, start)",
         "A point has one slot per start time."),
        ("booked_not_negative", "CHECK(booked >= 0)", "A slot cannot be booked below 0."),
    ]

    @api.depends("booked", "capacity")
    def _compute_is_full(self):
        for slot in self:
            slot.is_full = slot_rules.is_full(slot.booked, slot.capacity)

    @api.depends("entitlement_ids", "entitlement_ids.pickup_slot_no_show")
    def _compute_counts(self):
        for slot in self:
            slot.entitlement_count = len(slot.entitlement_ids)
            slot.no_show_count = len(slot.entitlement_ids.filtered("pickup_slot_no_show"))

    @api.depends("start", "stop", "warehouse_id")
    def _compute_display_name(self):
        for slot in self:
            slot.display_name = "%s %s" % (slot.warehouse_id.code or "", slot._label())

    def _label(self):
        """"12/08 (Tue) 14:00–14:30" at the point's clock, in the reader's language."""
        self.ensure_one()
        if not self.start:
            return ""
        zone = self.warehouse_id._get_pickup_tz()
        start = local_time.to_local(self.start, zone)
        stop = local_time.to_local(self.stop, zone)
        return "%s %s–%s" % (self._day_label(start.date()), start.strftime("%H:%M"),
                             stop.strftime("%H:%M"))

    def _day_label(self, day):
        from babel.dates import format_date

        lang = self.env.lang or "en_US"
        return format_date(day, "MM/dd (EEE)", locale=lang)

    def _reserve(self, load, earliest):
        """Take ``load`` of this slot's capacity, if it fits and the slot starts at or after
        ``earliest`` (UTC): one conditional UPDATE, the only write of ``booked`` upwards.

        :return: True when reserved
        """
        self.ensure_one()
        self.flush_recordset(["booked", "capacity"])
        self.env.cr.execute(SQL(
            "UPDATE pickup_slot SET booked = booked + %(load)s "
            "WHERE id = %(id)s AND start >= %(earliest)s "
            "AND booked + %(load)s <= capacity + %(eps)s RETURNING id",
            load=load, id=self.id, earliest=earliest, eps=slot_rules.EPSILON,
        ))
        won = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["booked"])
        return won

    def _release(self, load):
        """Give ``load`` back (a cancelled order, a slot changed)."""
        self.ensure_one()
        self.flush_recordset(["booked"])
        self.env.cr.execute(SQL(
            "UPDATE pickup_slot SET booked = GREATEST(booked - %s, 0) WHERE id = %s",
            load, self.id))
        self.invalidate_recordset(["booked"])

    def _portal_values(self, smallest_load=1.0):
        """What the buyer's slot picker shows of each slot (labels at the point's clock)."""
        zone = self[:1].warehouse_id._get_pickup_tz() if self else "UTC"
        return [{
            "id": slot.id,
            "start": local_time.to_local(slot.start, zone),
            "stop": local_time.to_local(slot.stop, zone),
            "time": "%s–%s" % (local_time.to_local(slot.start, zone).strftime("%H:%M"),
                               local_time.to_local(slot.stop, zone).strftime("%H:%M")),
            "full": slot_rules.is_full(slot.booked, slot.capacity, smallest_load),
            "free": max(slot.capacity - slot.booked, 0),
        } for slot in self]

    @api.model
    def _cron_count_no_shows(self):
        """After each slot: the booked orders of which nothing was collected are no-shows
        (for the KPIs)."""
        now = fields.Datetime.now()
        Entitlement = self.env["pickup.entitlement"].sudo()
        missed = Entitlement.search([
            ("pickup_slot_id.stop", "<=", now), ("pickup_slot_no_show", "=", False),
            ("pickup_slot_checked", "=", False),
        ], limit=1000)
        for entitlement in missed:
            stop = entitlement.pickup_slot_id.stop
            # Collected later than the slot is still a missed slot.
            in_time = entitlement.handover_ids.filtered(lambda h, s=stop: h.handover_date <= s)
            entitlement.write({
                "pickup_slot_checked": True,
                "pickup_slot_no_show": entitlement.state != "revoked"
                and slot_rules.is_no_show(stop, len(in_time), now),
            })
        return missed

    def action_pickup_book(self):
        """Staff: book this slot for the entitlement the chooser was opened from."""
        self.ensure_one()
        entitlement = self.env["pickup.entitlement"].browse(
            self.env.context.get("pickup_slot_entitlement_id") or 0).exists()
        if not entitlement:
            raise UserError(self.env._("Open the slots from the order's entitlement."))
        entitlement.check_access("read")  # counter staff: their points only
        entitlement._pickup_book_slot(self)
        return {"type": "ir.actions.act_window_close"}
