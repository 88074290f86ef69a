from odoo import fields, models

from ..const import DELEGATE_RELATIONS, ID_DOC_TYPES


class PickupHandover(models.Model):
    """What was handed over, to whom, with which checks (one per successful redeem; an
    entitlement collected in parts has several)."""

    _name = "pickup.handover"
    _description = "Pickup hand-over"
    _order = "id desc"

    code_id = fields.Many2one("pickup.code", string="Credential", required=True, index=True,
                              ondelete="restrict")
    entitlement_id = fields.Many2one(related="code_id.entitlement_id", store=True, index=True)
    company_id = fields.Many2one(related="code_id.company_id", store=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", required=True)
    user_id = fields.Many2one("res.users", string="Handed over by", required=True)
    station = fields.Char()
    handover_date = fields.Datetime(required=True, default=fields.Datetime.now)
    # Queued by the counter while offline: when it happened by the counter's clock
    # (``handover_date`` is when the server recorded it on sync).
    offline_date = fields.Datetime(string="Queued offline at", readonly=True)
    collected_by = fields.Selection(
        [("buyer", "Buyer"), ("delegate", "Delegate")], required=True, default="buyer")
    collector_name = fields.Char()
    collector_relation = fields.Selection(DELEGATE_RELATIONS)
    id_doc_type = fields.Selection(ID_DOC_TYPES, string="ID document checked")
    steps_done = fields.Char(help="Comma-separated policy steps that were completed.")
    approver_id = fields.Many2one("res.users", string="Approved by")
    approval_method = fields.Selection(
        [("passkey", "Passkey"), ("password_pin", "Password + PIN")])
    signature = fields.Image(max_width=1024, max_height=512, attachment=True)
    photo = fields.Image(max_width=1280, max_height=1280, attachment=True)
    partial = fields.Boolean()
    partial_reason = fields.Char()
    picking_id = fields.Many2one("stock.picking", string="Transfer")
    backorder_id = fields.Many2one("stock.picking")
    line_ids = fields.One2many("pickup.handover.line", "handover_id", string="Items")


class PickupHandoverLine(models.Model):
    _name = "pickup.handover.line"
    _description = "Pickup hand-over item"

    handover_id = fields.Many2one("pickup.handover", required=True, ondelete="cascade",
                                  index=True)
    product_id = fields.Many2one("product.product", required=True)
    quantity = fields.Float(digits="Product Unit of Measure")
