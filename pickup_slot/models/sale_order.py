from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # What the order is owed per point, with its slot: staff choose the slot from here.
    pickup_slot_entitlement_ids = fields.One2many(
        "pickup.entitlement", "sale_order_id", string="Pickup slots",
        groups="pickup_code.group_pickup_user")

    def _action_cancel(self):
        """A cancelled order gives its slot back (also one booked before the code was
        issued)."""
        entitlements = self.env["pickup.entitlement"].sudo().search(
            [("sale_order_id", "in", self.ids), ("pickup_slot_id", "!=", False)])
        res = super()._action_cancel()
        entitlements._pickup_release_slot()
        return res
