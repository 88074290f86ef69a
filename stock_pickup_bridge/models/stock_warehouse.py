from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.pickup_code.core import local_time

from ..core import closing, parcel_stock

# Inbound parcels still not scanned in this long after their scheduled date are "late".
LATE_PARCEL_HOURS = 4


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    pickup_closing_days = fields.Text(
        "Closing days", help="One date per line (YYYY-MM-DD), e.g. public holidays.")
    # Odoo's working-time calendar, as website_sale_collect keeps a warehouse's opening hours
    # (its own field there, `opening_hours`, exists only with that module). The free-text
    # "Opening hours" stays the label buyers read.
    pickup_calendar_id = fields.Many2one(
        "resource.calendar", string="Opening hours (calendar)", check_company=True,
        help="When set, a deadline after hours or on a day without hours moves to the end of "
             "the next open day, and reminders and returns wait for an open day. Its global "
             "time off closes the point as the closing days do. Read in the point's time zone.")
    pickup_map_url = fields.Char("Map link")
    pickup_window_days = fields.Integer(
        "Pickup window (days)", help="Overrides the company's pickup window at this point.")
    pickup_return_warehouse_id = fields.Many2one(
        "stock.warehouse", string="Return uncollected goods to",
        domain="[('company_id', '=', company_id), ('id', '!=', id)]",
        help="Default: the company's first warehouse that is not a pickup point.")
    pickup_waiting_count = fields.Integer("Waiting for goods", compute="_compute_pickup_counts")
    pickup_ready_count = fields.Integer("Ready", compute="_compute_pickup_counts")
    pickup_expiring_today_count = fields.Integer("Expiring today",
                                                 compute="_compute_pickup_counts")
    pickup_overdue_count = fields.Integer("Overdue", compute="_compute_pickup_counts")
    pickup_collected_today_count = fields.Integer("Collected today",
                                                  compute="_compute_pickup_counts")
    pickup_late_parcel_count = fields.Integer("Parcels late", compute="_compute_pickup_counts")
    pickup_ready_age_days = fields.Float("Average wait (days)", digits=(16, 1),
                                         compute="_compute_pickup_counts")

    @api.constrains("pickup_closing_days")
    def _check_pickup_closing_days_are_dates(self):
        for warehouse in self:
            try:
                closing.parse_closing_days(warehouse.pickup_closing_days)
            except ValueError as err:
                raise ValidationError(_("Closing days of %(point)s: %(error)s",
                                        point=warehouse.name, error=err)) from err

    def write(self, vals):
        res = super().write(vals)
        if {"pickup_closing_days", "pickup_calendar_id", "pickup_tz"} & set(vals):
            # A closing day added after codes became ready (a typhoon day) moves their
            # deadlines too: the portal and reminders say the real last day.
            self.env["pickup.code"].sudo().search([
                ("warehouse_id", "in", self.filtered("is_pickup_point").ids),
                ("state", "in", ("issued", "ready")),
                ("expiry_date", ">", fields.Datetime.now()),
            ])._pickup_apply_opening()
        return res

    @api.constrains("pickup_window_days")
    def _check_pickup_window_days_not_negative(self):
        if any(warehouse.pickup_window_days < 0 for warehouse in self):
            raise ValidationError(_("A pickup window cannot be negative."))

    def _pickup_today_bounds(self, zone):
        """Start and end of today at a point's clock (``zone``), in UTC (as stored)."""
        today = local_time.to_local(fields.Datetime.now(), zone).date()
        return (local_time.to_utc(datetime.combine(today, time.min), zone),
                local_time.to_utc(datetime.combine(today + timedelta(days=1), time.min), zone))

    def _compute_pickup_counts(self):
        """Point dashboard figures: a few grouped queries for all points at once."""
        Code = self.env["pickup.code"].sudo()
        now = fields.Datetime.now()
        # One count per order, not per credential: a delegate's code is not a second parcel.
        by_state = {(wh.id, state): count for wh, state, count in Code._read_group(
            [("warehouse_id", "in", self.ids), ("state", "in", ("issued", "ready")),
             ("parent_id", "=", False)],
            ["warehouse_id", "state"], ["__count"])}

        def count_by_point(domain):
            return {wh.id: count for wh, count in Code._read_group(
                [("warehouse_id", "in", self.ids), ("parent_id", "=", False)] + domain,
                ["warehouse_id"], ["__count"])}

        overdue = count_by_point([("return_picking_id", "=", False), "|",
                                  "&", ("state", "=", "ready"), ("expiry_date", "<", now),
                                  ("state", "=", "expired")])
        # "Today" is each point's own day (its time zone), not the viewer's.
        expiring, collected = {}, {}
        for zone in set(self.mapped(lambda w: w._get_pickup_tz())):
            points = self.filtered(lambda w, z=zone: w._get_pickup_tz() == z)
            day_start, day_end = self._pickup_today_bounds(zone)
            scope = [("warehouse_id", "in", points.ids)]
            expiring.update(count_by_point(scope + [
                ("state", "=", "ready"), ("expiry_date", ">=", now),
                ("expiry_date", "<", day_end)]))
            collected.update(count_by_point(scope + [
                ("state", "=", "redeemed"), ("redeem_date", ">=", day_start),
                ("redeem_date", "<", day_end)]))
        late = {wh.id: count for wh, count in self.env["stock.picking"].sudo()._read_group(
            [("pickup_point_id", "in", self.ids), ("state", "not in", ("done", "cancel", "draft")),
             ("scheduled_date", "<", now - timedelta(hours=LATE_PARCEL_HOURS))],
            ["pickup_point_id"], ["__count"])}
        ages = {wh.id: ready_min for wh, ready_min in Code._read_group(
            [("warehouse_id", "in", self.ids), ("state", "=", "ready")],
            ["warehouse_id"], ["ready_date:min"])}
        for warehouse in self:
            wid = warehouse.id
            warehouse.pickup_waiting_count = by_state.get((wid, "issued"), 0)
            warehouse.pickup_ready_count = by_state.get((wid, "ready"), 0)
            warehouse.pickup_expiring_today_count = expiring.get(wid, 0)
            warehouse.pickup_overdue_count = overdue.get(wid, 0)
            warehouse.pickup_collected_today_count = collected.get(wid, 0)
            warehouse.pickup_late_parcel_count = late.get(wid, 0)
            oldest = ages.get(wid)
            warehouse.pickup_ready_age_days = (now - oldest).total_seconds() / 86400 \
                if oldest else 0.0

    def _pickup_opening_hours(self):
        """:return: {weekday (0 = Monday): [(hour_from, hour_to)]} from the calendar (a
        two-week calendar counts both weeks), or None without one (open all day)."""
        self.ensure_one()
        calendar = self.sudo().pickup_calendar_id
        if not calendar:
            return None
        hours = {}
        for att in calendar.attendance_ids:
            if att.display_type or att.day_period == "lunch":
                continue
            hours.setdefault(int(att.dayofweek), []).append((att.hour_from, att.hour_to))
        return hours

    def _pickup_closed_days(self):
        """The closing days typed in, plus the days the calendar's global time off covers
        whole (in the point's zone).

        :return: frozenset of ``date``
        """
        self.ensure_one()
        days = set(closing.parse_closing_days(self.pickup_closing_days))
        zone = self._get_pickup_tz()
        for leave in self.sudo().pickup_calendar_id.global_leave_ids:
            start = local_time.to_local(leave.date_from, zone)
            end = local_time.to_local(leave.date_to, zone)
            day = start.date() if start.time() == time.min else start.date() + timedelta(days=1)
            while datetime.combine(day, time.max) <= end + timedelta(seconds=1):
                days.add(day)
                day += timedelta(days=1)
        return frozenset(days)

    def _pickup_is_open(self, day):
        """:return: whether this point opens on ``day`` (a ``date``): not a closing day,
        and a day with opening hours when it keeps a calendar."""
        self.ensure_one()
        return closing.is_open_day(day, self._pickup_closed_days(), self._pickup_opening_hours())

    def _pickup_is_open_on(self, when=None):
        """:return: whether ``when`` (UTC, default now) falls on an open day at the point."""
        self.ensure_one()
        local = local_time.to_local(when or fields.Datetime.now(), self._get_pickup_tz())
        return self._pickup_is_open(local.date())

    def _pickup_effective_deadline(self, deadline):
        """The deadline (UTC) a buyer can meet here: one on a closed day or outside the
        hours moves to the end of the next open day, at the point's clock."""
        self.ensure_one()
        if not deadline:
            return deadline
        zone = self._get_pickup_tz()
        local = closing.effective_deadline(local_time.to_local(deadline, zone),
                                           self._pickup_closed_days(),
                                           self._pickup_opening_hours())
        return local_time.to_utc(local, zone)

    def _pickup_get_return_warehouse(self):
        """Where uncollected goods go back to."""
        self.ensure_one()
        return self.pickup_return_warehouse_id or self.search(
            [("company_id", "=", self.company_id.id), ("is_pickup_point", "=", False)],
            limit=1) or self

    def _pickup_overdue_codes(self):
        now = fields.Datetime.now()
        return self.env["pickup.code"].sudo().search([
            ("warehouse_id", "in", self.ids), ("return_picking_id", "=", False), "|",
            "&", ("state", "=", "ready"), ("expiry_date", "<", now),
            ("state", "=", "expired"),
        ])

    def action_pickup_return_uncollected(self):
        """Dashboard button: start the return of every overdue parcel of these points."""
        return self._pickup_overdue_codes().action_pickup_return()

    def _pickup_codes_action(self, domain, name):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("pickup_code.pickup_code_action")
        action.update(name=name, domain=[("warehouse_id", "=", self.id)] + domain, context={})
        return action

    def action_pickup_open_ready(self):
        return self._pickup_codes_action([("state", "=", "ready")], _("Ready"))

    def action_pickup_open_waiting(self):
        return self._pickup_codes_action([("state", "=", "issued")], _("Waiting for goods"))

    def action_pickup_open_overdue(self):
        return self._pickup_codes_action([("id", "in", self._pickup_overdue_codes().ids)],
                                         _("Overdue"))

    def action_pickup_open_late_parcels(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": _("Parcels late at %s", self.code),
            "res_model": "stock.picking", "view_mode": "list,form",
            "domain": [("pickup_point_id", "=", self.id),
                       ("state", "not in", ("done", "cancel", "draft")),
                       ("scheduled_date", "<", fields.Datetime.now()
                        - timedelta(hours=LATE_PARCEL_HOURS))],
        }

    @api.model
    def _cron_propose_returns(self):
        """Daily: start returns of overdue parcels and tell each point's supervisors.

        Idempotent: codes already returned are skipped, so a second run does nothing.
        """
        # A closed point cannot hand parcels to the carrier: its returns wait for an open day.
        points = self.search([("is_pickup_point", "=", True)]).filtered(
            lambda p: p._pickup_is_open_on())
        returns = self.env["stock.picking"]
        for point in points:
            codes = point._pickup_overdue_codes()
            if not codes:
                continue
            point_returns = codes._pickup_return_goods(_("Not collected in time"))
            returns |= point_returns
            supervisors = point.pickup_user_ids.filtered(
                lambda u: u.has_group("pickup_code.group_pickup_supervisor"))
            for picking in point_returns:
                for user in supervisors[:1]:
                    picking.activity_schedule(
                        "mail.mail_activity_data_todo", user_id=user.id,
                        summary=_("Send uncollected goods back"),
                        note=_("%(count)s uncollected codes at %(point)s.",
                               count=len(codes), point=point.code))
        return returns

    # === PARCELS AGAINST STOCK (庫存異常) === #

    def _pickup_parcel_stock_differences(self):
        """Compare what this point's open transfers expect on the shelf with its stock.

        Expected: the full quantities of ready codes, and what is reserved by every other
        open transfer leaving the point — codes still waiting for the rest of their goods,
        expired codes not yet sent back, the return transfers themselves.

        :return: {product: on hand - expected} for the products that differ
        """
        self.ensure_one()
        ready_pickings = self.env["pickup.code"].sudo().search([
            ("warehouse_id", "=", self.id), ("state", "=", "ready"),
        ])._get_outgoing_pickings_all()
        moves = self.env["stock.move"].sudo().search([
            ("location_id", "child_of", self.lot_stock_id.id),
            ("state", "not in", ("draft", "done", "cancel")),
        ])
        expected = {}
        for move in moves:
            if move.picking_id in ready_pickings:
                qty = move.product_qty
            else:  # only what is already reserved lies on the shelf for it
                qty = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
            expected[move.product_id.id] = expected.get(move.product_id.id, 0.0) + qty
        on_hand = {product.id: quantity for product, quantity in
                   self.env["stock.quant"].sudo()._read_group(
                       [("location_id", "child_of", self.lot_stock_id.id)],
                       ["product_id"], ["quantity:sum"])}
        diffs = parcel_stock.stock_differences(expected, on_hand)
        Product = self.env["product.product"].sudo()
        return {Product.browse(pid): diff for pid, diff in diffs.items()}

    @api.model
    def _cron_pickup_check_parcel_stock(self):
        """Daily: raise one inventory anomaly per point whose parcels do not match its stock.

        Idempotent: while a point's anomaly is open, a new mismatch is added to it as a note.
        """
        raised = self.env["pickup.anomaly"]
        for point in self.search([("is_pickup_point", "=", True)]):
            diffs = point._pickup_parcel_stock_differences()
            if diffs:
                detail = "\n".join(
                    self.env._("%(product)s: %(diff)+g on the shelf against the waiting parcels",
                      product=product.display_name, diff=diff)
                    for product, diff in sorted(diffs.items(), key=lambda i: i[0].id))
                raised |= self.env["pickup.anomaly"]._raise_for_point(
                    point, "parcel_stock_mismatch", detail)
        return raised
