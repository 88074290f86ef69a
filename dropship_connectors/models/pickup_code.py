from odoo import models


class PickupCode(models.Model):
    _inherit = "pickup.code"

    def _get_outgoing_pickings(self):
        """Override of `pickup_code`: drop-shipped goods leave through the dropship transfer
        (vendor → customer), handed over at the point."""
        pickings = super()._get_outgoing_pickings()
        if self.warehouse_id == self.sale_order_id.warehouse_id:
            pickings |= self.sale_order_id.picking_ids.filtered(
                lambda p: p.is_dropship and p.state not in ("done", "cancel"))
        return pickings

    def _is_goods_at_point(self):
        """Override of `pickup_code`: a dropship transfer counts once the vendor said
        "arrived"; the other transfers must be fully reserved as usual."""
        self.ensure_one()
        pickings = self._get_outgoing_pickings()
        dropship = pickings.filtered("is_dropship")
        if not dropship:
            return super()._is_goods_at_point()
        moves = (pickings - dropship).move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        return all(p.dropship_arrived_date for p in dropship) \
            and all(m.state == "assigned" for m in moves)
