from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..core import closing


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    pickup_closing_days = fields.Text(
        "Closing days", help="One date per line (YYYY-MM-DD), e.g. public holidays.")
    pickup_map_url = fields.Char("Map link")
    pickup_window_days = fields.Integer(
        "Pickup window (days)", help="Overrides the company's pickup window at this point.")
    pickup_ready_count = fields.Integer(compute="_compute_pickup_counts")
    pickup_waiting_count = fields.Integer(compute="_compute_pickup_counts")

    @api.constrains("pickup_closing_days")
    def _check_pickup_closing_days_are_dates(self):
        for warehouse in self:
            try:
                closing.parse_closing_days(warehouse.pickup_closing_days)
            except ValueError as err:
                raise ValidationError(_("Closing days of %(point)s: %(error)s",
                                        point=warehouse.name, error=err)) from err

    @api.constrains("pickup_window_days")
    def _check_pickup_window_days_not_negative(self):
        if any(warehouse.pickup_window_days < 0 for warehouse in self):
            raise ValidationError(_("A pickup window cannot be negative."))

    def _compute_pickup_counts(self):
        groups = self.env["pickup.code"]._read_group(
            [("warehouse_id", "in", self.ids), ("state", "in", ("issued", "ready"))],
            ["warehouse_id", "state"], ["__count"])
        counts = {(wh.id, state): count for wh, state, count in groups}
        for warehouse in self:
            warehouse.pickup_ready_count = counts.get((warehouse.id, "ready"), 0)
            warehouse.pickup_waiting_count = counts.get((warehouse.id, "issued"), 0)

    def _pickup_is_open(self, day):
        """:return: whether this point is open on ``day`` (a ``date``)."""
        self.ensure_one()
        return closing.is_open(day, closing.parse_closing_days(self.pickup_closing_days))
