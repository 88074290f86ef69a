import json

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError  # AccessError is a UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.pickup_code.tests.common import PickupCommon

# The vendor API user's row of the access matrix (see pickup_code's test_pickup_access_matrix):
# no direct right on any pickup, drop-ship, sale, purchase or stock record. It works only
# through pickup.service verify/redeem (and the same routes of the JSON API), which sudo
# exactly the lookup they need and scope it to its own vendor's orders at its points.
VENDOR_NO_ACCESS = [
    "pickup.code", "pickup.attempt", "pickup.attempt.chain", "pickup.handover",
    "pickup.handover.line", "pickup.anomaly", "pickup.dispute", "pickup.policy.rule",
    "pickup.event", "pickup.idempotency", "dropship.connector", "dropship.job",
    "dropship.event", "dropship.settlement.report", "sale.order", "purchase.order",
    "stock.picking", "sms.sms", "mail.mail",
]
# Read by every internal user in Odoo (API keys need an internal user), taken back from the
# vendor group by record rules: it sees its own contact and user, its companies, nothing else.
VENDOR_HIDDEN = ["res.partner", "res.users", "product.template", "product.product",
                 "product.supplierinfo", "product.pricelist.item", "stock.quant",
                 "stock.move.line"]
OPERATIONS = ("read", "write", "create", "unlink")


