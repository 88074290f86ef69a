from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Behind the Pickup group: a Sales user reading an order (read(), exports, Form) must not
    # need access to pickup records; our own hooks read them with a scoped sudo.
    pickup_code_ids = fields.One2many("pickup.code", "sale_order_id", string="Pickup codes",
                                      groups="pickup_code.group_pickup_user")
    pickup_code_count = fields.Integer(compute="_compute_pickup_code_count",
                                       groups="pickup_code.group_pickup_user")
    pickup_event_ids = fields.One2many("pickup.event", "sale_order_id", string="Pickup timeline",
                                       groups="pickup_code.group_pickup_user")
    pickup_state = fields.Selection(
        related="pickup_code_ids.state", string="Pickup status",
        groups="pickup_code.group_pickup_user",
        help="Status of the order's first pickup code.")

    # Queued for the bulk issuing cron by this user (who is told the progress); cleared in the
    # transaction that issues the order's codes, so a crash leaves the rest queued.
    pickup_issue_queued_uid = fields.Many2one(
        "res.users", string="Pickup codes queued by", readonly=True, copy=False,
        index="btree_not_null", groups="pickup_code.group_pickup_user")

    @api.depends("pickup_code_ids")
    def _compute_pickup_code_count(self):
        for order in self:
            order.pickup_code_count = len(order.pickup_code_ids)

    def _pickup_get_points(self):
        """Override point: the pickup points (warehouses) this order is collected at.

        Default: the order's warehouse when it is a pickup point. ``stock_pickup_bridge``
        splits orders whose lines go to several points.

        :return: ``stock.warehouse`` records
        """
        self.ensure_one()
        return self.warehouse_id.filtered("is_pickup_point")

    def _pickup_is_paid(self):
        """An order is paid when its invoices are fully paid, or an online payment is done."""
        self.ensure_one()
        if self.transaction_ids.filtered(lambda tx: tx.state == "done"):
            return True
        invoices = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted")
        return bool(invoices) and all(
            m.payment_state in ("paid", "in_payment") for m in invoices)

    def _pickup_issue_if_due(self):
        """Issue codes for the orders whose company trigger is met (idempotent)."""
        due = self.filtered(lambda o: o.state == "sale" and (
            o.company_id.pickup_issue_trigger == "confirmed" or o._pickup_is_paid()))
        if due:
            self.env["pickup.code"]._issue_for_orders(due)
        return due

    def action_confirm(self):
        """Override of `sale` to issue pickup codes when the company issues on confirmation
        (or when the order was paid online before being confirmed)."""
        res = super().action_confirm()
        # A salesperson needs no Pickup group to confirm: the policy rules are read and the
        # codes created by the system (scoped sudo), nothing of them is shown to the user.
        self.sudo()._pickup_issue_if_due()
        return res

    def _action_cancel(self):
        """Override of `sale`: a cancelled order's codes collect nothing any more (its
        deliveries are cancelled too; an order without any would keep its codes alive)."""
        live = self.sudo().pickup_code_ids.filtered(lambda c: c.state in ("issued", "ready"))
        live._set_state("revoked", revoke_reason=self.env._("Order cancelled"))
        return super()._action_cancel()

    def action_view_pickup_codes(self):
        self.ensure_one()
        return self.pickup_code_ids._get_records_action(name=self.env._("Pickup codes"))
