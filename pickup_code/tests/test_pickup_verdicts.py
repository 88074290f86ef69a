import base64
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..core import credential, qr_image, totp
from .common import SUPERVISOR_PIN, PickupCommon

SIGNATURE = base64.b64encode(qr_image.qr_png("signature")).decode()


@tagged("post_install", "-at_install")
class TestPickupVerdicts(PickupCommon):

    def _cooker_code(self):
        return self._code_of(self._create_order(lines=[(self.cooker, 1)]))

    def _full_steps(self, login="pk_supervisor", password="pk_supervisor_pw",
                    pin=SUPERVISOR_PIN):
        return {"id_check": {"doc_type": "national_id", "last4": "123a"},
                "approval": {"method": "password_pin", "login": login, "password": password,
                             "pin": pin},
                "signature": SIGNATURE}

    def test_ok_redeem_validates_the_transfer_and_logs(self):
        code = self._code_of(self._create_order())
        verify = self._service().verify(self._qr(code), "PTA", station="s1")
        self.assertEqual((verify["verdict"], verify["reason"], verify["colour"]),
                         ("ok", "ok", "green"))
        self.assertEqual(code.state, "ready", "verify consumes nothing")
        result = self._service().redeem(self._short(code), "PTA", station="s1")
        self.assertEqual(result["reason"], "ok")
        self.assertEqual(result["picking_state"], "done")
        self.assertEqual(code.state, "redeemed")
        self.assertEqual(code.redeemed_by_id, self.counter_a)
        self.assertEqual(code.handover_ids.line_ids.quantity, 2)
        self.assertEqual(code.attempt_ids.mapped("reason"), ["ok", "ok"])

    def test_already_redeemed_names_who_when_where(self):
        code = self._code_of(self._create_order())
        self._service().redeem(self._short(code), "PTA")
        again = self._service(self.supervisor).redeem(self._short(code), "PTA")
        self.assertEqual(again["reason"], "already_redeemed")
        self.assertEqual(again["details"]["redeemed_by"], self.counter_a.name)
        self.assertEqual(again["details"]["redeemed_point"], "PTA")
        self.assertEqual(code.handover_ids.picking_id.state, "done")
        self.assertEqual(len(code.handover_ids), 1)

    def test_malformed_and_unknown(self):
        self.assertEqual(self._service().verify("hello world", "PTA")["reason"], "malformed")
        typo = credential.new_short_code()
        wrong_check = typo[:8] + ("0" if typo[8] != "0" else "1")
        self.assertEqual(self._service().verify(wrong_check, "PTA")["reason"], "malformed")
        self.assertEqual(self._service().verify(credential.new_short_code(), "PTA")["reason"],
                         "unknown")
        self.assertEqual(self._service().verify(credential.new_qr_secret(), "PTA")["reason"],
                         "unknown")

    def test_signed_token_is_checked_offline_and_online(self):
        code = self._code_of(self._create_order())
        token = code._get_signed_token()
        self.assertEqual(self._service().verify(token, "PTA")["reason"], "ok")
        forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        self.assertIn(self._service().verify(forged, "PTA")["reason"], ("unknown", "malformed"))

    def test_wrong_point_names_the_right_one(self):
        code = self._code_of(self._create_order(point=self.point_b))
        result = self._service(self.supervisor).verify(self._short(code), "PTA")
        self.assertEqual(result["reason"], "wrong_pickup_point")
        self.assertIn("PTB", result["details"]["right_point"])

    def test_not_ready_until_goods_arrive(self):
        empty = self.env["stock.warehouse"].create({
            "name": "Empty point", "code": "PTE", "is_pickup_point": True})
        self.counter_a.pickup_warehouse_ids |= empty
        code = self._code_of(self._create_order(point=empty))
        self.assertEqual(code.state, "issued")
        self.assertEqual(self._service().verify(self._short(code), "PTE")["reason"], "not_ready")

    def test_revoked(self):
        code = self._code_of(self._create_order())
        code.action_revoke("Fraud suspected")
        result = self._service().verify(self._short(code), "PTA")
        self.assertEqual(result["reason"], "revoked")
        self.assertIn("Fraud suspected", result["message"])

    def test_expired_by_date_even_before_the_cron(self):
        code = self._code_of(self._create_order())
        code.sudo().expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        self.assertEqual(self._service().verify(self._short(code), "PTA")["reason"], "expired")
        self.assertTrue(self.env["pickup.anomaly"].search(
            [("code_id", "=", code.id), ("anomaly_type", "=", "expired_attempt")]))

    def test_high_value_steps_in_order(self):
        code = self._cooker_code()
        short = self._short(code)
        service = self._service()
        lines = [{"barcode": "PCK-COOK", "qty": 1}]
        self.assertEqual(service.redeem(short, "PTA")["reason"], "id_required")
        steps = {"id_check": {"doc_type": "national_id", "last4": "999Z"}}
        self.assertEqual(service.redeem(short, "PTA", steps=steps)["reason"], "id_mismatch")
        steps = self._full_steps()
        del steps["approval"]
        self.assertEqual(service.redeem(short, "PTA", steps=steps, lines=lines)["reason"],
                         "approval_required")
        steps = self._full_steps(password="wrong")
        self.assertEqual(service.redeem(short, "PTA", steps=steps, lines=lines)["reason"],
                         "approval_refused")
        steps = self._full_steps()
        self.assertEqual(service.redeem(short, "PTA", steps=steps)["reason"], "items_incomplete")
        wrong_item = [{"barcode": "PCK-CAKE", "qty": 1}]
        refused = service.redeem(short, "PTA", steps=steps, lines=wrong_item)
        self.assertEqual(refused["reason"], "items_incomplete")
        self.assertEqual(refused["details"]["wrong_product"], "Cake box")
        steps["signature"] = base64.b64encode(b"not an image").decode()
        self.assertEqual(service.redeem(short, "PTA", steps=steps, lines=lines)["reason"],
                         "signature_required", "an unreadable signature is no signature")
        del steps["signature"]
        self.assertEqual(service.redeem(short, "PTA", steps=steps, lines=lines)["reason"],
                         "signature_required")
        self.assertEqual(code.state, "ready", "refusals consume nothing")
        ok = service.redeem(short, "PTA", steps=self._full_steps(), lines=lines)
        self.assertEqual(ok["reason"], "ok")
        handover = code.handover_ids
        self.assertEqual(handover.approver_id, self.supervisor)
        self.assertEqual(handover.approval_method, "password_pin")
        self.assertEqual(handover.id_doc_type, "national_id")

    def test_approver_cannot_be_the_counter_user(self):
        code = self._cooker_code()
        result = self._service(self.supervisor).redeem(
            self._short(code), "PTA", steps=self._full_steps(),
            lines=[{"barcode": "PCK-COOK", "qty": 1}])
        self.assertEqual(result["reason"], "approval_refused")

    def test_otp_and_photo_steps(self):
        self.env["pickup.policy.rule"].create({
            "name": "Everything small too", "step_otp": True, "step_photo": True})
        code = self._code_of(self._create_order())
        short = self._short(code)
        service = self._service()
        self.assertEqual(service.redeem(short, "PTA")["reason"], "otp_required")
        with self.mockSMSGateway(sms_allow_unlink=True):
            code.action_send_otp()
        otp = [s["body"] for s in self._sms if s["number"] == "+886912345678"][-1]
        otp = re.search(r"\b(\d{6})\b", otp).group(1)
        self.assertEqual(service.redeem(short, "PTA", steps={"otp": "000000" if otp != "000000"
                                                             else "111111"})["reason"],
                         "otp_mismatch")
        self.assertEqual(service.redeem(short, "PTA", steps={"otp": otp})["reason"],
                         "photo_required")

    def test_lockout_after_five_failed_checks_then_unlock(self):
        code = self._cooker_code()
        short = self._short(code)
        bad = {"id_check": {"doc_type": "national_id", "last4": "000Z"}}
        reasons = [self._service().redeem(short, "PTA", steps=bad)["reason"] for _i in range(5)]
        self.assertEqual(reasons, ["id_mismatch"] * 4 + ["locked"])
        self.assertEqual(self._service().verify(short, "PTA")["reason"], "locked")
        self.assertTrue(self.env["pickup.anomaly"].search(
            [("code_id", "=", code.id), ("anomaly_type", "=", "lockout")]))
        code.with_user(self.supervisor).action_unlock()
        self.assertEqual(self._service().verify(short, "PTA")["reason"], "ok")

    def test_rate_limit_trips_at_the_configured_number(self):
        self.company.pickup_rate_limit = 20
        service = self._service()
        reasons = [service.verify(credential.new_short_code(), "PTA", station="brute")["reason"]
                   for _i in range(21)]
        self.assertEqual(reasons[:20], ["unknown"] * 20)
        self.assertEqual(reasons[20], "rate_limited")
        code = self._code_of(self._create_order())
        self.assertEqual(service.verify(self._short(code), "PTA", station="brute")["reason"],
                         "rate_limited", "a limited station is refused even for good codes")
        self.assertEqual(service.verify(self._short(code), "PTA", station="other")["reason"],
                         "rate_limited", "the station is a label: the user is limited too")
        self.assertEqual(self._service(self.supervisor).verify(
            self._short(code), "PTA", station="other")["reason"],
            "ok", "another clerk at the point is not affected")
        self.assertTrue(self.env["pickup.anomaly"].search(
            [("station", "=", "brute"), ("anomaly_type", "=", "rate_limited")]))

    def test_partial_handover_creates_backorder(self):
        code = self._code_of(self._create_order(lines=[(self.cake, 3)]))
        short = self._short(code)
        lines = [{"product_id": self.cake.id, "qty": 1}]
        self.assertEqual(self._service().redeem(short, "PTA", lines=lines)["reason"],
                         "items_incomplete", "partial needs a reason")
        result = self._service().redeem(short, "PTA", lines=lines,
                                        partial_reason="Buyer takes one now")
        self.assertEqual(result["reason"], "ok")
        self.assertTrue(result["backorder"])
        backorder = code.handover_ids.backorder_id
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        self.assertEqual(code.handover_ids.picking_id.move_ids.quantity, 1)

    def test_rotating_qr_needs_the_live_totp(self):
        code = self._cooker_code()
        self.assertTrue(code.rotating, "orders needing approval get a rotating QR")
        creds = code._get_credentials()
        now = fields.Datetime.now().timestamp()
        live = "%s.%s" % (creds.qr_secret, totp.totp_at(creds.totp_secret, now))
        stale = "%s.%s" % (creds.qr_secret, totp.totp_at(creds.totp_secret, now - 600))
        self.assertEqual(self._service().verify(live, "PTA")["reason"], "ok")
        self.assertEqual(self._service().verify(stale, "PTA")["reason"], "qr_rotated")
        self.assertEqual(self._service().verify(creds.qr_secret, "PTA")["reason"], "qr_rotated")
        self.assertEqual(self._service().verify(creds.short_code, "PTA")["reason"], "ok",
                         "the short code stays the fallback")

    def test_failed_transfer_validation_consumes_nothing(self):
        serial = self.env["product.product"].create({
            "name": "Serial kettle", "is_storable": True, "tracking": "serial",
            "list_price": 100})
        lot = self.env["stock.lot"].create({"name": "K-1", "product_id": serial.id})
        self.env["stock.quant"]._update_available_quantity(serial, self.point_a.lot_stock_id, 1,
                                                           lot_id=lot)
        code = self._code_of(self._create_order(lines=[(serial, 1)]))
        self.assertEqual(code.state, "ready")
        # The reserved serial is taken away: validation must fail, nothing may be consumed.
        picking = code._get_outgoing_pickings()
        picking.move_ids.move_line_ids.unlink()
        result = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(result["reason"], "transfer_failed")
        self.assertEqual(code.state, "ready")
        self.assertFalse(code.handover_ids)
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(code.attempt_ids.mapped("reason"), ["transfer_failed"])
