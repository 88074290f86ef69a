from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import ID_DOC_TYPES, PARTNER_RISKS
from ..core import credential, policy


class ResPartner(models.Model):
    _inherit = "res.partner"

    pickup_risk = fields.Selection(
        PARTNER_RISKS, string="Pickup risk", default="normal",
        help="Used by pickup policies: high-risk buyers can be asked for more checks.",
    )
    pickup_id_doc_type = fields.Selection(ID_DOC_TYPES, string="ID document type")
    # Keyed hash of the last 4 characters of the document number; the number is never stored.
    pickup_id_last4_hash = fields.Char(groups="base.group_system", copy=False)
    pickup_id_on_file = fields.Boolean(compute="_compute_pickup_id_on_file")
    pickup_code_ids = fields.One2many("pickup.code", "partner_id", string="Pickup codes",
                                      groups="pickup_code.group_pickup_user")

    @api.depends("pickup_id_doc_type")
    def _compute_pickup_id_on_file(self):
        for partner in self:
            # Sudo: the hash is system-only; only its presence is exposed.
            partner.pickup_id_on_file = bool(partner.sudo().pickup_id_last4_hash)

    def action_pickup_set_id_last4(self, doc_type, last4):
        """Store the keyed hash of the last 4 characters of the buyer's ID document.

        :param str doc_type: one of ``ID_DOC_TYPES``
        :param str last4: the last 4 characters as typed by staff
        :raises UserError: when the input is not 4 letters or digits
        """
        self.ensure_one()
        try:
            last4 = policy.normalise_id_last4(last4)
        except ValueError as err:
            raise UserError(
                self.env._("Enter exactly the last 4 letters or digits of the document.")) from err
        pepper = self.env["pickup.code"]._get_pepper()
        self.sudo().write({
            "pickup_id_doc_type": doc_type,
            "pickup_id_last4_hash": credential.keyed_hash(pepper, "id:" + doc_type, last4),
        })
        return True
