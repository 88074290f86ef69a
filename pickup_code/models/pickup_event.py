from odoo import api, fields, models
from odoo.tools import SQL
from odoo.exceptions import ValidationError

EVENT_TYPES = [
    ("paid", "Paid, code issued"),
    ("picked", "Picked at the warehouse"),
    ("shipped", "Shipped by the vendor"),
    ("in_transit", "In transit (position or temperature)"),
    ("arrived", "Arrived at the pickup point"),
    ("ready", "Ready for pickup"),
    ("collected", "Collected"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
    ("returned", "Returned to the warehouse"),
]


class PickupEvent(models.Model):
    """Goods-flow timeline of an order's pickup: one row per step, with time and user."""

    _name = "pickup.event"
    _description = "Pickup goods-flow event"
    _order = "event_date, id"

    code_id = fields.Many2one("pickup.code", index=True, ondelete="cascade")
    sale_order_id = fields.Many2one("sale.order", required=True, index=True,
                                    ondelete="cascade")
    company_id = fields.Many2one(related="sale_order_id.company_id", store=True)
    event_type = fields.Selection(EVENT_TYPES, required=True)
    event_date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    warehouse_id = fields.Many2one("stock.warehouse", string="Where")
    picking_id = fields.Many2one("stock.picking", string="Transfer")
    note = fields.Char()
    # Carrier and vendor events may carry where the goods were and how cold they were.
    latitude = fields.Float(digits=(10, 6))
    longitude = fields.Float(digits=(10, 6))
    has_position = fields.Boolean(help="Latitude and longitude were reported.")
    temperature_c = fields.Float("Temperature (°C)", digits=(5, 1))
    has_temperature = fields.Boolean(help="A temperature reading was reported.")
    map_url = fields.Char("Map", compute="_compute_map_url")

    @api.depends("has_position", "latitude", "longitude")
    def _compute_map_url(self):
        for event in self:
            event.map_url = event.has_position and (
                "https://www.openstreetmap.org/?mlat=%(lat).6f&mlon=%(lon).6f"
                "#map=16/%(lat).6f/%(lon).6f" % {"lat": event.latitude, "lon": event.longitude})

    @api.constrains("has_position", "latitude", "longitude", "has_temperature",
                    "temperature_c")
    def _check_reading_ranges(self):
        for event in self:
            if event.has_position and not (-90 <= event.latitude <= 90
                                            and -180 <= event.longitude <= 180):
                raise ValidationError(self.env._(
                    "A position needs a latitude between -90 and 90 and a "
                                        "longitude between -180 and 180."))
            if event.has_temperature and not -100 <= event.temperature_c <= 100:
                raise ValidationError(self.env._("A temperature reading must lie between -100 and "
                                        "100 °C."))

    @api.model
    def _reading_values(self, position=None, temperature_c=None):
        """Event values for an optional ``{"lat", "lon"}`` position and temperature."""
        values = {}
        if position:
            values.update(has_position=True, latitude=position["lat"],
                          longitude=position["lon"])
        if temperature_c is not None:
            values.update(has_temperature=True, temperature_c=temperature_c)
        return values

    @api.model
    def _log(self, codes, event_type, **values):
        """Append one event per code: a campaign's codes moving together (issued, ready) are
        one INSERT. Events with a reading (position, temperature) go through ``create``,
        whose overrides act on readings (e.g. a temperature alert).

        :param values: ``warehouse_id`` (default: each code's point), ``picking_id``,
            ``note``, ``user_id`` (default: the current user), or reading values
        """
        if not codes:
            return self.browse()
        if set(values) - self._FAST_LOG_FIELDS:
            return self.sudo().create([dict(values, code_id=code.id,
                                            sale_order_id=code.sale_order_id.id,
                                            warehouse_id=values.get("warehouse_id")
                                            or code.warehouse_id.id,
                                            event_type=event_type)
                                       for code in codes])
        # The append-only timeline's bulk path: ORM create costs defaults and a company
        # lookup per row, more than the rest of issuing a code (make bench).
        self.env["pickup.code"].flush_model(["sale_order_id", "warehouse_id"])
        self.env.cr.execute(SQL(
            """INSERT INTO pickup_event (code_id, sale_order_id, company_id, warehouse_id,
                   event_type, event_date, user_id, picking_id, note,
                   create_uid, create_date, write_uid, write_date)
               SELECT c.id, c.sale_order_id, so.company_id, COALESCE(%(point)s, c.warehouse_id),
                   %(type)s, %(now)s, %(user)s, %(picking)s, %(note)s,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM pickup_code c JOIN sale_order so ON so.id = c.sale_order_id
                WHERE c.id = ANY(%(codes)s)
             ORDER BY c.id
            RETURNING id""",
            point=values.get("warehouse_id") or None, type=event_type,
            now=fields.Datetime.now(), user=values.get("user_id", self.env.uid) or None,
            picking=values.get("picking_id") or None, note=values.get("note") or None,
            uid=self.env.uid, codes=codes.ids))
        events = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        codes.invalidate_recordset(["event_ids"])
        codes.sale_order_id.invalidate_recordset(["pickup_event_ids"])
        return events

    _FAST_LOG_FIELDS = frozenset(("warehouse_id", "picking_id", "note", "user_id"))
