from odoo import api, fields, models

from ..const import ANOMALY_TYPES


class PickupAnomaly(models.Model):
    _name = "pickup.anomaly"
    _description = "Pickup anomaly"
    _inherit = ["pickup.mail.sender.mixin", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    anomaly_type = fields.Selection(ANOMALY_TYPES, required=True, index=True, tracking=True)
    state = fields.Selection(
        [("new", "New"), ("acknowledged", "Acknowledged"), ("closed", "Closed")],
        default="new", required=True, tracking=True, index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True)
    code_id = fields.Many2one("pickup.code", index="btree_not_null")
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", index=True)
    station = fields.Char()
    user_id = fields.Many2one("res.users", string="Staff")
    detail = fields.Text()

    @api.depends("anomaly_type", "code_id", "station")
    def _compute_name(self):
        labels = dict(self._fields["anomaly_type"]._description_selection(self.env))
        for anomaly in self:
            subject = anomaly.code_id.name or anomaly.station or ""
            anomaly.name = " / ".join(p for p in (labels.get(anomaly.anomaly_type), subject) if p)

    def action_acknowledge(self):
        self.filtered(lambda a: a.state == "new").write({"state": "acknowledged"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    @api.model
    def _raise_once(self, vals, window_minutes=60):
        """Create an anomaly unless the same one is already open in the last window.

        A burst of failed scans should alert a supervisor once, not once per scan.

        :return: the new or existing ``pickup.anomaly`` (sudo)
        """
        since = fields.Datetime.subtract(fields.Datetime.now(), minutes=window_minutes)
        domain = [
            ("anomaly_type", "=", vals["anomaly_type"]),
            ("company_id", "=", vals["company_id"]),
            ("state", "=", "new"),
            ("create_date", ">=", since),
            ("code_id", "=", vals.get("code_id") or False),
            ("station", "=", vals.get("station") or False),
        ]
        existing = self.sudo().search(domain, limit=1)
        return existing or self.sudo().create(vals)
