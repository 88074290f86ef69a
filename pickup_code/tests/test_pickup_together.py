"""Several of one buyer's ready orders in one hand-over (one scan, one confirmation)."""

import base64
import io

from PIL import Image

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .browser import decode_qr, need_decoder, open_page, save_screenshot
from .common import PickupCommon


@tagged("post_install", "-at_install")
class TestPickupTogether(PickupCommon):

    @staticmethod
    def _signature_png():
        buffer = io.BytesIO()
        Image.new("RGB", (60, 20), (255, 255, 255)).save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue()).decode()

    def _verify(self, text, user=None):
        """A verify at PTA and, as the counter does when ``together_count`` says so, the
        list of the person's other ready orders."""
        service = self._service(user) if user else self._service()
        check = service.verify(text, "PTA")
        if check["reason"] == "ok":
            offer = service.together(check["handle"], "PTA")["together"]
            self.assertLessEqual(len(offer), check["together_count"])
            check["together"] = offer if check["together_count"] else []
        return check

    def _ready(self, partner=None, lines=None, point=None):
        return self._code_of(self._create_order(partner=partner, lines=lines, point=point))

    def test_three_orders_in_one_hand_over(self):
        first, second, third = self._ready(), self._ready(), self._ready(lines=[(self.cake, 1)])
        elsewhere = self._ready(point=self.point_b)  # another point: not offered here
        other_buyer = self._ready(partner=self.buyer2)  # another buyer: never offered
        check = self._verify(self._short(first))
        self.assertEqual(check["reason"], "ok")
        self.assertEqual(check["together_count"], 2)  # not the other point's, nor buyer2's
        offered = {offer["code_id"]: offer for offer in check["together"]}
        self.assertEqual(set(offered), {second.id, third.id})
        self.assertNotIn(elsewhere.id, offered)
        self.assertNotIn(other_buyer.id, offered)
        self.assertEqual(offered[third.id]["lines"][0]["qty"], 1.0)
        result = self._service().redeem(
            self._short(first), "PTA", handle=check["handle"],
            together=[offer["handle"] for offer in check["together"]])
        self.assertEqual(result["reason"], "ok")
        self.assertEqual([r["reason"] for r in result["together"]], ["ok", "ok"])
        for code in (first, second, third):
            self.assertEqual(code.state, "redeemed")
            self.assertEqual(len(code.entitlement_id.handover_ids), 1)
            self.assertEqual(code.sale_order_id.picking_ids.mapped("state"), ["done"])
        self.assertEqual(elsewhere.state, "ready")
        # Each order's hand-over is its own attempt in the log.
        attempts = self.env["pickup.attempt"].search([
            ("code_id", "in", (first | second | third).ids), ("action", "=", "redeem")])
        self.assertEqual(len(attempts), 3)

    def test_the_strictest_order_sets_the_steps_asked_once(self):
        # A second person means a rotating QR (shown live, so handed over on its own); an
        # ID check and a signature are about the person and go together.
        self.high_value_rule.active = False
        self.env["pickup.policy.rule"].create({
            "name": "Mid value", "min_amount": 5000, "step_id_check": True,
            "step_signature": True})
        plain = self._ready()
        valuable = self._ready(lines=[(self.cooker, 1)])
        check = self._verify(self._short(plain))
        offer = check["together"][0]
        self.assertEqual(offer["code_id"], valuable.id)
        self.assertEqual(offer["steps"], ["id_check", "signature"])
        # Without the valuable order's steps the whole hand-over is refused, nothing moves.
        refused = self._service().redeem(self._short(plain), "PTA", handle=check["handle"],
                                         together=[offer["handle"]])
        self.assertEqual(refused["verdict"], "refused")
        self.assertEqual((plain.state, valuable.state), ("ready", "ready"))
        steps = {"id_check": {"doc_type": "national_id", "last4": "123A"},
                 "signature": self._signature_png()}
        done = self._service().redeem(self._short(plain), "PTA", handle=check["handle"],
                                      together=[offer["handle"]], steps=steps)
        self.assertEqual(done["reason"], "ok", done["message"])
        self.assertEqual(done["together"][0]["reason"], "ok")
        handover = valuable.entitlement_id.handover_ids
        self.assertEqual(handover.id_doc_type, "national_id")
        self.assertTrue(handover.signature)
        self.assertEqual(handover.steps_done, "id_check,signature")

    def test_an_order_needing_its_own_item_scan_is_not_offered(self):
        plain = self._ready()
        self._ready(lines=[(self.cooker, 1)])  # item scan: handed over on its own
        self.assertEqual(self._verify(self._short(plain))["together"], [])

    def test_an_order_collected_meanwhile_is_handed_over_once(self):
        first = self._ready()
        second = self._ready()
        with self.mockSMSGateway(sms_allow_unlink=True):
            delegate = second._create_delegate("Aunt May", "0955111222", "family")
        check = self._verify(self._short(first))
        # The delegate collects the second order between the scan and the confirmation.
        self.assertEqual(self._service(self.counter_a).redeem(
            self._short(delegate), "PTA", station="counter-2")["reason"], "ok")
        result = self._service().redeem(self._short(first), "PTA", handle=check["handle"],
                                        together=[o["handle"] for o in check["together"]])
        self.assertEqual(result["reason"], "ok")
        self.assertEqual(result["together"][0]["reason"], "already_redeemed")
        self.assertEqual(len(second.entitlement_id.handover_ids), 1)
        self.assertEqual(first.state, "redeemed")

    def test_a_colleague_or_a_rotating_order_is_not_offered(self):
        """A company's contacts are separate people (their own ID on file); an order with a
        live QR must be shown live."""
        company = self.env["res.partner"].create({"name": "Acme", "is_company": True})
        self.buyer.parent_id = company
        colleague = self.env["res.partner"].create({
            "name": "Bob Office", "parent_id": company.id, "mobile": "0933444555"})
        mine = self._ready()
        self._ready(partner=colleague)
        self.assertEqual(self._verify(self._short(mine))["together"], [])
        rotating = self._ready()
        rotating.sudo().rotating = True
        self.assertEqual(self._verify(self._short(mine))["together"], [])

    def test_a_delegate_sees_only_what_they_were_given(self):
        first, second, third = self._ready(), self._ready(), self._ready()
        with self.mockSMSGateway(sms_allow_unlink=True):
            for_first = first._create_delegate("Aunt May", "0955111222", "family")
            for_second = second._create_delegate("Aunt May", "0955111222", "family")
            third._create_delegate("Uncle Bob", "0966333444", "family")
        offered = self._verify(self._short(for_first))["together"]
        self.assertEqual([o["code_id"] for o in offered], [for_second.id])

    def test_foreign_or_forged_handles_hand_over_nothing_more(self):
        first, second = self._ready(), self._ready()
        foreign = self._ready(partner=self.buyer2)
        foreign_handle = self._verify(self._short(foreign))["handle"]
        check = self._verify(self._short(first))
        other_user = self._verify(self._short(second), self.supervisor)
        result = self._service().redeem(
            self._short(first), "PTA", handle=check["handle"],
            together=["garbage", other_user["handle"], check["handle"], foreign_handle])
        self.assertEqual(result["reason"], "ok")
        # The other buyer's handle is this clerk's and still valid, yet another person's
        # order never joins this buyer's hand-over; another user's handle is not this one's.
        self.assertEqual(second.state, "ready")
        self.assertEqual(foreign.state, "ready")
        self.assertEqual(result.get("together", []), [])

    def test_the_list_needs_this_users_verify_at_this_point(self):
        """Nothing is listed without a handle of this user's own verify at this point."""
        first, second = self._ready(), self._ready()
        check = self._service().verify(self._short(first), "PTA")
        self.assertEqual(check["together_count"], 1)
        self.assertNotIn("together", check)  # a verify is one lookup: the list is asked
        service = self._service()
        self.assertEqual(service.together("garbage", "PTA"), {"together": [], "steps": []})
        self.assertEqual(self._service(self.supervisor).together(check["handle"], "PTA"),
                         {"together": [], "steps": []})
        self.assertEqual([o["code_id"] for o in service.together(check["handle"], "PTA")[
            "together"]], [second.id])
        with self.assertRaises(AccessError):
            self._service(self.counter_b).together(check["handle"], "PTA")

    def test_one_qr_per_point_opens_all_the_buyers_orders(self):
        """The portal list shows one QR per point with two or more ready orders; decoded from
        a phone-width screenshot, it verifies at the counter with the others offered."""
        need_decoder(self)
        new_test_user(self.env, "pk_together", groups="base.group_portal",
                      partner_id=self.buyer.id)
        first, second = self._ready(), self._ready()
        self._ready(point=self.point_b)  # alone at its point: no bundle there
        with open_page(self, "/my/pickups", login="pk_together") as page:
            bundles = page.eval("[...document.querySelectorAll('.pickup-bundle')]"
                                ".map(e => e.dataset.point)")
            self.assertEqual(bundles, ["PTA"])
            png = page.screenshot(full_page=True)
            save_screenshot(__file__, "portal_pickups_bundle.png", png)
        texts = decode_qr(png)
        self.assertEqual(len(texts), 1)
        check = self._verify(texts[0])
        self.assertEqual(check["reason"], "ok")
        self.assertEqual({check["code_id"]} | {o["code_id"] for o in check["together"]},
                         {first.id, second.id})
