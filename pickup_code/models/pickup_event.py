from odoo import api, fields, models

EVENT_TYPES = [
    ("paid", "Paid, code issued"),
    ("picked", "Picked at the warehouse"),
    ("shipped", "Shipped by the vendor"),
    ("arrived", "Arrived at the pickup point"),
    ("ready", "Ready for pickup"),
    ("collected", "Collected"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
    ("returned", "Returned to the warehouse"),
]


class PickupEvent(models.Model):
    """Goods-flow timeline of an order's pickup: one row per step, with time and user."""

    _name = "pickup.event"
    _description = "Pickup goods-flow event"
    _order = "event_date, id"

    code_id = fields.Many2one("pickup.code", index=True, ondelete="cascade")
    sale_order_id = fields.Many2one("sale.order", required=True, index=True,
                                    ondelete="cascade")
    company_id = fields.Many2one(related="sale_order_id.company_id", store=True)
    event_type = fields.Selection(EVENT_TYPES, required=True)
    event_date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    warehouse_id = fields.Many2one("stock.warehouse", string="Where")
    picking_id = fields.Many2one("stock.picking", string="Transfer")
    note = fields.Char()

    @api.model
    def _log(self, codes, event_type, **values):
        """Append one event per code (batched: one INSERT for the whole recordset)."""
        return self.sudo().create([dict(values, code_id=code.id,
                                        sale_order_id=code.sale_order_id.id,
                                        warehouse_id=values.get("warehouse_id")
                                        or code.warehouse_id.id,
                                        event_type=event_type)
                                   for code in codes])

    @api.model
    def _log_orders(self, orders, event_type, **values):
        """Append one event per order, for steps that happen before a code exists."""
        return self.sudo().create([dict(values, sale_order_id=order.id, event_type=event_type)
                                   for order in orders])
