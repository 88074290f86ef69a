from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import DISPUTE_TYPES


class PickupDispute(models.Model):
    """A claim about a hand-over, e.g. "I did not collect this" (counts for 冒領率/糾紛率)."""

    _name = "pickup.dispute"
    _description = "Pickup dispute"
    _inherit = ["pickup.mail.sender.mixin", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default=lambda self: self.env._(
        "New"), copy=False)
    dispute_type = fields.Selection(DISPUTE_TYPES, required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("confirmed", "Confirmed wrongful"), ("rejected", "Rejected")],
        default="open", required=True, tracking=True, index=True,
    )
    code_id = fields.Many2one("pickup.code", required=True, index=True)
    company_id = fields.Many2one(related="code_id.company_id", store=True, index=True)
    warehouse_id = fields.Many2one(related="code_id.warehouse_id", store=True)
    partner_id = fields.Many2one(related="code_id.partner_id", store=True)
    description = fields.Text()
    resolution = fields.Text(tracking=True)
    resolved_date = fields.Datetime(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("pickup.dispute") or self.env._(
                    "New")
        return super().create(vals_list)

    def _resolve(self, state):
        if any(dispute.state != "open" for dispute in self):
            raise UserError(self.env._("Only open disputes can be resolved."))
        self.write({"state": state, "resolved_date": fields.Datetime.now()})
        return True

    def action_confirm_wrongful(self):
        """The hand-over was wrong (a false pickup, 冒領)."""
        return self._resolve("confirmed")

    def action_reject(self):
        return self._resolve("rejected")
