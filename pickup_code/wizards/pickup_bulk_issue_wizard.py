from odoo import fields, models

from ..const import ISSUE_BATCH_SIZE

# Above this many orders (system parameter) the codes are issued by a cron in the background.
INLINE_LIMIT_PARAM = "pickup_code.issue_inline_limit"


class PickupBulkIssueWizard(models.TransientModel):
    """Issue the missing codes of a whole campaign (e.g. 10,000 orders) in batches."""

    _name = "pickup.bulk.issue.wizard"
    _description = "Issue pickup codes in bulk"

    order_ids = fields.Many2many(
        "sale.order", string="Orders",
        default=lambda self: self._default_order_ids(),
        domain="[('state', '=', 'sale'), ('warehouse_id.is_pickup_point', '=', True)]")
    all_confirmed = fields.Boolean(
        "All confirmed orders without a code",
        help="Ignore the list and issue for every confirmed order to a pickup point.")
    issued_count = fields.Integer(readonly=True)

    def _default_order_ids(self):
        """The orders selected in the list when started from the Action menu of Sales."""
        if self.env.context.get("active_model") == "sale.order":
            return self.env["sale.order"].browse(self.env.context.get("active_ids") or [])
        return self.env["sale.order"]

    def _get_orders(self):
        if not self.all_confirmed:
            return self.order_ids
        return self.env["sale.order"].search([
            ("state", "=", "sale"), ("warehouse_id.is_pickup_point", "=", True),
            ("pickup_code_ids", "=", False), ("company_id", "in", self.env.companies.ids),
        ])

    def _get_inline_limit(self):
        value = self.env["ir.config_parameter"].sudo().get_param(INLINE_LIMIT_PARAM)
        try:
            return max(0, int(value)) if value else ISSUE_BATCH_SIZE
        except ValueError:
            return ISSUE_BATCH_SIZE

    def action_issue(self):
        """Issue now (one batch, the answer names the count), or, for a campaign larger than
        a batch, queue the orders for the issuing cron: it commits per batch and tells this
        user after each one (a notification with the orders done and to go), so a browser
        request never holds 10,000 orders in one transaction."""
        self.ensure_one()
        orders = self._get_orders()
        if len(orders) > self._get_inline_limit():
            return self._issue_in_background(orders)
        codes = self.env["pickup.code"]._issue_for_orders(orders)
        self.issued_count = len(codes)
        return self._notification("success", self.env._(
            "%(count)s pickup codes issued for %(orders)s orders.",
            count=len(codes), orders=len(orders)))

    def _issue_in_background(self, orders):
        # Sudo: the queue mark is the system's; a manager may not write every order field.
        orders.sudo().write({"pickup_issue_queued_uid": self.env.uid})
        self.env.ref("pickup_code.cron_pickup_bulk_issue").sudo()._trigger()
        return self._notification("info", self.env._(
            "%(orders)s orders queued: codes are issued in batches of %(batch)s in the "
            "background. A notification tells you after each batch; the buyers' notices "
            "follow.", orders=len(orders), batch=ISSUE_BATCH_SIZE))

    def _notification(self, kind, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "message": message,
                       "next": {"type": "ir.actions.act_window_close"}},
        }
