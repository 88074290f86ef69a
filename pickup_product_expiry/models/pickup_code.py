from odoo import fields, models


class PickupCode(models.Model):
    _inherit = "pickup.code"

    def _get_reserved_lots(self, pickings=None):
        """Lots reserved on this code's open outgoing transfers at its point.

        :param pickings: the transfers when the caller has them already (else looked up)
        """
        self.ensure_one()
        if pickings is None:
            pickings = self.sudo()._get_outgoing_pickings()
        return pickings.sudo().move_line_ids.lot_id

    def _prefetch_goods(self):
        """Override of `pickup_code`: the reserved lots too (read per code below)."""
        pickings = super()._prefetch_goods()
        pickings.move_line_ids.lot_id.mapped("expiration_date")
        return pickings

    def _get_goods_expiry(self):
        """Override of `stock_pickup_bridge`: the earliest expiry date of the reserved lots
        (a perishable window of `pickup_perishable` ends there)."""
        dates = [d for d in self._get_reserved_lots().mapped("expiration_date") if d]
        return min(dates) if dates else super()._get_goods_expiry()

    def _get_expired_lots(self, now=None, pickings=None):
        now = now or fields.Datetime.now()
        return self._get_reserved_lots(pickings).filtered(
            lambda lot: lot.expiration_date and lot.expiration_date <= now)

    def _set_ready(self, notify=True):
        """Override of `pickup_code`: goods whose reserved lot has already expired are not
        ready — the buyer would be called in for goods the counter must refuse. The code keeps
        waiting and the point's supervisor gets a ``goods_expired`` alert to replace the lot
        (then the next arrival or reservation makes it ready)."""
        now = fields.Datetime.now()
        expired = self.filtered(lambda c: c._get_expired_lots(now))
        self.env["pickup.anomaly"]._raise_for_codes(
            expired, "goods_expired",
            lambda c: self.env._("Lot %(lots)s expired before the goods were ready: replace it.",
                        lots=", ".join(c._get_expired_lots(now).mapped("name"))),
            repeat="open")
        return super(PickupCode, self - expired)._set_ready(notify=notify)
