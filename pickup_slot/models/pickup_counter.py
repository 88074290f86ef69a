from odoo import api, models

from .pickup_entitlement import arrival_channel

# The queue shows at most this many arrivals (the oldest first).
ARRIVALS_LIMIT = 50


class PickupCounter(models.AbstractModel):
    _inherit = "pickup.counter"

    @api.model
    def get_counter_context(self):
        context = super().get_counter_context()
        context["arrivals_enabled"] = True
        return context

    @api.model
    def get_arrivals(self, point):
        """The buyers who said "I'm here" at ``point`` and still wait (oldest first), and
        the bus channel name the screen subscribes to for the next ones.

        :return: ``{"channel": str, "arrivals": [row]}``
        """
        self._check_counter_staff()
        warehouse = self.env["pickup.service"]._check_point_access(point)
        waiting = self.env["pickup.entitlement"].sudo().search([
            ("warehouse_id", "=", warehouse.id), ("state", "=", "ready"),
            ("pickup_arrival_date", "!=", False), ("pickup_served_date", "=", False),
        ], order="pickup_arrival_date, id", limit=ARRIVALS_LIMIT)
        return {"channel": "pickup_slot.arrivals_%s" % warehouse.id,
                "arrivals": [e._pickup_arrival_values() for e in waiting]}


def channel_point_id(channel):
    """``"pickup_slot.arrivals_7"`` → 7; None for any other channel."""
    prefix = "pickup_slot.arrivals_"
    if isinstance(channel, str) and channel.startswith(prefix) \
            and channel[len(prefix):].isdigit() and len(channel) < len(prefix) + 10:
        return int(channel[len(prefix):])
    return None


__all__ = ["arrival_channel", "channel_point_id"]
