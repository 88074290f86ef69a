import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_datetime

from ..core import perishable

# A delivery is late this long after its promised arrival (same grace as the point dashboard).
DELIVERY_GRACE_HOURS = 4


class PickupCode(models.Model):
    """Perishable goods, temperature ranges and delivery promises on pickup codes."""

    _inherit = "pickup.code"

    pickup_perishable = fields.Boolean(
        "Perishable", compute="_compute_pickup_perishable", store=True, index=True,
        help="At least one product collected with this code is perishable.")
    pickup_window_hours = fields.Integer(
        "Window (hours)", compute="_compute_pickup_perishable", store=True,
        help="Hours to collect a perishable parcel once it is ready.")
    pickup_temp_controlled = fields.Boolean(
        "Temperature controlled", compute="_compute_pickup_perishable", store=True)
    pickup_temp_min = fields.Float("Keep above (°C)", digits=(5, 1),
                                   compute="_compute_pickup_perishable", store=True)
    pickup_temp_max = fields.Float("Keep below (°C)", digits=(5, 1),
                                   compute="_compute_pickup_perishable", store=True)
    pickup_reminder_count = fields.Integer("Reminders sent", readonly=True, copy=False)

    def _get_pickup_products(self):
        """Products collected with this code: the order's lines shipped from its point."""
        self.ensure_one()
        lines = self.sale_order_id.order_line.filtered(
            lambda line: not line.display_type and line.product_id)
        own = lines.filtered(lambda line: line.warehouse_id == self.warehouse_id)
        return (own or lines).product_id

    # Only the code's own goods are dependencies, not the product, category or company
    # settings: a code keeps the window its buyer was told, and changing a setting later
    # neither rewrites history (the spoilage KPI) nor recomputes every code ever issued.
    @api.depends("sale_order_id.order_line.product_id", "warehouse_id")
    def _compute_pickup_perishable(self):
        for code in self:
            products = code._get_pickup_products() if code.sale_order_id else \
                self.env["product.product"]
            fresh = products.filtered("pickup_perishable")
            cold = products.filtered("pickup_temp_controlled")
            allowed = perishable.combined_range(
                perishable.TemperatureRange(p.pickup_temp_min, p.pickup_temp_max) for p in cold)
            code.pickup_perishable = bool(fresh)
            code.pickup_window_hours = perishable.window_hours(
                fresh.mapped("pickup_window_hours"),
                code.company_id.pickup_perishable_window_hours or perishable.DEFAULT_WINDOW_HOURS,
            ) if fresh else 0
            code.pickup_temp_controlled = bool(cold)
            code.pickup_temp_min = allowed.low or 0.0
            code.pickup_temp_max = allowed.high or 0.0

    # === WINDOW AND REMINDERS === #

    def _get_pickup_deadline(self, ready_at):
        """Override of `pickup_code`: perishables get hours, never past their goods' expiry
        (`stock_pickup_bridge`'s ``_get_goods_expiry``, lots with `pickup_product_expiry`)."""
        if not self.pickup_perishable:
            return super()._get_pickup_deadline(ready_at)
        return self._pickup_move_for_closing(perishable.deadline(
            ready_at, self.pickup_window_hours, not_after=self._get_goods_expiry()))

    def _get_pickup_window_days(self):
        """Override of `stock_pickup_bridge`: a perishable's window is hours; the days a buyer
        is told before the goods arrive ("collect within N days") round those hours up."""
        if self.pickup_perishable and self.pickup_window_hours:
            return max(1, math.ceil(self.pickup_window_hours / 24))
        return super()._get_pickup_window_days()

    def _get_deadline_limit(self):
        """Override of `stock_pickup_bridge`: closing days never move a perishable's
        deadline past its goods' own expiry."""
        if self.pickup_perishable:
            return self._get_goods_expiry()
        return super()._get_deadline_limit()

    @api.model
    def _get_reminder_candidate_domain(self):
        """Override of `pickup_code`: perishables get several reminders."""
        return ["|", ("reminder_sent", "=", False), ("pickup_perishable", "=", True)]

    def _is_reminder_due(self, now):
        """Override of `pickup_code`: perishables at fractions of their window."""
        if not self.pickup_perishable:
            return super()._is_reminder_due(now)
        return perishable.reminder_due(self.ready_date, self.expiry_date, now,
                                       self.pickup_reminder_count)

    def _mark_reminded(self, now):
        """Override of `pickup_code`: perishables count their reminders."""
        fresh = self.filtered("pickup_perishable")
        res = super(PickupCode, self - fresh)._mark_reminded(now)
        for code in fresh:
            code.write({"reminder_sent": True, "pickup_reminder_count": perishable.reminders_passed(
                code.ready_date, code.expiry_date, now)})
        return res

    # === ALERTS === #

    @api.model
    def _cron_pickup_perishable_overdue(self):
        """Hourly: one alert per perishable parcel that waited longer than its window.

        Idempotent: a parcel that already has the alert is not alerted again.
        """
        now = fields.Datetime.now()
        candidates = self.sudo().search([
            ("pickup_perishable", "=", True), ("ready_date", "!=", False),
            ("state", "in", ("ready", "expired")), ("return_picking_id", "=", False),
            ("parent_id", "=", False),  # a delegate's code shares the buyer's parcel
        ])
        overdue = candidates.filtered(
            lambda c: perishable.is_overdue(c.ready_date, c.pickup_window_hours, now))
        return self.env["pickup.anomaly"]._raise_for_codes(
            overdue, "perishable_overdue",
            lambda c: self.env._(
                "Perishable, ready since %(since)s (window %(hours)s h), not collected.",
                since=c._pickup_local_time(c.ready_date), hours=c.pickup_window_hours))

    def _pickup_local_time(self, value):
        """``value`` (UTC) as the point's staff read it: the point's time zone (alerts are
        written by crons running in UTC)."""
        self.ensure_one()
        return format_datetime(self.env, value, tz=self._get_point_tz(), dt_format="short")

    def _pickup_check_temperature(self, events):
        """Alert when a reported temperature leaves the goods' range: one open alert per
        code; once staff closed it, a later excursion (another leg) raises a new one."""
        Anomaly = self.env["pickup.anomaly"]
        for code in self.filtered("pickup_temp_controlled"):
            allowed = perishable.TemperatureRange(code.pickup_temp_min, code.pickup_temp_max)
            readings = events.filtered(
                lambda e, c=code, a=allowed: e.code_id == c and e.has_temperature
                and perishable.out_of_range(e.temperature_c, a))
            if readings:
                reading = readings[-1]
                Anomaly._raise_for_codes(
                    code, "temperature_excursion",
                    lambda c, r=reading: self.env._(
                        "%(temp).1f °C reported at %(when)s; allowed %(low).1f to %(high).1f °C.",
                        temp=r.temperature_c, when=c._pickup_local_time(r.event_date),
                        low=c.pickup_temp_min, high=c.pickup_temp_max),
                    repeat="open")

    def _get_promised_arrival(self):
        """When the goods were promised at the point: the order's commitment date, else the
        latest scheduled date of the open transfers that bring them there, else that of the
        transfer from the point (a drop-ship transfer carries the vendor's promised date).

        :return: datetime or None
        """
        self.ensure_one()
        if self.sale_order_id.commitment_date:
            return self.sale_order_id.commitment_date
        outgoing = self._get_outgoing_pickings()
        inbound = outgoing.move_ids.move_orig_ids.picking_id.filtered(
            lambda p: p.state not in ("done", "cancel"))
        dates = (inbound or outgoing).mapped("scheduled_date")
        return max(dates) if dates else None

    @api.model
    def _cron_pickup_delivery_late(self):
        """Hourly: one delivery-delay alert per code whose goods missed their promise."""
        now = fields.Datetime.now()
        Anomaly = self.env["pickup.anomaly"].sudo()
        issued = self.sudo().search([("state", "=", "issued"), ("parent_id", "=", False)])
        issued -= Anomaly.search([("anomaly_type", "=", "delivery_late"),
                                  ("code_id", "in", issued.ids)]).code_id
        promised = {}
        for code in issued:
            when = code._get_promised_arrival()
            if when and now > when + timedelta(hours=DELIVERY_GRACE_HOURS):
                promised[code] = when
        late = self.browse([code.id for code in promised])
        return Anomaly._raise_for_codes(
            late, "delivery_late",
            lambda c: self.env._("Promised at the point by %(when)s; still not arrived.",
                                 when=c._pickup_local_time(promised[c])))
