from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    is_pickup_point = fields.Boolean(
        "Pickup point", help="Buyers collect their orders here with a pickup code.")
    pickup_hours = fields.Char("Opening hours", translate=True)
    pickup_user_ids = fields.Many2many(
        "res.users", "pickup_warehouse_users_rel", "warehouse_id", "user_id",
        string="Counter staff",
    )

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
