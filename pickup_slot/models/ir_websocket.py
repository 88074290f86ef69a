from odoo import models
from odoo.exceptions import AccessError, UserError

from .pickup_counter import channel_point_id
from .pickup_entitlement import arrival_channel


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        return super()._build_bus_channel_list(self._pickup_slot_channels(channels))

    def _pickup_slot_channels(self, channels):
        """A counter screen asks for ``pickup_slot.arrivals_<point id>``: granted (as the
        point's private channel) only to staff who may serve that point; the name itself
        subscribes to nothing.

        :return: a new list of channels
        """
        channels = list(channels)
        for channel in list(channels):
            point_id = channel_point_id(channel)
            if point_id is None:
                continue
            channels.remove(channel)
            if not self.env.uid or self.env.user._is_public():
                continue
            try:
                self.env["pickup.service"]._check_point_access(point_id)
            except (AccessError, UserError):
                continue
            channels.append(arrival_channel(self.env, point_id))
        return channels
