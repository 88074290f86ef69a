import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class PickupBulkIssueWizard(models.TransientModel):
    """Issue the missing codes of a whole campaign (e.g. 10,000 orders) in batches."""

    _name = "pickup.bulk.issue.wizard"
    _description = "Issue pickup codes in bulk"

    order_ids = fields.Many2many(
        "sale.order", string="Orders",
        domain="[('state', '=', 'sale'), ('warehouse_id.is_pickup_point', '=', True)]")
    all_confirmed = fields.Boolean(
        "All confirmed orders without a code",
        help="Ignore the list and issue for every confirmed order to a pickup point.")
    issued_count = fields.Integer(readonly=True)

    def _get_orders(self):
        if not self.all_confirmed:
            return self.order_ids
        return self.env["sale.order"].search([
            ("state", "=", "sale"), ("warehouse_id.is_pickup_point", "=", True),
            ("pickup_code_ids", "=", False), ("company_id", "in", self.env.companies.ids),
        ])

    def action_issue(self):
        self.ensure_one()
        orders = self._get_orders()

        def progress(done, total):
            # Shown in the server log and, through the bus, in the user's notifications.
            _logger.info("Bulk issue: %s / %s orders", done, total)
            self.env.user._bus_send("simple_notification", {
                "type": "info", "title": self.env._("Issuing pickup codes"),
                "message": self.env._("%(done)s of %(total)s orders done", done=done, total=total),
            })

        codes = self.env["pickup.code"]._issue_for_orders(orders, progress=progress)
        self.issued_count = len(codes)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s pickup codes issued for %(orders)s orders.",
                             count=len(codes), orders=len(orders)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
