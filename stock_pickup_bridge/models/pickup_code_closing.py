from odoo import models


class PickupCode(models.Model):
    """Closing days and opening hours act on deadlines and reminders."""

    _inherit = "pickup.code"

    def _get_pickup_deadline(self, ready_at):
        """Override: the window's end, moved to the end of the next open day when it falls
        on a closed day or outside the point's hours (the buyer keeps the whole window).

        A perishable's move stops at its goods' own expiry: a later deadline would hand over
        spoiled goods, so the window's end stands then.
        """
        deadline = super()._get_pickup_deadline(ready_at)
        effective = self.warehouse_id._pickup_effective_deadline(deadline)
        if self.pickup_perishable:
            goods_expiry = self._get_goods_expiry()
            if goods_expiry and effective > goods_expiry:
                return deadline
        return effective

    def _pickup_apply_opening(self):
        """Move stored deadlines that now fall on a closed day or after hours (never
        earlier: a deadline the buyer was told stands when a closing day is removed).

        :return: the codes whose deadline moved
        """
        moved = self.browse()
        for code in self.filtered("expiry_date"):
            effective = code.warehouse_id._pickup_effective_deadline(code.expiry_date)
            goods_expiry = code.pickup_perishable and code._get_goods_expiry()
            if effective > code.expiry_date and not (goods_expiry and effective > goods_expiry):
                code.expiry_date = effective
                moved |= code
        return moved

    def _is_reminder_due(self, now):
        """Override: no reminders on a day the point is closed (the next open day's run
        sends them; the deadline itself never falls on a closed day)."""
        if self.warehouse_id and not self.warehouse_id._pickup_is_open_on(now):
            return False
        return super()._is_reminder_due(now)
