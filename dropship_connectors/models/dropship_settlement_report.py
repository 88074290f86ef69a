from odoo import fields, models, tools
from odoo.tools import SQL


class DropshipSettlementReport(models.Model):
    """Per-vendor settlement and lead times, one row per drop-ship purchase order."""

    _name = "dropship.settlement.report"
    _description = "Drop-ship vendor settlement"
    _auto = False
    _order = "confirm_date desc"

    connector_id = fields.Many2one("dropship.connector", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    purchase_id = fields.Many2one("purchase.order", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    dropship_state = fields.Selection(
        selection=lambda self: self.env["purchase.order"]._fields["dropship_state"].selection,
        readonly=True)
    confirm_date = fields.Datetime(readonly=True)
    amount_total = fields.Monetary(readonly=True)
    amount_to_settle = fields.Monetary(readonly=True,
                                       help="Amount of orders that reached the pickup point.")
    hours_to_ship = fields.Float("PO → shipped (h)", readonly=True, aggregator="avg")
    hours_to_arrive = fields.Float("Shipped → arrived (h)", readonly=True, aggregator="avg")
    exception_count = fields.Integer("Exceptions", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %s AS (
                SELECT po.id AS id,
                       po.dropship_connector_id AS connector_id,
                       po.partner_id, po.company_id, po.id AS purchase_id, po.currency_id,
                       po.dropship_state, po.date_approve AS confirm_date, po.amount_total,
                       CASE WHEN po.dropship_state = 'arrived' THEN po.amount_total ELSE 0 END
                           AS amount_to_settle,
                       EXTRACT(EPOCH FROM po.dropship_shipped_date - po.date_approve) / 3600.0
                           AS hours_to_ship,
                       EXTRACT(EPOCH FROM po.dropship_arrived_date - po.dropship_shipped_date)
                           / 3600.0 AS hours_to_arrive,
                       (SELECT count(*) FROM dropship_event ev
                         WHERE ev.purchase_id = po.id AND ev.event = 'exception'
                           AND ev.status = 'processed') AS exception_count
                  FROM purchase_order po
                 WHERE po.dropship_connector_id IS NOT NULL
            )""", SQL.identifier(self._table)))
