from odoo import api, fields, models
from odoo.tools import SQL

from ..const import STATES
from ..core import local_time


class PickupEntitlement(models.Model):
    """What a buyer is owed at one pickup point: one per sale order and point.

    This, not a code, is what gets collected. Its credentials (``code_ids``: the buyer's
    code, each delegate's code, a regenerated code) only unlock it. A hand-over claims the
    entitlement with one conditional update of its ``handover_count``, so exactly one of any
    number of concurrent scans of any of its credentials succeeds; a partial hand-over leaves
    it ready with what remains, and the same credentials collect the rest.
    """

    _name = "pickup.entitlement"
    _description = "Pickup entitlement"
    _order = "id desc"
    _rec_name = "sale_order_id"

    sale_order_id = fields.Many2one("sale.order", string="Order", required=True, readonly=True,
                                    index=True, ondelete="restrict")
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", required=True,
                                   readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Buyer", required=True, readonly=True,
                                 index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    code_ids = fields.One2many("pickup.code", "entitlement_id", string="Credentials")
    handover_ids = fields.One2many("pickup.handover", "entitlement_id", string="Hand-overs")
    # The state of the entitlement is that of its most advanced credential: collected once
    # any credential collected it, ready while any is ready, and so on.
    state = fields.Selection(STATES, compute="_compute_state", store=True, index=True)
    # The claim's version: every hand-over adds one, conditionally on the value it read.
    handover_count = fields.Integer(readonly=True, copy=False, default=0)
    is_partial = fields.Boolean(
        "Partly collected", compute="_compute_state", store=True,
        help="Some goods were handed over; the rest is still to collect with the same codes.")
    last_handover_id = fields.Many2one("pickup.handover", compute="_compute_last_handover",
                                       string="Last hand-over")

    _sql_constraints = [
        ("order_point_unique", "unique(sale_order_id, warehouse_id)",
         "An order has one entitlement per pickup point."),
    ]

    @api.depends("code_ids.state", "handover_count")
    def _compute_state(self):
        rank = ["redeemed", "ready", "issued", "expired", "revoked", "draft"]
        for entitlement in self:
            states = set(entitlement.code_ids.mapped("state"))
            entitlement.state = next((s for s in rank if s in states), "draft")
            entitlement.is_partial = entitlement.state == "ready" \
                and entitlement.handover_count > 0

    @api.depends("handover_ids")
    def _compute_last_handover(self):
        for entitlement in self:
            entitlement.last_handover_id = entitlement.handover_ids.sorted(
                lambda h: (h.handover_date, h.id))[-1:]

    @api.depends("sale_order_id.name", "warehouse_id.code")
    def _compute_display_name(self):
        for entitlement in self:
            entitlement.display_name = "%s @ %s" % (entitlement.sale_order_id.name or "",
                                                    entitlement.warehouse_id.code or "")

    @api.model
    def _get_or_create(self, pairs):
        """The entitlements of ``pairs`` (order, point), created where missing, in bulk.

        :param list pairs: ``[(sale.order, stock.warehouse)]``
        :return: dict ``{(order_id, warehouse_id): pickup.entitlement}`` (sudo)
        """
        Entitlement = self.sudo()
        if not pairs:
            return {}
        self.env.cr.execute(SQL(
            "SELECT id, sale_order_id, warehouse_id FROM pickup_entitlement "
            "WHERE sale_order_id = ANY(%s)", list({order.id for order, _point in pairs}),
        ))
        found = {(order_id, point_id): Entitlement.browse(ent_id)
                 for ent_id, order_id, point_id in self.env.cr.fetchall()}
        missing = list(dict.fromkeys(
            (order, point) for order, point in pairs if (order.id, point.id) not in found))
        created = Entitlement.create([{
            "sale_order_id": order.id, "warehouse_id": point.id,
            "partner_id": order.partner_id.id, "company_id": order.company_id.id,
        } for order, point in missing])
        for (order, point), entitlement in zip(missing, created, strict=True):
            found[(order.id, point.id)] = entitlement
        return found

    def _claim(self, seen_count):
        """Claim the entitlement for one hand-over, atomically.

        :param int seen_count: ``handover_count`` when the scan was checked; a concurrent
            hand-over of any credential in between makes this claim fail
        :return: True when this call won the claim
        """
        self.ensure_one()
        self.flush_recordset(["state", "handover_count"])  # the state is a stored compute
        self.env.cr.execute(SQL(
            "UPDATE pickup_entitlement SET handover_count = coalesce(handover_count, 0) + 1 "
            "WHERE id = %s AND state = 'ready' AND coalesce(handover_count, 0) = %s "
            "RETURNING id",
            self.id, seen_count,
        ))
        won = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["handover_count"])
        self.modified(["handover_count"])  # raw SQL: recompute is_partial
        return won

    def _get_live_codes(self):
        """The credentials that still unlock this entitlement."""
        return self.code_ids.filtered(lambda c: c.state in ("issued", "ready"))

    def _describe_collection(self):
        """Who collected, when, where and with which staff: for ``already_redeemed``.

        :return: dict of strings (times in the pickup point's time zone)
        """
        self.ensure_one()
        handover = self.sudo().last_handover_id
        if not handover:
            return {}
        collector = dict(handover._fields["collected_by"]._description_selection(self.env)
                         ).get(handover.collected_by, "")
        if handover.collector_relation:
            relation = dict(handover._fields["collector_relation"]._description_selection(
                self.env)).get(handover.collector_relation, "")
            collector = self.env._("%(who)s, %(relation)s", who=collector, relation=relation)
        zone = handover.warehouse_id._get_pickup_tz() if handover.warehouse_id else "UTC"
        return {
            # At the point's clock, wherever the clerk or the API caller sits.
            "redeemed_at": local_time.format_local(handover.handover_date, zone),
            "redeemed_point": handover.warehouse_id.code or "",
            "redeemed_by": handover.user_id.name or "",
            "collected_by": collector,
            "collector_name": handover.collector_name or "",
        }
