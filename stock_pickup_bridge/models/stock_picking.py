from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    pickup_parcel_ref = fields.Char(
        "Parcel reference", index="btree_not_null", copy=False,
        help="Label or tracking number on the parcel, scanned at the pickup point.")
    pickup_arrival_date = fields.Datetime("Scanned in at", readonly=True, copy=False)
    pickup_arrived_by_id = fields.Many2one("res.users", string="Scanned in by", readonly=True,
                                           copy=False)
    pickup_point_id = fields.Many2one(
        "stock.warehouse", compute="_compute_pickup_point_id", store=True, index=True,
        string="Arrives at pickup point")
    # The shelf the clerk scanned for this parcel; empty: Odoo's putaway rules choose.
    pickup_shelf_id = fields.Many2one(
        "stock.location", string="Shelf", copy=False,
        domain="[('id', 'child_of', location_dest_id), ('id', '!=', location_dest_id), "
               "('usage', '=', 'internal')]",
        help="Shelf or bin at the pickup point where scan-in puts the parcels. Empty: the "
             "putaway rules of the point's stock location suggest one.")

    @api.constrains("pickup_shelf_id", "location_dest_id")
    def _check_pickup_shelf_id(self):
        for picking in self.filtered("pickup_shelf_id"):
            if not picking.pickup_shelf_id._child_of(picking.location_dest_id):
                raise ValidationError(self.env._(
                    "Shelf %(shelf)s is not inside %(location)s.",
                    shelf=picking.pickup_shelf_id.display_name,
                    location=picking.location_dest_id.display_name))

    @api.depends("location_dest_id", "location_id", "picking_type_id")
    def _compute_pickup_point_id(self):
        for picking in self:
            warehouse = picking.location_dest_id.warehouse_id
            inbound = picking.picking_type_code in ("incoming", "internal") \
                and warehouse.is_pickup_point \
                and picking.location_id.warehouse_id != warehouse
            picking.pickup_point_id = warehouse if inbound else False

    def _pickup_waiting_orders(self):
        """Sale orders whose goods travel in these transfers (through the move chain).

        Read as superuser: the caller may be any Inventory user, and the orders only lead to
        their codes, which the system acts upon.
        """
        moves = self.sudo().move_ids
        chain = moves | moves.move_dest_ids | moves.move_dest_ids.move_dest_ids
        origins = [name.strip() for origin in self.mapped("origin") if origin
                   for name in origin.split(",") if name.strip()]
        by_origin = self.env["sale.order"].sudo().search([("name", "in", origins)]) \
            if origins else self.env["sale.order"]
        return chain.sale_line_id.order_id | self.sudo().sale_id | by_origin

    def action_pickup_scan_in(self):
        """Goods arrived at the point: validate the inbound transfer and wake the codes.

        :return: the codes that became ready
        """
        self.ensure_one()
        if not self.pickup_point_id:
            raise UserError(self.env._("%(picking)s does not deliver to a pickup point.",
                              picking=self.name))
        if self.state == "done":
            raise UserError(self.env._("%(picking)s was already scanned in.", picking=self.name))
        if self.state in ("draft", "cancel"):
            raise UserError(self.env._("%(picking)s is not on its way (status %(state)s).",
                              picking=self.name, state=self.state))
        orders = self._pickup_waiting_orders()
        self._pickup_set_quantities()
        entitlements = self.env["pickup.entitlement"].sudo().search([
            ("sale_order_id", "in", orders.ids), ("warehouse_id", "=", self.pickup_point_id.id),
            ("state", "in", ("issued", "ready"))], order="id")
        self._pickup_pack_per_entitlement(entitlements)
        self._pickup_put_parcels_on_shelf()
        # Odoo would reserve the arrived goods for the oldest waiting moves of the product
        # (stock.move._trigger_assign); the parcel's own orders come first (see below).
        self._pickup_validate(self.env._(
            "%(picking)s needs manual action before it can be scanned in.",
            picking=self.name), pickup_scan_in=True)
        self.write({"pickup_arrival_date": fields.Datetime.now(),
                    "pickup_arrived_by_id": self.env.uid})
        linked = orders.pickup_code_ids.filtered(
            lambda c: c.warehouse_id == self.pickup_point_id and c.state == "issued")
        # Each of the parcel's own orders takes its goods from its own package first; what
        # is left (or stock tied to no order) serves whoever waits, in Odoo's own order.
        # Moves are reserved directly: another order's transfer still in draft (a drop-ship
        # whose purchase is not confirmed) never makes this scan-in fail.
        point_stock = self.pickup_point_id.lot_stock_id
        for entitlement in entitlements.filtered("package_id"):
            entitlement._pickup_point_moves(point_stock)._pickup_reserve_from_package(
                entitlement.package_id)
        linked._get_outgoing_pickings_all().move_ids.filtered(
            lambda m: m.state in ("confirmed", "waiting", "partially_available"))._action_assign()
        self.move_ids.filtered(lambda m: m.state == "done")._trigger_assign()
        ready = linked._goods_arrived(self)
        waiting = self.env["pickup.code"].sudo().search([
            ("warehouse_id", "=", self.pickup_point_id.id), ("state", "=", "issued"),
            ("parent_id", "=", False), ("id", "not in", ready.ids)], order="issue_date, id")
        return ready | waiting._sync_ready()

    def _pickup_pack_per_entitlement(self, entitlements):
        """Put what this inbound transfer brings for each entitlement into its parcel (a
        package named after the order); what nobody here is owed stays loose stock.

        Lines are split, not rewritten, so lots and expiry dates entered on receipt stay.
        Lines already packed upstream keep their package.

        :param entitlements: the parcel's own entitlements at this point, first served first
        """
        point_stock = self.pickup_point_id.lot_stock_id
        needs = {}  # (entitlement id, product id) -> quantity still to pack, product unit
        for entitlement in entitlements:
            for move in entitlement._pickup_point_moves(point_stock):
                key = (entitlement.id, move.product_id.id)
                needs[key] = needs.get(key, 0.0) + move._pickup_missing_qty()
        if not any(qty > 0 for qty in needs.values()):
            return
        for line in self.move_line_ids.filtered(lambda ml: not ml.result_package_id):
            product_uom = line.product_id.uom_id
            for entitlement in entitlements:
                key = (entitlement.id, line.product_id.id)
                want = product_uom._compute_quantity(needs.get(key, 0.0), line.product_uom_id)
                if float_compare(want, 0.0, precision_rounding=line.product_uom_id.rounding) <= 0:
                    continue
                package = entitlement._pickup_get_package()
                if float_compare(line.quantity, want,
                                 precision_rounding=line.product_uom_id.rounding) <= 0:
                    needs[key] -= line.product_uom_id._compute_quantity(line.quantity,
                                                                         product_uom)
                    line.result_package_id = package
                    break
                line.copy({"quantity": want, "result_package_id": package.id,
                           "move_id": line.move_id.id, "picked": True})
                line.quantity -= want
                needs[key] = 0.0

    def _pickup_put_parcels_on_shelf(self):
        """Send each parcel (a packed line) to a shelf of the point: the one the clerk scanned
        (``pickup_shelf_id``), else where the point's putaway rules put it (Odoo's own
        ``_apply_putaway_strategy``: by product, category or package type). The hand-over,
        the returns and the counts then find the goods there.
        """
        lines = self.move_line_ids.filtered(
            lambda ml: ml.result_package_id and ml.state not in ("done", "cancel"))
        if not lines:
            return
        if self.pickup_shelf_id:
            lines.location_dest_id = self.pickup_shelf_id
            lines.package_level_id.location_dest_id = self.pickup_shelf_id
        else:
            lines._apply_putaway_strategy()

    def _action_done(self):
        """Override of `pickup_code`: record "picked at the warehouse" on the timeline."""
        res = super()._action_done()
        upstream = self.filtered(lambda p: p.picking_type_code in ("outgoing", "internal")
                                 and not p.location_dest_id.warehouse_id.is_pickup_point
                                 and p.move_ids.move_dest_ids)
        orders = upstream._pickup_waiting_orders()
        codes = orders.pickup_code_ids.filtered(lambda c: c.state in ("issued", "ready"))
        if codes:
            self.env["pickup.event"]._log(codes, "picked", picking_id=upstream[:1].id)
        return res
