from odoo import fields, models


class PickupCode(models.Model):
    _inherit = "pickup.code"

    def _get_reserved_lots(self):
        """Lots reserved on this code's open outgoing transfers at its point."""
        self.ensure_one()
        return self.sudo()._get_outgoing_pickings().move_line_ids.lot_id

    def _get_goods_expiry(self):
        """Override of `stock_pickup_bridge`: the earliest expiry date of the reserved lots."""
        dates = [d for d in self._get_reserved_lots().mapped("expiration_date") if d]
        return min(dates) if dates else super()._get_goods_expiry()

    def _get_expired_lots(self, now=None):
        now = now or fields.Datetime.now()
        return self._get_reserved_lots().filtered(
            lambda lot: lot.expiration_date and lot.expiration_date <= now)
