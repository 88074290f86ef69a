from odoo import api, fields, models
from odoo.addons.base.models.res_partner import _tz_get

from ..core import local_time


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    is_pickup_point = fields.Boolean(
        "Pickup point", help="Buyers collect their orders here with a pickup code.")
    pickup_hours = fields.Char("Opening hours", translate=True)
    # Every time buyers and clerks read is this point's local time (the database keeps UTC).
    pickup_tz = fields.Selection(
        _tz_get, string="Time zone", compute="_compute_pickup_tz", store=True, readonly=False,
        help="Deadlines, messages, receipts and KPI hours are in this zone. Default: the "
             "address's zone, else its country's when it has one only (Taiwan: Asia/Taipei), "
             "else the company's.")
    pickup_user_ids = fields.Many2many(
        "res.users", "pickup_warehouse_users_rel", "warehouse_id", "user_id",
        string="Counter staff",
    )

    @api.depends("partner_id.country_id", "partner_id.tz")
    def _compute_pickup_tz(self):
        for warehouse in self:
            warehouse.pickup_tz = local_time.resolve_zone(
                None, warehouse.partner_id.country_id.code,
                warehouse.company_id.partner_id.tz, address_tz=warehouse.partner_id.tz)

    def _get_pickup_tz(self):
        """The zone this point's times are read in (never empty: the rule's fallbacks)."""
        self.ensure_one()
        point = self.sudo()
        return local_time.resolve_zone(point.pickup_tz, point.partner_id.country_id.code,
                                       point.company_id.partner_id.tz,
                                       address_tz=point.partner_id.tz)

    def _get_pickup_supervisor(self):
        """Who acts on this point's alerts: its first supervisor, else the first supervisor
        of its company (never nobody while the company has one).

        :return: ``res.users`` (at most one)
        """
        self.ensure_one()
        # Sudo: counter staff and crons raise alerts without reading the group's members.
        group = self.env.ref("pickup_code.group_pickup_supervisor").sudo()
        supervisors = self.sudo().pickup_user_ids.filtered(
            lambda u: u.active and not u.share and u in group.users)
        if not supervisors:
            supervisors = group.users.filtered(
                lambda u: not u.share and self.company_id in u.company_ids)
        return supervisors.sorted("id")[:1]
