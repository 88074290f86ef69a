from odoo import fields, models

from ..const import DELEGATE_RELATIONS, ID_DOC_TYPES


class PickupDelegateWizard(models.TransientModel):
    _name = "pickup.delegate.wizard"
    _description = "Name a delegate for a pickup"

    code_id = fields.Many2one("pickup.code", required=True)
    name = fields.Char("Delegate name", required=True)
    phone = fields.Char("Delegate mobile", required=True)
    relation = fields.Selection(DELEGATE_RELATIONS, required=True, default="family")
    id_doc_type = fields.Selection(ID_DOC_TYPES, string="ID document type")
    id_last4 = fields.Char("ID last 4 characters", size=4,
                           help="Only a keyed hash of these 4 characters is stored.")

    def action_create_delegate(self):
        self.ensure_one()
        delegate = self.code_id._create_delegate(
            self.name, self.phone, self.relation, self.id_doc_type, self.id_last4)
        # Do not keep the last 4 characters in the wizard row.
        self.id_last4 = False
        return delegate._get_records_action()
