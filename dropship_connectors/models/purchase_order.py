from datetime import timezone

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core import payload as payload_lib

DROPSHIP_STATES = [
    ("none", "Not sent"),
    ("sent", "Sent to vendor"),
    ("accepted", "Accepted"),
    ("shipped", "Shipped"),
    ("arrived", "Arrived at the point"),
    ("cancelled", "Cancelled by vendor"),
    ("exception", "Exception"),
]


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    dropship_connector_id = fields.Many2one(
        "dropship.connector", compute="_compute_dropship_connector_id", store=True,
        string="Vendor connector", groups="pickup_code.group_pickup_supervisor")
    dropship_state = fields.Selection(DROPSHIP_STATES, default="none", readonly=True,
                                      tracking=True, copy=False)
    dropship_vendor_ref = fields.Char("Vendor order", readonly=True, copy=False)
    dropship_carrier = fields.Char("Carrier", readonly=True, copy=False)
    dropship_tracking = fields.Char("Tracking number", readonly=True, copy=False)
    dropship_sent_date = fields.Datetime(readonly=True, copy=False)
    dropship_shipped_date = fields.Datetime(readonly=True, copy=False)
    dropship_arrived_date = fields.Datetime(readonly=True, copy=False)
    dropship_job_ids = fields.One2many("dropship.job", "purchase_id", string="Vendor calls",
                                       groups="pickup_code.group_pickup_supervisor")

    @api.depends("partner_id", "company_id")
    def _compute_dropship_connector_id(self):
        # The connectors of these orders' vendors (one query for the batch).
        connectors = self.env["dropship.connector"].sudo().search([
            ("partner_id", "in", self.partner_id.commercial_partner_id.ids)])
        for order in self:
            order.dropship_connector_id = connectors.filtered(
                lambda c, o=order: c.partner_id == o.partner_id.commercial_partner_id
                and c.company_id == o.company_id)[:1]

    def _dropship_point(self):
        """The pickup point the vendor delivers to (the sale order's point)."""
        self.ensure_one()
        sale = self._get_sale_orders()[:1]
        point = sale.warehouse_id
        return point if point.is_pickup_point else point.browse()

    def _dropship_prepare_payload(self):
        """The order as the vendor sees it: lines, point address, references. Never a code."""
        self.ensure_one()
        point = self._dropship_point()
        address = point.partner_id
        connector = self.dropship_connector_id
        # Validated against data/schemas/vendor_order.schema.json: a bad order fails here,
        # with the field named, instead of at the vendor.
        return payload_lib.build_order_payload(
            order_ref=self.name,
            sale_ref=self._get_sale_orders()[:1].name or self.origin or self.name,
            lines=[{"sku": line.product_id.default_code or str(line.product_id.id),
                    "name": line.product_id.name, "qty": line.product_qty,
                    "uom": line.product_uom.name}
                   for line in self.order_line if not line.display_type],
            ship_to={"point_code": point.code or self.picking_type_id.warehouse_id.code or "WH",
                     "name": point.name or self.company_id.name, "street": address.street,
                     "city": address.city, "zip": address.zip, "phone": address.phone,
                     "hours": point.pickup_hours},
            callback_url="%s/dropship/webhook/%s" % (self.get_base_url(), connector.id),
        )

    def _dropship_enqueue(self, kind):
        """Queue one vendor call of ``kind`` per connected order.

        Called from a Purchase user's confirm, cancel or line change: the connector and the
        jobs are the system's, read and written as superuser (the user needs no Pickup group).
        """
        jobs = self.env["dropship.job"].sudo()
        for order in self.sudo().filtered("dropship_connector_id"):
            if kind == "order" and order.dropship_state != "none":
                continue  # already sent: never twice
            if kind == "change":
                if order.dropship_state not in ("sent", "accepted"):
                    continue  # not at the vendor yet (the order job carries the change)
                # One pending change is enough: it is rebuilt from the current lines.
                jobs.search([("purchase_id", "=", order.id), ("kind", "=", "change"),
                             ("state", "=", "pending")]).action_cancel()
            try:
                payload = order._dropship_prepare_payload() if kind in ("order", "change") \
                    else {"order_ref": order.name, "reason": self.env._("Cancelled by the seller")}
            except payload_lib.PayloadError as err:
                raise UserError(self.env._("%(order)s cannot be sent to %(vendor)s: %(reason)s",
                                  order=order.name, vendor=order.dropship_connector_id.name,
                                  reason=err.reason)) from err
            jobs |= jobs.create({"connector_id": order.dropship_connector_id.id,
                                 "purchase_id": order.id, "kind": kind, "payload": payload})
        if jobs:
            self.env.ref("dropship_connectors.cron_dropship_jobs").sudo()._trigger()
        return jobs

    def button_confirm(self):
        """Override of `purchase`: send confirmed orders of connected vendors to the vendor."""
        res = super().button_confirm()
        self.filtered(lambda o: o.state in ("purchase", "done"))._dropship_enqueue("order")
        return res

    def button_cancel(self):
        """Override of `purchase`: stop unsent orders, tell the vendor about sent ones."""
        sent = self.filtered(lambda o: o.dropship_state not in ("none", "cancelled"))
        # A Purchase user cancels without seeing vendor calls: they are the system's (sudo).
        self.sudo().dropship_job_ids.filtered(
            lambda j: j.state == "pending" and j.kind == "order").action_cancel()
        res = super().button_cancel()
        sent._dropship_enqueue("cancel")
        return res

    def _dropship_on_job_done(self, job):
        if job.kind == "order":
            self.write({"dropship_state": "sent", "dropship_sent_date": fields.Datetime.now(),
                        "dropship_vendor_ref": (job.response or {}).get("vendor_order_id")})

    def _dropship_on_job_failed(self, job):
        self._dropship_warn(self.env._(
            "%(kind)s for %(order)s failed after %(n)s attempts: %(error)s",
                              kind=job._fields["kind"].convert_to_export(job.kind, job),
                              order=self.name, n=job.attempts,
                              error=job.last_error))

    def _dropship_warn(self, note):
        """An activity for the buyer of this order (or the current user) to act on."""
        self.activity_schedule(
            "mail.mail_activity_data_warning", user_id=self.user_id.id or self.env.uid,
            summary=self.env._("Drop-ship vendor needs attention"), note=note)

    def _dropship_apply_event(self, event, data):
        """Apply a verified vendor event to the order, its transfers and its pickup codes."""
        self.ensure_one()
        kind = data["event"]
        now = fields.Datetime.now()
        codes = self._get_sale_orders().pickup_code_ids.filtered(
            lambda c: c.state in ("issued", "ready"))
        Timeline = self.env["pickup.event"]
        # Any event may carry where the goods are and how cold they are.
        reading = Timeline._reading_values(data.get("position"), data.get("temperature_c"))
        if data.get("occurred_at"):
            reading["event_date"] = data["occurred_at"].astimezone(timezone.utc).replace(
                tzinfo=None)
        if kind == "accepted":
            self.dropship_state = "accepted"
        elif kind == "shipped":
            self.write({"dropship_state": "shipped", "dropship_shipped_date": now,
                        "dropship_carrier": data.get("carrier"),
                        "dropship_tracking": data.get("tracking_number")})
            Timeline._log(codes, "shipped", note="%s %s" % (data.get("carrier") or "",
                                                            data.get("tracking_number") or ""),
                          **reading)
        elif kind == "in_transit":
            Timeline._log(codes, "in_transit", note=data.get("message") or data.get("carrier"),
                          **reading)
        elif kind == "arrived":
            self.write({"dropship_state": "arrived", "dropship_arrived_date": now})
            pickings = self.picking_ids.filtered(
                lambda p: p.is_dropship and p.state not in ("done", "cancel"))
            pickings.write({"dropship_arrived_date": now})
            codes._goods_arrived(pickings[:1], note=data.get("point_code"), **reading)
        elif kind == "cancelled":
            self.dropship_state = "cancelled"
            self._dropship_warn(self.env._("%(vendor)s cancelled %(order)s.",
                                  vendor=self.partner_id.name, order=self.name))
        elif kind == "exception":
            self.dropship_state = "exception"
            self._dropship_warn(self.env._("Vendor exception on %(order)s: %(message)s",
                                  order=self.name, message=data.get("message") or ""))
            self.message_post(body=self.env._("Vendor exception: %(message)s",
                                     message=data.get("message") or ""))
        return True


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    def write(self, vals):
        """Override of `purchase`: tell the vendor when a sent order's quantities change."""
        res = super().write(vals)
        if {"product_qty", "product_id", "product_uom"} & set(vals):
            # Any Purchase user edits lines; the connector is read by the system (sudo).
            self.order_id.sudo().filtered("dropship_connector_id")._dropship_enqueue("change")
        return res
