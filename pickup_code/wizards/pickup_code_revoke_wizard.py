from odoo import fields, models


class PickupCodeRevokeWizard(models.TransientModel):
    _name = "pickup.code.revoke.wizard"
    _description = "Revoke pickup codes"

    code_ids = fields.Many2many("pickup.code", required=True)
    reason = fields.Char(required=True)

    def action_revoke(self):
        self.ensure_one()
        self.code_ids.action_revoke(self.reason)
        return {"type": "ir.actions.act_window_close"}
