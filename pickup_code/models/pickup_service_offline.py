"""``pickup.service``: hand-overs the counter queued while the network was down.

The counter screen checks a signed QR token on the device (Ed25519) when the server cannot
be reached, lets the clerk hand the goods over and queues the hand-over in the browser
(with the ID check if the clerk did it). Back online it sends each item here, oldest first.
The item is redeemed on the normal path (``_process``: state, goods, policy, the atomic
claim and the transfer) with channel ``offline`` and the counter's time on the attempt and
the hand-over. The goods already left, so any refusal (collected elsewhere meanwhile, a step
the policy asks for that could not be done offline, …) is an ``offline_conflict`` anomaly
for the point's supervisor. The item's key makes a retried sync answer the first verdict
again: one hand-over, one anomaly, whatever the network does.
"""

import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core import local_time, offline_handover
from .pickup_service import TRANSIENT_REASONS


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    @api.model
    def sync_offline_handover(self, token, point, key, queued_at, steps=None, station=None):
        """Record a hand-over the counter queued offline.

        :param str token: the signed QR token scanned offline (``PC1T.``; nothing else can
            be checked offline, so nothing else is accepted)
        :param point: the pickup point (code or id) where it was queued
        :param str key: the item's idempotency key (made by the browser when queued)
        :param queued_at: when it was queued, Unix seconds by the counter's clock
        :param dict steps: the evidence recorded offline (``id_check`` only; the other
            steps need the server, so a policy asking for them refuses)
        :param str station: the counter's label
        :return: the redeem's verdict dict plus ``outcome`` (``confirmed``, ``conflict`` or
            ``retry``) and ``queued_at``; a retry with the same key answers the first one
        :raises UserError: a malformed item, or the key is in use or was used otherwise
        """
        now = fields.Datetime.now()
        try:
            steps = offline_handover.check_item(key, token, steps)
            when = offline_handover.queued_time(queued_at, now.timestamp())
        except offline_handover.InvalidQueuedItem as bad:
            raise UserError(self.env._("This queued hand-over is malformed (%(field)s).",
                                       field=str(bad))) from None
        store = self.env["pickup.idempotency"].sudo()
        slot = "offline:%s" % key
        earlier = self._claim_handover_key(slot, ["offline", token, str(point), steps, when])
        if earlier:
            return earlier[0]
        offline_at = datetime.datetime.fromtimestamp(when, datetime.UTC).replace(tzinfo=None)
        result = self.with_context(pickup_offline_at=offline_at)._process(
            token, point, station, "offline", redeem=True, steps=steps)
        result["outcome"] = offline_handover.outcome(result["reason"], TRANSIENT_REASONS)
        result["queued_at"] = when
        if result["outcome"] == offline_handover.RETRY:
            store._forget(self.env.uid, slot)  # "not now": the next sync tries again
            return result
        if result.get("handover_id"):
            self.env["pickup.handover"].sudo().browse(result["handover_id"]).offline_date = \
                offline_at
        elif result["outcome"] == offline_handover.CONFLICT:
            self._raise_offline_conflict(result, point, station, offline_at)
        store._remember(self.env.uid, slot, result)
        return result

    def _check_goods(self, scan):
        """A queued hand-over said to have happened well before the goods were ready at the
        point cannot be true (a forged time, or a tablet whose clock reset): it is refused as
        "not ready", a conflict for the supervisor whose anomaly names the time, rather than
        recorded with an impossible time as the hand-over's evidence."""
        offline_at = self.env.context.get("pickup_offline_at")
        ready_at = scan.code and scan.code.sudo().ready_date
        if offline_at and ready_at and offline_at < ready_at - datetime.timedelta(
                seconds=offline_handover.MAX_CLOCK_BEHIND_SECONDS):
            return "not_ready", {}
        return super()._check_goods(scan)

    def _raise_offline_conflict(self, result, point, station, offline_at):
        """The supervisor hears of a queued hand-over the server refused: the goods left
        the counter while the server says they should not have (or not yet)."""
        warehouse = self._check_point_access(point)
        station = str(station or "")[:64] or "user-%s" % self.env.uid
        zone = warehouse._get_pickup_tz()
        self.env["pickup.anomaly"]._raise({
            "anomaly_type": "offline_conflict",
            "company_id": warehouse.company_id.id,
            "warehouse_id": warehouse.id,
            "code_id": result.get("code_id") or False,
            "station": station,
            "user_id": self.env.uid,
            "detail": self.env._(
                "Handed over offline at %(when)s by %(clerk)s (station %(station)s), "
                "refused on sync: %(message)s",
                when=local_time.format_local(offline_at, zone), clerk=self.env.user.name,
                station=station, message=result.get("message") or result["reason"]),
        }, repeat="open")
