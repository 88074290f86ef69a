from odoo import fields, models

EVENTS = [
    ("accepted", "Accepted"),
    ("shipped", "Shipped"),
    ("in_transit", "In transit"),
    ("arrived", "Arrived at the pickup point"),
    ("cancelled", "Cancelled"),
    ("exception", "Exception"),
]


class DropshipEvent(models.Model):
    """Every webhook delivery, accepted or not (no secret, no raw body)."""

    _name = "dropship.event"
    _description = "Drop-ship webhook delivery"
    _order = "id desc"

    connector_id = fields.Many2one("dropship.connector", required=True, index=True,
                                   ondelete="cascade")
    company_id = fields.Many2one(related="connector_id.company_id", store=True)
    received_date = fields.Datetime(default=fields.Datetime.now, required=True)
    event_id = fields.Char(index=True)
    event = fields.Selection(EVENTS)
    purchase_id = fields.Many2one("purchase.order", index="btree_not_null")
    status = fields.Selection(
        [("processed", "Processed"), ("duplicate", "Duplicate"), ("rejected", "Rejected")],
        required=True)
    http_status = fields.Integer()
    reason = fields.Char()
    carrier = fields.Char()
    tracking_number = fields.Char()
    occurred_at = fields.Datetime()
    latitude = fields.Float(digits=(10, 6))
    longitude = fields.Float(digits=(10, 6))
    temperature_c = fields.Float("Temperature (°C)")

    def init(self):
        # A vendor event is processed once: the webhook claims it with ON CONFLICT DO NOTHING.
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS dropship_event_processed_uniq "
            "ON dropship_event (connector_id, event_id) WHERE status = 'processed'")
