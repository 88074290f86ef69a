import json

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import PickupCommon

API = "/pickup/api/v1"


@tagged("post_install", "-at_install")
class TestPickupHttp(PickupCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "pk_portal1", groups="base.group_portal",
                                        partner_id=cls.buyer.id)
        cls.portal_user2 = new_test_user(cls.env, "pk_portal2", groups="base.group_portal",
                                         partner_id=cls.buyer2.id)
        cls.api_key = cls.env["res.users.apikeys"].with_user(cls.counter_a).sudo(False) \
            ._generate(None, "counter A scanner",
                       fields.Datetime.add(fields.Datetime.now(), days=1))

    def _post(self, path, payload, key=None, headers=None, raw=None):
        all_headers = {"Content-Type": "application/json"}
        if key is not False:
            all_headers["Authorization"] = "Bearer %s" % (key or self.api_key)
        all_headers.update(headers or {})
        data = raw if raw is not None else json.dumps(payload)
        return self.url_open(API + path, data=data, headers=all_headers)

    def test_portal_shows_own_code_with_hooks_and_hides_others(self):
        code = self._code_of(self._create_order())
        self.authenticate("pk_portal1", "pk_portal1")
        page = self.url_open("/my/pickups/%s" % code.id)
        self.assertEqual(page.status_code, 200)
        short = code._get_credentials().short_code
        self.assertIn('data-pickup-short-code="%s-%s-%s"' % (short[:4], short[4:8], short[8]),
                      page.text)
        self.assertIn('data-pickup-qr="%s"' % self._qr(code), page.text)
        listing = self.url_open("/my/pickups")
        self.assertIn(code.sale_order_id.name, listing.text)
        self.authenticate("pk_portal2", "pk_portal2")
        other = self.url_open("/my/pickups/%s" % code.id, allow_redirects=False)
        self.assertIn(other.status_code, (302, 303))
        self.assertNotIn(self._qr(code), self.url_open("/my/pickups").text)

    def test_portal_timeline_shows_positions_and_temperatures(self):
        code = self._code_of(self._create_order())
        Event = self.env["pickup.event"]
        Event._log(code, "in_transit", note="internal carrier note",
                   **Event._reading_values({"lat": 25.0478, "lon": 121.517}, 3.5))
        self.authenticate("pk_portal1", "pk_portal1")
        page = self.url_open("/my/pickups/%s" % code.id).text
        self.assertIn("https://www.openstreetmap.org/?mlat=25.047800&amp;mlon=121.517000", page)
        self.assertIn("3.5 °C", page)
        self.assertNotIn("internal carrier note", page, "notes stay internal")

    def test_api_verify_and_redeem_with_idempotency(self):
        code = self._code_of(self._create_order())
        body = {"code": self._short(code), "point": "PTA"}
        verify = self._post("/verify", body)
        self.assertEqual(verify.status_code, 200)
        self.assertEqual(verify.json()["verdict"], "ok")
        self.assertEqual(verify.json()["order"], code.sale_order_id.name)
        first = self._post("/redeem", body, headers={"Idempotency-Key": "k-1"})
        self.assertEqual(first.json()["verdict"], "ok")
        self.assertEqual(first.json()["picking_state"], "done")
        retry = self._post("/redeem", body, headers={"Idempotency-Key": "k-1"})
        self.assertEqual(retry.json(), first.json(), "a retry returns the first answer")
        self.assertEqual(len(code.handover_ids), 1)
        redeem_attempts = code.attempt_ids.filtered(lambda a: a.action == "redeem")
        self.assertEqual(len(redeem_attempts), 1, "the retry did nothing twice")
        other_body = self._post("/redeem", dict(body, point="PTB"),
                                headers={"Idempotency-Key": "k-1"})
        self.assertEqual(other_body.status_code, 422)
        again = self._post("/redeem", body)
        self.assertEqual(again.json()["reason"], "already_redeemed")

    def test_api_refuses_bad_requests(self):
        body = {"code": "ABCD", "point": "PTA"}
        self.assertEqual(self._post("/verify", body, key=False).status_code, 401)
        self.assertEqual(self._post("/verify", body, key="not-a-key").status_code, 401)
        self.assertEqual(self._post("/verify", None, raw="{not json").status_code, 400)
        self.assertEqual(self._post("/verify", None, raw=b"\xff\xfe\x00").status_code, 400)
        self.assertEqual(self._post("/verify", {"code": 5, "point": "PTA"}).status_code, 400)
        self.assertEqual(self._post("/verify", {"code": "x" * 70000, "point": "PTA"})
                         .status_code, 413)
        self.assertEqual(self._post("/verify", {"code": "ABCD", "point": "PTB"}).status_code,
                         403, "counter A is not assigned to PTB")
        refused = self._post("/verify", body)
        self.assertEqual((refused.status_code, refused.json()["reason"]), (200, "malformed"))

    def test_openapi_document(self):
        spec = self.url_open(API + "/openapi.json").json()
        self.assertEqual(spec["openapi"], "3.1.0")
        self.assertIn("/redeem", spec["paths"])
        reasons = spec["components"]["schemas"]["Verdict"]["properties"]["reason"]["enum"]
        self.assertIn("already_redeemed", reasons)
