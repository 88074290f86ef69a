import json

from odoo import fields, models

from ..core import checkout


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _set_pickup_location(self, pickup_location_data):
        """Override of `website_sale_collect`: the chosen store must be one the selector
        offers; it becomes the order's pickup point (``website_sale_collect`` sets it as the
        order's warehouse) and each goods line's too."""
        self.ensure_one()
        if self.carrier_id.delivery_type == "in_store" and pickup_location_data:
            data = json.loads(pickup_location_data)
            if data:
                self.carrier_id._pickup_collect_check_store(
                    data.get("id") if isinstance(data, dict) else None)
        res = super()._set_pickup_location(pickup_location_data)
        self._pickup_collect_sync_lines()
        return res

    def set_delivery_line(self, carrier, amount):
        """Override of `website_sale`: leaving in-store pickup clears the lines' point."""
        res = super().set_delivery_line(carrier, amount)
        self._pickup_collect_sync_lines()
        return res

    def _check_cart_is_ready_to_be_paid(self):
        """Override of `website_sale`: the store chosen earlier must still be offered (it may
        have stopped being a pickup point meanwhile); lines added after the choice get it."""
        for order in self.filtered(lambda o: o.carrier_id.delivery_type == "in_store"
                                   and o.pickup_location_data):
            order.carrier_id._pickup_collect_check_store(order.pickup_location_data.get("id"))
        self._pickup_collect_sync_lines()
        return super()._check_cart_is_ready_to_be_paid()

    def action_confirm(self):
        """Override of `sale`: the lines carry the chosen point before the codes are issued
        (``pickup_code`` issues them in its own override, after this one)."""
        self._pickup_collect_sync_lines()
        return super().action_confirm()

    def _pickup_collect_point(self):
        """The pickup point the buyer chose in the store selector (empty: none chosen, or a
        plain Click & Collect store)."""
        self.ensure_one()
        if self.carrier_id.delivery_type != "in_store" or not self.pickup_location_data:
            return self.env["stock.warehouse"]
        return self.warehouse_id.filtered("is_pickup_point")

    def _pickup_collect_sync_lines(self):
        """Each goods line of a web-shop order is collected at the chosen point (the per-line
        "Pickup at" of ``stock_pickup_bridge``); without a chosen point the lines follow the
        order again. Orders not from the web shop are left alone (their lines' points are the
        staff's)."""
        for order in self.filtered(lambda o: o.website_id and o.state in ("draft", "sent")):
            point = order._pickup_collect_point()
            lines = order.order_line.filtered(
                lambda line: not line.display_type and line.product_id.type == "consu")
            stale = lines.filtered(lambda line, p=point: line.pickup_warehouse_id != p)
            if stale:
                stale.pickup_warehouse_id = point

    def _pickup_collect_shown_codes(self):
        """The codes the order confirmation page shows: none until the order is confirmed and
        paid (see ``core.checkout.may_show_code``).

        :return: ``pickup.code`` records (sudo: the page is the buyer's, as the session says)
        """
        self.ensure_one()
        order = self.sudo()
        paid = order.state == "sale" and order._pickup_is_paid()
        now = fields.Datetime.now()
        # A group leader's credential for this order is the leader's, like a delegate's is
        # the delegate's: shown to the buyer, it would collect what a forced campaign lets
        # only the leader collect.
        # The member's own code of a forced campaign is refused at the counter: not shown
        # (the page names the leader, see ``_pickup_collect_leaders``).
        return order.pickup_code_ids.filtered(lambda code: checkout.may_show_code(
            order.state, paid, code.state, bool(code.expiry_date and code.expiry_date < now),
            code.is_delegate or bool(code.leader_id)) and not code._pickup_leader_collects())

    def _pickup_collect_leaders(self):
        """The group leaders who collect this order for the buyer (forced campaign).

        :return: ``res.partner`` records (sudo)
        """
        self.ensure_one()
        leaders = self.env["res.partner"].sudo()
        for code in self.sudo().pickup_code_ids.filtered(
                lambda c: not c.leader_id and not c.is_delegate):
            leaders |= code._pickup_leader_collects()
        return leaders
