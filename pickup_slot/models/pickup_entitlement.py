from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.pickup_code.core import local_time

from ..core import slots as slot_rules


def arrival_channel(env, point_id):
    """The bus channel of a point's arrival queue (a tuple: clients cannot name it
    themselves; ``ir.websocket`` grants it to the point's staff)."""
    return (env.registry.db_name, "pickup_slot.arrivals", int(point_id))


class PickupEntitlement(models.Model):
    _inherit = "pickup.entitlement"

    pickup_slot_id = fields.Many2one(
        "pickup.slot", string="Pickup slot", index="btree_not_null", copy=False,
        readonly=True, domain="[('warehouse_id', '=', warehouse_id)]")
    pickup_slot_load = fields.Float("Slot load", digits=(16, 2), readonly=True, copy=False,
                                    help="What this order takes of its slot's capacity.")
    pickup_slot_reminded = fields.Boolean(readonly=True, copy=False)
    pickup_slot_checked = fields.Boolean(readonly=True, copy=False,
                                         help="The no-show check ran after the slot.")
    pickup_slot_no_show = fields.Boolean("No-show", readonly=True, copy=False, index=True,
                                         help="Nothing was collected before the slot ended.")
    pickup_arrival_date = fields.Datetime(
        "Arrived (I'm here)", readonly=True, copy=False, index="btree_not_null",
        help="When the buyer tapped \"I'm here\" on the pickup page.")
    pickup_served_date = fields.Datetime("Served", readonly=True, copy=False,
                                         help="The first hand-over after \"I'm here\".")
    pickup_arrival_wait = fields.Float(
        "Wait at the point (minutes)", digits=(16, 1), readonly=True, copy=False,
        help="From \"I'm here\" to the hand-over (for the KPIs).")
    pickup_arrival_try_date = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------ slots

    def _pickup_slot_compute_load(self):
        """What this order takes of a slot at its point (orders or volume units)."""
        self.ensure_one()
        lines = self.sale_order_id.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type != "service")
        return slot_rules.order_load(
            self.warehouse_id.pickup_slot_unit,
            [(line.product_uom_qty, line.product_id.pickup_volume) for line in lines])

    def _pickup_book_slot(self, slot, earliest=None):
        """Book ``slot`` for this order (the previous slot, if any, is given back).

        :param earliest: the earliest start allowed (UTC); default now (staff); the portal
            adds the point's preparation delay
        :raises UserError: slot full, passed, at another point, or the order is closed
        """
        self.ensure_one()
        entitlement = self.sudo()
        slot = slot.sudo()
        if entitlement.pickup_slot_id == slot:
            return True
        if not slot_rules.is_bookable(entitlement.state):
            raise UserError(self.env._("This order can no longer be booked in a slot."))
        if slot.warehouse_id != entitlement.warehouse_id \
                or not entitlement.warehouse_id.pickup_slot_enabled:
            raise UserError(self.env._("This slot is not offered at %(point)s.",
                                       point=entitlement.warehouse_id.name))
        now = fields.Datetime.now()
        if slot.start < max(earliest or now, now):
            raise UserError(self.env._("This slot can no longer be chosen."))
        load = entitlement._pickup_slot_compute_load()
        if not slot._reserve(load, max(earliest or now, now)):
            raise UserError(self.env._("This slot is full. Please choose another one."))
        if entitlement.pickup_slot_id:
            entitlement.pickup_slot_id._release(entitlement.pickup_slot_load)
        entitlement.write({"pickup_slot_id": slot.id, "pickup_slot_load": load,
                           "pickup_slot_reminded": False, "pickup_slot_checked": False,
                           "pickup_slot_no_show": False})
        return True

    def _pickup_release_slot(self):
        """Give the slot back (the order was cancelled or its codes revoked)."""
        for entitlement in self.sudo().filtered("pickup_slot_id"):
            entitlement.pickup_slot_id._release(entitlement.pickup_slot_load)
            entitlement.write({"pickup_slot_id": False, "pickup_slot_load": 0.0})

    def _pickup_slot_offer(self):
        """The portal's slot picker: ``[(day label, [slot values])]`` of this order's point."""
        self.ensure_one()
        point = self.sudo().warehouse_id
        if not point.pickup_slot_enabled:
            return []
        offered = point._pickup_slot_ensure()
        load = self.sudo()._pickup_slot_compute_load()
        Slot = self.env["pickup.slot"]
        return [(Slot._day_label(day), [values for _start, values in items])
                for day, items in slot_rules.group_by_day(
                    [(v["start"], v) for v in offered._portal_values(smallest_load=load)])]

    def action_pickup_set_slot(self):
        """Staff: choose or change the slot (a small wizard-less form on the slot list)."""
        self.ensure_one()
        self.warehouse_id.sudo()._pickup_slot_ensure()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Choose a pickup slot"),
            "res_model": "pickup.slot",
            "view_mode": "list",
            "views": [(self.env.ref("pickup_slot.pickup_slot_view_list_choose").id, "list")],
            "domain": [("warehouse_id", "=", self.warehouse_id.id),
                       ("start", ">", fields.Datetime.now())],
            "context": {"pickup_slot_entitlement_id": self.id},
            "target": "new",
        }

    @api.model
    def _cron_pickup_slot_remind(self):
        """One reminder before each booked slot, through the code's notifications."""
        now = fields.Datetime.now()
        due = self.sudo().search([
            ("pickup_slot_id.start", ">", now), ("pickup_slot_reminded", "=", False),
            ("state", "=", "ready"), ("warehouse_id.pickup_slot_reminder_minutes", ">", 0),
        ]).filtered(lambda e: e.pickup_slot_id.start <= fields.Datetime.add(
            now, minutes=e.warehouse_id.pickup_slot_reminder_minutes))
        codes = due.code_ids.filtered(lambda c: not c.parent_id and c.state == "ready")
        codes._notify_buyer("slot_reminder", now=True)  # already in a cron
        due.write({"pickup_slot_reminded": True})
        return due

    # ------------------------------------------------------------------ I'm here

    def _pickup_mark_arrived(self):
        """The buyer is at the point: record it once (one conditional UPDATE) and tell the
        point's counter screens over the bus.

        :return: ``"ok"`` (recorded now), ``"already"`` (recorded before) or
            ``"not_ready"`` (the goods are not waiting at the point)
        """
        self.ensure_one()
        entitlement = self.sudo()
        entitlement.flush_recordset(["state", "pickup_arrival_date"])
        self.env.cr.execute(SQL(
            "UPDATE pickup_entitlement SET pickup_arrival_date = now() at time zone 'UTC' "
            "WHERE id = %s AND state = 'ready' AND pickup_arrival_date IS NULL RETURNING id",
            entitlement.id))
        won = bool(self.env.cr.fetchone())
        entitlement.invalidate_recordset(["pickup_arrival_date"])
        if not won:
            return "already" if entitlement.pickup_arrival_date else "not_ready"
        self.env["bus.bus"]._sendone(arrival_channel(self.env, entitlement.warehouse_id.id),
                                     "pickup_slot/arrival", entitlement._pickup_arrival_values())
        return "ok"

    def _pickup_arrival_values(self):
        """One row of the counter's arrival queue."""
        self.ensure_one()
        entitlement = self.sudo()
        zone = entitlement.warehouse_id._get_pickup_tz()
        slot = entitlement.pickup_slot_id
        return {
            "id": entitlement.id,
            "point_id": entitlement.warehouse_id.id,
            "order": entitlement.sale_order_id.name,
            "buyer": entitlement.partner_id.name,
            "parcel": entitlement.package_id.name or "",
            "arrived": fields.Datetime.to_string(entitlement.pickup_arrival_date),
            "arrived_local": local_time.to_local(
                entitlement.pickup_arrival_date, zone).strftime("%H:%M"),
            "slot": slot._label() if slot else "",
        }

    def _pickup_arrival_served(self):
        """A hand-over happened: store the wait and take the row off the counters' queue."""
        now = fields.Datetime.now()
        for entitlement in self.sudo().filtered(
                lambda e: e.pickup_arrival_date and not e.pickup_served_date):
            entitlement.write({
                "pickup_served_date": now,
                "pickup_arrival_wait": max(
                    (now - entitlement.pickup_arrival_date).total_seconds() / 60.0, 0.0),
            })
            self.env["bus.bus"]._sendone(
                arrival_channel(self.env, entitlement.warehouse_id.id),
                "pickup_slot/served",
                {"id": entitlement.id, "point_id": entitlement.warehouse_id.id})
