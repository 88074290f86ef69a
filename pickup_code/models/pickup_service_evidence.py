"""``pickup.service``: the evidence of the policy steps — ID, OTP, approver, items."""

import math

from odoo import api, fields, models
from odoo.exceptions import AccessDenied
from odoo.tools import float_round

from ..core import credential, limits, policy
from ..tools.image import is_image


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _check_steps(self, scan, steps, lines, partial_reason):
        """Check the evidence for each step ``scan.steps`` requires.

        :return: (reason or None, evidence dict for the hand-over record: ``lines``,
            ``details``, ``id_doc_type``, ``approver``, ``approval_method``, ``signature``
            and ``photo`` — the images only when they are images, decoded once here)
        """
        code, required = scan.code, scan.steps
        evidence = {
            "signature": steps.get("signature") if is_image(steps.get("signature")) else False,
            "photo": steps.get("photo") if is_image(steps.get("photo")) else False,
        }
        failed_check = False
        id_ok = otp_ok = approver_ok = None
        if policy.ID_CHECK in required and steps.get("id_check"):
            id_ok, evidence["id_doc_type"] = self._check_id(code, steps["id_check"])
            failed_check |= id_ok is False
        if policy.OTP in required and steps.get("otp"):
            otp_ok = code._check_otp(str(steps["otp"]))
            failed_check |= not otp_ok
        if policy.APPROVAL in required and steps.get("approval"):
            approver, evidence["approval_method"] = self._check_approver(steps["approval"])
            approver_ok = bool(approver)
            evidence["approver"] = approver
            failed_check |= not approver_ok
        items_ok, item_lines, details = self._check_items(scan, lines, partial_reason,
                                                          policy.ITEM_SCAN in required)
        evidence["lines"] = item_lines
        evidence["details"] = details
        reason = policy.first_missing_step_reason(required, policy.StepEvidence(
            id_doc_type=evidence.get("id_doc_type"),
            id_last4_hash_ok=id_ok,
            otp_ok=otp_ok,
            signature=bool(evidence["signature"]),
            photo=bool(evidence["photo"]),
            approver_ok=approver_ok,
            items_complete=items_ok,
        ))
        if not reason and not items_ok:
            reason = "items_incomplete"
        if failed_check:
            code._register_failed_check()
            if limits.is_locked(code.locked_until or None, fields.Datetime.now()):
                reason = "locked"
        return reason, evidence

    def _check_id(self, code, given):
        """:return: (True/False, doc type) — False when it does not match the one on file."""
        if not isinstance(given, dict):
            return False, None
        doc_type = str(given.get("doc_type") or "")
        try:
            last4 = policy.normalise_id_last4(str(given.get("last4") or ""))
        except ValueError:
            return False, doc_type
        pepper = code._get_pepper()
        code_sudo = code.sudo()
        if code_sudo.is_delegate:
            on_file = code_sudo.delegate_id_last4_hash
            on_file_type = None
        else:
            partner = code_sudo.partner_id.commercial_partner_id
            on_file = partner.pickup_id_last4_hash or code_sudo.partner_id.pickup_id_last4_hash
            on_file_type = partner.pickup_id_doc_type or code_sudo.partner_id.pickup_id_doc_type
        if not on_file:
            # Nothing on file: staff compared the document with the buyer's name.
            return True, doc_type
        if on_file_type and on_file_type != doc_type:
            return False, doc_type
        digest = credential.keyed_hash(pepper, "id:" + doc_type, last4)
        ok = credential.constant_time_equal(digest, on_file)
        if not ok:
            self.env["pickup.anomaly"]._raise({
                "anomaly_type": "id_mismatch", "company_id": code.company_id.id,
                "code_id": code.id, "warehouse_id": code.warehouse_id.id,
                "user_id": self.env.uid,
            })
        return ok, doc_type

    def _check_approver(self, given):
        """A second person from the supervisor group approves: with their passkey, or, when
        they have none, with their password and their approval PIN.

        :param dict given: ``{"method": "passkey", "webauthn_response": "<JSON>"}`` or
            ``{"method": "password_pin", "login": …, "password": …, "pin": …}`` (a dict
            without ``method`` is read as ``password_pin``)
        :return: (the approving ``res.users`` or an empty recordset, the method used —
            a ``pickup.handover.approval_method`` value — or None)
        """
        Users = self.env["res.users"].sudo()
        if not isinstance(given, dict):
            return Users, None
        method = given.get("method") or "password_pin"
        if method == "passkey":
            return self._check_approver_passkey(given), "passkey"
        if method == "password_pin":
            return self._check_approver_password_pin(given), "password_pin"
        return Users, None

    def _is_allowed_approver(self, approver):
        """:return: True when ``approver`` is a supervisor other than the user handing over."""
        return bool(approver) and approver != self.env.user \
            and approver.has_group("pickup_code.group_pickup_supervisor")

    def _has_approval_passkey(self, approver):
        """Extension point: does ``approver`` have a passkey? Such an approver must use it,
        the password + PIN fallback is for supervisors without one (default: nobody has
        one; ``pickup_passkey`` answers from Odoo's ``auth_passkey``).

        :rtype: bool
        """
        return False

    def _check_approver_passkey(self, given):
        """Extension point: check a passkey approval (a WebAuthn assertion in
        ``given["webauthn_response"]``). Without a passkey implementation nothing is
        accepted; ``pickup_passkey`` verifies it with Odoo's ``auth_passkey``.

        :return: the approving ``res.users`` or an empty recordset
        """
        return self.env["res.users"].sudo().browse()

    def _check_approver_password_pin(self, given):
        """The fallback: the supervisor's login, password and approval PIN, all three right.

        Refused for the user handing over, non-supervisors, supervisors with a passkey and
        supervisors without a PIN. Password and PIN are both checked even when one is wrong,
        so the answer does not tell which was.

        :return: the approving ``res.users`` or an empty recordset
        """
        Users = self.env["res.users"].sudo()
        login = given.get("login")
        if not isinstance(login, str) or not login:
            return Users
        approver = Users.search([("login", "=", login)], limit=1)
        if not self._is_allowed_approver(approver) or self._has_approval_passkey(approver):
            return Users
        password = given.get("password")
        try:
            approver.with_user(approver)._check_credentials(
                {"type": "password", "password": password if isinstance(password, str) else ""},
                {"interactive": False})
            password_ok = True
        except AccessDenied:
            password_ok = False
        pin_ok = approver._check_pickup_approval_pin(given.get("pin"))
        return approver if password_ok and pin_ok else Users

    def _check_items(self, scan, lines, partial_reason, scan_required):
        """Compare handed-over items with what the transfer holds.

        :return: (complete_or_partial_ok, {product_id: qty}, details)
        """
        moves = scan.pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        due = {}
        for move in moves:
            due[move.product_id.id] = due.get(move.product_id.id, 0.0) + move.product_uom_qty
        if lines is None:
            return (not scan_required), dict(due), {}
        if not isinstance(lines, list):
            return False, {}, {}
        given = {}
        Product = self.env["product.product"].sudo()
        unit_category = self.env.ref("uom.product_uom_categ_unit", raise_if_not_found=False)
        for line in lines[:500]:
            if not isinstance(line, dict):
                return False, {}, {}
            product = Product.browse()
            try:
                if line.get("product_id"):
                    product_id = int(line["product_id"])
                    if not 0 < product_id < 2**31:  # PostgreSQL integer ids
                        raise ValueError("product id out of range")
                    product = Product.browse(product_id).exists()
                elif line.get("barcode"):
                    product = Product.search([("barcode", "=", str(line["barcode"])[:128])],
                                             limit=1)
                qty = float(line.get("qty", 1.0))
            except (TypeError, ValueError, OverflowError):
                return False, {}, {}
            if not math.isfinite(qty) or not product or product.id not in due or qty < 0:
                return False, {}, {"wrong_product": product.display_name or str(
                    line.get("barcode") or line.get("product_id"))}
            if not self._is_whole_quantity(product, qty, unit_category):
                return False, {}, {"bad_quantity": product.display_name}
            given[product.id] = given.get(product.id, 0.0) + qty
        over = [pid for pid, qty in given.items() if qty > due[pid] + 1e-6]
        if over:
            return False, {}, {"too_many": Product.browse(over).mapped("display_name")}
        complete = all(given.get(pid, 0.0) >= qty - 1e-6 for pid, qty in due.items())
        if complete:
            return True, given, {}
        return bool(partial_reason) and any(given.values()), given, {}

    @api.model
    def _is_whole_quantity(self, product, qty, unit_category):
        """Half a gift box is not a hand-over. Odoo's Units round to 0.01 (for costing), so
        counted products must be whole in the reference unit (half a dozen is six); kilos
        and litres follow their unit's rounding."""
        uom = product.uom_id
        rounding = uom.rounding
        if abs(float_round(qty, precision_rounding=rounding) - qty) > rounding * 1e-6:
            return False
        if uom.category_id == unit_category:
            reference_qty = qty / uom.factor
            return abs(reference_qty - round(reference_qty)) < 1e-6
        return True
