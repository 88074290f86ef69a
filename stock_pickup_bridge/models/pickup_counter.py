from odoo import api, models
from odoo.exceptions import AccessError, UserError


class PickupCounter(models.AbstractModel):
    """Server side of the counter screen: what the screen needs to draw itself."""

    _name = "pickup.counter"
    _description = "Pickup counter screen"

    @api.model
    def get_counter_context(self):
        """:return: the user's points, ID document types and step labels for the screen,
            and ``passkey_approval``: whether the second person may approve with a passkey
            (``pickup_passkey`` turns it on)

        :raises AccessError: for users outside the Counter Staff group
        """
        user = self.env.user
        if not user.has_group("pickup_code.group_pickup_counter"):
            raise AccessError(self.env._("The pickup counter is for counter staff."))
        if user.has_group("pickup_code.group_pickup_manager"):
            points = self.env["stock.warehouse"].search(
                [("is_pickup_point", "=", True), ("company_id", "in", self.env.companies.ids)])
        else:
            points = user.sudo().pickup_warehouse_ids.filtered("is_pickup_point")
        # The labels of the hand-over's selections, in the clerk's language (the constants
        # they are made from are English).
        handover = self.env["pickup.handover"]
        doc_types = handover._fields["id_doc_type"]._description_selection(self.env)
        relations = handover._fields["collector_relation"]._description_selection(self.env)
        return {
            "points": [{"id": p.id, "code": p.code, "name": p.name} for p in points],
            "doc_types": [{"value": k, "label": label} for k, label in doc_types],
            "relations": [{"value": k, "label": label} for k, label in relations],
            "steps": {
                "id_check": self.env._("ID check"), "otp": self.env._("One-time password"),
                "signature": self.env._("Signature"), "photo": self.env._("Photo"),
                "approval": self.env._("Second person"), "item_scan": self.env._("Scan the items"),
            },
            "station": "counter-%s" % user.id,
            "passkey_approval": False,
        }

    @api.model
    def _check_counter_staff(self):
        if not self.env.user.has_group("pickup_code.group_pickup_counter"):
            raise AccessError(self.env._("The pickup counter is for counter staff."))

    @api.model
    def scan_in(self, reference, point, shelf=None):
        """Arrival scan-in: a parcel or inbound transfer reached ``point``.

        :param str reference: transfer reference, its origin or the carrier tracking number
        :param str shelf: the barcode or name of the shelf (a location inside the point's
            stock) the clerk puts the parcels on; empty: the putaway rules choose
        :return: ``{"picking", "ready": [code refs], "waiting": [code refs], "shelf"}``
            (``shelf``: the scanned shelf's name, '' when the putaway rules chose)
        :raises UserError: for a shelf that is not inside the point's stock location
        :raises AccessError: for users outside the Counter Staff group (a drop-ship vendor's
            API user serves its points for verify/redeem only)
        """
        self._check_counter_staff()
        warehouse = self.env["pickup.service"]._check_point_access(point)
        reference = str(reference or "").strip()[:128]
        if not reference:
            raise UserError(self.env._("Scan or type the transfer or tracking number."))
        Picking = self.env["stock.picking"].sudo()
        picking = Picking.search([
            ("pickup_point_id", "=", warehouse.id), ("state", "not in", ("cancel", "draft")),
            "|", "|", ("name", "=", reference), ("origin", "=", reference),
            ("pickup_parcel_ref", "=", reference),
        ], limit=1, order="state desc, id desc")
        if not picking:
            raise UserError(self.env._("No parcel %(ref)s is on its way to %(point)s.",
                              ref=reference, point=warehouse.code))
        if shelf:
            picking.pickup_shelf_id = self._find_shelf(warehouse, shelf)
        ready = picking.with_user(self.env.user).sudo().action_pickup_scan_in()
        codes = picking._pickup_waiting_orders().pickup_code_ids.filtered(
            lambda c: c.warehouse_id == warehouse and c.state == "issued")
        return {"picking": picking.name, "ready": ready.mapped("name"),
                "waiting": codes.mapped("name"), "shelf": picking.pickup_shelf_id.name or ""}

    @api.model
    def _find_shelf(self, warehouse, shelf):
        """The shelf named or labelled ``shelf`` inside ``warehouse``'s stock location."""
        shelf = str(shelf).strip()[:128]
        location = self.env["stock.location"].sudo().search([
            ("id", "child_of", warehouse.lot_stock_id.id),
            ("id", "!=", warehouse.lot_stock_id.id), ("usage", "=", "internal"),
            "|", ("barcode", "=", shelf), ("name", "=", shelf),
        ], limit=1, order="id")
        if not location:
            raise UserError(self.env._("No shelf %(shelf)s at %(point)s.",
                                       shelf=shelf, point=warehouse.code))
        return location

    @api.model
    def send_otp(self, code_id, point):
        """Send the buyer a one-time password for the code being handed over at ``point``."""
        self._check_counter_staff()
        warehouse = self.env["pickup.service"]._check_point_access(point)
        code = self.env["pickup.code"].sudo().browse(int(code_id)).exists()
        if not code or code.warehouse_id != warehouse:
            raise AccessError(self.env._("This code is not handed over at %(point)s.",
                                point=warehouse.code))
        return code.action_send_otp()
