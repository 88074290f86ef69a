import time
from datetime import timezone

from odoo import models
from odoo.tools import SQL

from ..core import payload as payload_lib
from ..core import signature


class DropshipConnector(models.Model):
    _inherit = "dropship.connector"

    def _receive_webhook(self, body, header):
        """Check, de-duplicate and apply one webhook delivery; log it whatever happens.

        :param bytes body: the raw request body
        :param str header: the ``X-Dropship-Signature`` header
        :return: (HTTP status, JSON-able answer)
        """
        self.ensure_one()
        Event = self.env["dropship.event"].sudo()
        log = {"connector_id": self.id}
        try:
            signature.verify(self._get_valid_webhook_secrets(), header or "", body,
                             int(time.time()))
        except signature.SignatureError as err:
            Event.create(dict(log, status="rejected", http_status=401,
                              reason="signature: %s" % err.reason))
            return 401, {"error": "invalid signature"}
        try:
            data = payload_lib.parse_webhook(body)
        except payload_lib.PayloadError as err:
            Event.create(dict(log, status="rejected", http_status=400, reason=err.reason))
            return 400, {"error": err.reason}
        order = self.env["purchase.order"].sudo().search(
            [("name", "=", data["order_ref"]), ("dropship_connector_id", "=", self.id)], limit=1)
        if not order:
            Event.create(dict(log, status="rejected", http_status=400, event_id=data["event_id"],
                              event=data["event"], reason="unknown order_ref"))
            return 400, {"error": "unknown order_ref"}
        values = dict(
            log, event_id=data["event_id"], event=data["event"], purchase_id=order.id,
            carrier=data.get("carrier"), tracking_number=data.get("tracking_number"),
            occurred_at=data["occurred_at"].astimezone(timezone.utc).replace(tzinfo=None),
            latitude=(data.get("position") or {}).get("lat", 0.0),
            longitude=(data.get("position") or {}).get("lon", 0.0),
            temperature_c=data.get("temperature_c") or 0.0,
        )
        # Claim the event id: a replay or a concurrent duplicate finds it taken.
        self.env.cr.execute(SQL(
            "INSERT INTO dropship_event (connector_id, event_id, status, http_status, "
            "received_date, create_uid, write_uid, create_date, write_date) "
            "VALUES (%s, %s, 'processed', 200, now() at time zone 'UTC', %s, %s, "
            "now() at time zone 'UTC', now() at time zone 'UTC') "
            "ON CONFLICT (connector_id, event_id) WHERE status = 'processed' DO NOTHING "
            "RETURNING id", self.id, data["event_id"], self.env.uid, self.env.uid,
        ))
        row = self.env.cr.fetchone()
        if not row:
            Event.create(dict(values, status="duplicate", http_status=200))
            return 200, {"status": "duplicate"}
        event = Event.browse(row[0])
        event.write({k: v for k, v in values.items() if k not in ("connector_id", "event_id")})
        order._dropship_apply_event(event, data)
        return 200, {"status": "processed"}