@tagged("post_install", "-at_install")
class TestDropshipVendorAccess(PickupCommon):
    """What a drop-ship vendor's API user may do: its own vendor's orders at its points only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        route = cls.env.ref("stock_dropshipping.route_drop_shipping")
        cls.vendors = {}
        for key, name, points in (("farm", "Green Farm", cls.point_a),
                                  ("sea", "Blue Sea", cls.point_a | cls.point_b)):
            partner = cls.env["res.partner"].create({"name": name})
            user = new_test_user(cls.env, "vendor_%s" % key,
                                 groups="dropship_connectors.group_dropship_vendor")
            connector = cls.env["dropship.connector"].create({
                "name": name, "partner_id": partner.id, "base_url": "http://127.0.0.1:9",
                "warehouse_ids": [Command.set(points.ids)], "vendor_user_ids": user.ids,
            })
            product = cls.env["product.product"].create({
                "name": "%s box" % name, "is_storable": True, "list_price": 450,
                "default_code": "VA-%s" % key.upper(), "route_ids": [Command.set(route.ids)],
                "seller_ids": [Command.create({"partner_id": partner.id, "price": 200})],
            })
            cls.vendors[key] = {"user": user, "connector": connector, "product": product}
        cls.farm_user = cls.vendors["farm"]["user"]

    def _arrived_order(self, vendor, point=None):
        """A drop-shipped order of ``vendor`` whose goods the vendor reported arrived."""
        point = point or self.point_a
        order = self._create_order(lines=[(self.vendors[vendor]["product"], 1)], point=point)
        purchase = order._get_purchase_orders()
        purchase.button_confirm()
        with self.mockSMSGateway(sms_allow_unlink=True):
            purchase._dropship_apply_event(None, {"event": "arrived", "point_code": point.code})
        code = self._code_of(order)
        self.assertEqual(code.state, "ready")
        return code, purchase

    def test_vendor_has_no_direct_right_on_any_record(self):
        for model in VENDOR_NO_ACCESS:
            for operation in OPERATIONS:
                with self.subTest(model=model, operation=operation):
                    self.assertFalse(
                        self.env[model].with_user(self.farm_user).has_access(operation))

    def test_vendor_redeems_its_own_order_at_its_point(self):
        code, _purchase = self._arrived_order("farm")
        service = self.env["pickup.service"].with_user(self.farm_user)
        self.assertEqual(service.verify(self._short(code), "PTA")["reason"], "ok")
        result = service.redeem(self._short(code), "PTA", station="farm-counter")
        self.assertEqual((result["reason"], result["picking_state"]), ("ok", "done"))
        self.assertEqual(code.redeemed_by_id, self.farm_user)
        self.assertEqual(service.redeem(self._short(code), "PTA")["reason"], "already_redeemed")

    def test_other_vendors_and_sellers_codes_are_unknown_to_the_vendor(self):
        sea_code, _purchase = self._arrived_order("sea")
        own_stock_code = self._code_of(self._create_order())  # the seller's own goods
        service = self.env["pickup.service"].with_user(self.farm_user)
        for code in (sea_code, own_stock_code):
            for call in (service.verify, service.redeem):
                with self.subTest(code=code.name, call=call.__name__):
                    self.assertEqual(call(self._short(code), "PTA")["reason"], "unknown")
                    self.assertEqual(call(self._qr(code), "PTA")["reason"], "unknown")
            self.assertEqual(code.state, "ready", "nothing consumed")

    def test_vendor_is_refused_at_points_it_does_not_serve(self):
        code, _purchase = self._arrived_order("sea", point=self.point_b)
        service = self.env["pickup.service"].with_user(self.farm_user)
        with self.assertRaises(AccessError):
            service.verify(self._short(code), "PTB")
        with self.assertRaises(AccessError):
            service.redeem(self._short(code), "PTB")
        # Its partner vendor serves PTB and may.
        sea = self.env["pickup.service"].with_user(self.vendors["sea"]["user"])
        self.assertEqual(sea.verify(self._short(code), "PTB")["reason"], "ok")

    def test_vendor_reads_neither_codes_nor_the_attempt_log(self):
        code, purchase = self._arrived_order("farm")
        self.env["pickup.service"].with_user(self.farm_user).verify(self._short(code), "PTA")
        for records in (code, code.attempt_ids, purchase, purchase.dropship_job_ids,
                        self.vendors["farm"]["connector"]):
            with self.subTest(model=records._name), self.assertRaises(AccessError):
                records.with_user(self.farm_user).read(["display_name"])
        with self.assertRaises(AccessError):
            self.env["pickup.attempt"].with_user(self.farm_user).search([])

    def test_vendor_cannot_call_staff_actions_or_browse_buyers(self):
        code, purchase = self._arrived_order("farm")
        other = self._code_of(self._create_order())
        as_vendor = other.with_user(self.farm_user)
        actions = {
            "action_resend": as_vendor.action_resend,
            "action_regenerate": as_vendor.action_regenerate,
            "action_revoke": lambda: as_vendor.action_revoke("vendor"),
            "action_unlock": as_vendor.action_unlock,
            "action_send_otp": as_vendor.action_send_otp,
            "job action_retry": purchase.dropship_job_ids.with_user(self.farm_user).action_retry,
            "lookup": lambda: self.env["pickup.service"].with_user(self.farm_user).lookup(
                "Buyer", "PTA"),
        }
        if "pickup.counter" in self.env:  # stock_pickup_bridge installed
            counter = self.env["pickup.counter"].with_user(self.farm_user)
            actions["counter send_otp"] = lambda: counter.send_otp(other.id, "PTA")
            actions["counter scan_in"] = lambda: counter.scan_in(purchase.name, "PTA")
        with self.mockSMSGateway(sms_allow_unlink=True):
            for name, action in actions.items():
                # As in an RPC request: nothing cached from the records' creation as admin.
                self.env.invalidate_all()
                with self.subTest(action=name), self.assertRaises(UserError):
                    action()
        self.assertEqual((other.state, other.failed_check_count), ("ready", 0))
        self.assertFalse(self._sms, "no message went to any buyer")

    def test_vendor_sees_no_buyer_product_or_stock(self):
        code, purchase = self._arrived_order("farm")
        self.env["product.pricelist"].create({"name": "Members", "item_ids": [Command.create({
            "compute_price": "percentage", "percent_price": 10})]})
        self.env.invalidate_all()
        own = self.farm_user.partner_id | self.farm_user.company_ids.partner_id
        for model in VENDOR_HIDDEN:
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.farm_user)
                self.assertTrue(self.env[model].search_count([]), "there is something to hide")
                visible = Model.search([])
                if model == "res.partner":
                    self.assertEqual(visible, own)
                elif model == "res.users":
                    self.assertEqual(visible, self.farm_user)
                else:
                    self.assertFalse(visible)
        for records in (code.partner_id, purchase.partner_id, self.vendors["farm"]["product"],
                        self.vendors["sea"]["user"]):
            with self.subTest(record=records._name), self.assertRaises(AccessError):
                records.with_user(self.farm_user).read(["display_name"])
        # Still its own counter: the hidden records are read by the service, not by the vendor.
        result = self.env["pickup.service"].with_user(self.farm_user).redeem(
            self._short(code), "PTA", station="farm-counter")
        self.assertEqual((result["reason"], result["picking_state"]), ("ok", "done"))

    def test_vendor_api_key_routes(self):
        code, _purchase = self._arrived_order("farm")
        other, _other_purchase = self._arrived_order("sea")
        key = self.env["res.users.apikeys"].with_user(self.farm_user)._generate(
            None, "farm counter", fields.Datetime.add(fields.Datetime.now(), days=1))
        self.env.flush_all()

        def post(path, body):
            return self.url_open("/pickup/api/v1" + path, data=json.dumps(body), headers={
                "Authorization": "Bearer %s" % key, "Content-Type": "application/json"})

        answers = {
            "own code": post("/redeem", {"code": self._short(code), "point": "PTA"}),
            "other vendor": post("/verify", {"code": self._short(other), "point": "PTA"}),
            "point not served": post("/verify", {"code": self._short(other), "point": "PTB"}),
        }
        self.env.invalidate_all()
        self.assertEqual(answers["own code"].json()["reason"], "ok")
        self.assertEqual(answers["other vendor"].json()["reason"], "unknown")
        self.assertEqual(answers["point not served"].status_code, 403)
        self.assertEqual((code.state, other.state), ("redeemed", "ready"))
        # The same key over JSON-RPC (external API): the service answers, the log refuses.
        def rpc(model, method, args):
            reply = self.url_open("/jsonrpc", data=json.dumps({
                "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                    "service": "object", "method": "execute_kw",
                    "args": [self.env.cr.dbname, self.farm_user.id, key, model, method, args]}}),
                headers={"Content-Type": "application/json"}).json()
            return reply.get("result"), reply.get("error", {}).get("data", {}).get("name")

        self.assertEqual(rpc("pickup.service", "verify", [self._short(other), "PTA"])[0]["reason"],
                         "unknown")
        for model in ("pickup.attempt", "pickup.code", "dropship.connector"):
            with self.subTest(model=model):
                self.assertEqual(rpc(model, "search_read", [[]])[1],
                                 "odoo.exceptions.AccessError")
        buyers = rpc("res.partner", "search_read", [[("id", "=", code.partner_id.id)]])[0]
        self.assertEqual(buyers, [], "a buyer's contact is out of the vendor's reach")
        self.assertEqual(rpc("product.product", "search_count", [[]])[0], 0)
        self.assertEqual(rpc("pickup.service", "lookup", ["Buyer", "PTA"])[1],
                         "odoo.exceptions.AccessError")
        for method in ("action_resend", "action_regenerate", "action_mark_ready"):
            with self.subTest(method=method):
                self.assertEqual(rpc("pickup.code", method, [[other.id]])[1],
                                 "odoo.exceptions.AccessError")
        self.env.invalidate_all()
        self.assertEqual(other.state, "ready")
