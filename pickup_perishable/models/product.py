from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductCategory(models.Model):
    _inherit = "product.category"

    pickup_perishable = fields.Boolean(
        "Perishable", help="Fresh goods: a pickup window in hours, earlier reminders and an "
        "alert when a parcel waits too long.")
    pickup_window_hours = fields.Integer(
        "Pickup window (hours)", help="Empty: the company's window for perishables.")
    pickup_temp_min = fields.Float("Keep above (°C)", digits=(5, 1))
    pickup_temp_max = fields.Float("Keep below (°C)", digits=(5, 1))
    pickup_temp_controlled = fields.Boolean(
        "Temperature controlled", help="Alert when a carrier or vendor reports a temperature "
        "outside this range.")

    @api.constrains("pickup_window_hours", "pickup_temp_controlled", "pickup_temp_min",
                    "pickup_temp_max")
    def _check_pickup_perishable_settings(self):
        _check_settings(self)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # One compute per field: fields sharing a compute method are protected together, so a
    # product created with its own window would otherwise lose the category's flag.
    pickup_perishable = fields.Boolean(
        "Perishable", compute="_compute_pickup_perishable", store=True, readonly=False,
        help="Set from the product category; can be changed per product.")
    pickup_window_hours = fields.Integer(
        "Pickup window (hours)", compute="_compute_pickup_window_hours", store=True,
        readonly=False)
    pickup_temp_controlled = fields.Boolean(
        "Temperature controlled", compute="_compute_pickup_temp_controlled", store=True,
        readonly=False)
    pickup_temp_min = fields.Float(
        "Keep above (°C)", digits=(5, 1), compute="_compute_pickup_temp_min", store=True,
        readonly=False)
    pickup_temp_max = fields.Float(
        "Keep below (°C)", digits=(5, 1), compute="_compute_pickup_temp_max", store=True,
        readonly=False)

    @api.depends("categ_id.pickup_perishable")
    def _compute_pickup_perishable(self):
        for template in self:
            template.pickup_perishable = template.categ_id.pickup_perishable

    @api.depends("categ_id.pickup_window_hours")
    def _compute_pickup_window_hours(self):
        for template in self:
            template.pickup_window_hours = template.categ_id.pickup_window_hours

    @api.depends("categ_id.pickup_temp_controlled")
    def _compute_pickup_temp_controlled(self):
        for template in self:
            template.pickup_temp_controlled = template.categ_id.pickup_temp_controlled

    @api.depends("categ_id.pickup_temp_min")
    def _compute_pickup_temp_min(self):
        for template in self:
            template.pickup_temp_min = template.categ_id.pickup_temp_min

    @api.depends("categ_id.pickup_temp_max")
    def _compute_pickup_temp_max(self):
        for template in self:
            template.pickup_temp_max = template.categ_id.pickup_temp_max

    @api.constrains("pickup_window_hours", "pickup_temp_controlled", "pickup_temp_min",
                    "pickup_temp_max")
    def _check_pickup_perishable_settings(self):
        _check_settings(self)


def _check_settings(records):
    for record in records:
        if record.pickup_window_hours < 0:
            raise ValidationError(record.env._("A pickup window cannot be negative."))
        if record.pickup_temp_controlled and record.pickup_temp_min > record.pickup_temp_max:
            raise ValidationError(record.env._(
                "%(name)s: the lowest temperature is above the highest.",
                name=record.display_name))
