from odoo import models


class PickupCode(models.Model):
    """Closing days and opening hours act on deadlines and reminders."""

    _inherit = "pickup.code"

    def _get_pickup_deadline(self, ready_at):
        """Override: the window's end, moved for the point's closing days and hours."""
        return self._pickup_move_for_closing(super()._get_pickup_deadline(ready_at))

    def _pickup_move_for_closing(self, deadline):
        """``deadline`` moved to the end of the next open day when it falls on a closed day
        or outside the point's hours (the buyer keeps the whole window).

        The move stops at :meth:`_get_deadline_limit` (a perishable's own expiry): a later
        deadline would hand over spoiled goods, so the window's end stands then.
        """
        effective = self.warehouse_id._pickup_effective_deadline(deadline)
        limit = self._get_deadline_limit()
        if limit and effective > limit:
            return deadline
        return effective

    def _get_deadline_limit(self):
        """Extension point: the latest a deadline may move to for closing days, or None
        (`pickup_perishable`: the goods' own expiry)."""
        return None

    def _pickup_apply_opening(self):
        """Move stored deadlines that now fall on a closed day or after hours (never
        earlier: a deadline the buyer was told stands when a closing day is removed).

        :return: the codes whose deadline moved
        """
        moved = self.browse()
        for code in self.filtered("expiry_date"):
            effective = code.warehouse_id._pickup_effective_deadline(code.expiry_date)
            limit = code._get_deadline_limit()
            if effective > code.expiry_date and not (limit and effective > limit):
                code.expiry_date = effective
                moved |= code
        return moved

    def _is_reminder_due(self, now):
        """Override: no reminders on a day the point is closed (the next open day's run
        sends them; the deadline itself never falls on a closed day)."""
        if self.warehouse_id and not self.warehouse_id._pickup_is_open_on(now):
            return False
        return super()._is_reminder_due(now)
