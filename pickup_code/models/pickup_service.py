import logging
import math

from odoo import _, api, fields, models
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tools import SQL, float_round
from odoo.tools.image import base64_to_image

from ..const import CHANNELS
from ..core import credential, limits, policy, totp, verdicts
from ..core.verdicts import REASONS

_logger = logging.getLogger(__name__)


# Answers that say "not now" rather than what happened: not replayed to a retry.
TRANSIENT_REASONS = ("rate_limited",)


class _RedeemAborted(Exception):
    """Raised inside the redeem savepoint to undo the claim; carries the refusal reason."""

    def __init__(self, reason, details=None):
        super().__init__(reason)
        self.reason = reason
        self.details = details or {}


class PickupService(models.AbstractModel):
    """Verify and redeem pickup codes: one verdict and one attempt record per call.

    Entry points (RPC and the HTTP API): :meth:`verify`, :meth:`redeem`, :meth:`lookup`.
    Every call needs the Counter Staff group and a pickup point the user may serve.
    """

    _name = "pickup.service"
    _description = "Pickup verification service"

    # === MESSAGES === #

    @api.model
    def _get_reason_message(self, reason, details):
        """Human message for a verdict reason (override to reword)."""
        d = details
        messages = {
            "ok": _("Valid code: hand over order %(order)s.", order=d.get("order", "")),
            "malformed": _("This is not a pickup code. Scan again or type the 9-character code."),
            "unknown": _("No pickup code matches this input."),
            "already_redeemed": _(
                "Already collected on %(when)s at %(point)s by %(name)s (%(collector)s), "
                "handed over by %(who)s.",
                when=d.get("redeemed_at", ""), point=d.get("redeemed_point", ""),
                collector=d.get("collected_by", ""), name=d.get("collector_name", ""),
                who=d.get("redeemed_by", "")),
            "expired": _("This code expired on %(when)s.", when=d.get("expiry", "")),
            "revoked": _("This code was revoked: %(why)s", why=d.get("revoke_reason", "")),
            "not_ready": _("The goods are not at the pickup point yet."),
            "wrong_pickup_point": _("This order is collected at %(point)s, not here.",
                                    point=d.get("right_point", "")),
            "locked": _("Too many failed checks: locked until %(until)s. Ask a supervisor.",
                        until=d.get("locked_until", "")),
            "rate_limited": _("Too many failed scans from here. Wait a minute."),
            "id_required": _("Check the collector's ID document (type and last 4 characters)."),
            "id_mismatch": _("The ID document does not match the one on file."),
            "otp_required": _("Ask for the one-time password sent to the buyer's phone."),
            "otp_mismatch": _("The one-time password is wrong or expired."),
            "approval_required": _("A second person (a supervisor) must approve this hand-over."),
            "approval_refused": _("The approval was refused: another supervisor must confirm "
                                  "with their own passkey or, without one, their password "
                                  "and approval PIN."),
            "items_incomplete": _("Scan every item of the order, or give a partial reason."),
            "signature_required": _("The collector must sign."),
            "photo_required": _("Take a photo of the hand-over."),
            "goods_expired": _("The goods are past their expiry date and cannot be handed over."),
            "transfer_failed": _("The transfer could not be validated; nothing was collected."),
            "qr_rotated": _("This QR has changed since: ask the buyer to show the live QR "
                            "on their phone, or type the short code."),
        }
        return messages.get(reason, reason)

    # === PUBLIC ENTRY POINTS === #

    @api.model
    def verify(self, code, point, station=None, channel="counter"):
        """Check a scanned or typed code without consuming it.

        :param str code: QR text, signed token or short code as scanned
        :param point: pickup point as warehouse code (``"TPE"``) or id
        :param str station: scanner/counter identifier (defaults to the user)
        :return: verdict dict (``verdict``, ``reason``, ``message``, …)
        :raises AccessError: when the user may not serve this point
        """
        return self._process(code, point, station, channel, redeem=False)

    @api.model
    def redeem(self, code, point, steps=None, lines=None, station=None, channel="counter",
               partial_reason=None, idempotency_key=None):
        """Consume a code and validate its outgoing transfer, all in one transaction.

        :param dict steps: evidence for the policy steps, e.g. ``{"id_check": {"doc_type":
            "national_id", "last4": "123A"}, "approval": {"method": "password_pin",
            "login": …, "password": …, "pin": …} or {"method": "passkey",
            "webauthn_response": "<JSON>"},
            "signature": "<base64 png>", "photo": "<base64>", "otp": "123456"}``
        :param list lines: items handed over ``[{"product_id": 7, "qty": 1.0}]`` (or
            ``"barcode"`` instead of ``product_id``); default: everything
        :param str partial_reason: required to hand over fewer items than ordered
        :param str idempotency_key: one per hand-over attempt (the counter screen sends
            one): a retry with the same key and the same request gets the first answer
        :return: verdict dict plus ``picking``, ``picking_state`` and ``backorder``
        :raises UserError: when the key is still in use or was used for another request
        """
        if not idempotency_key:
            return self._process(code, point, station, channel, redeem=True,
                                 steps=steps or {}, lines=lines, partial_reason=partial_reason)
        store = self.env["pickup.idempotency"].sudo()
        key = "rpc:%s" % str(idempotency_key)[:128]
        state, earlier = store._claim_key(self.env.uid, key, store._digest(
            [code, point, steps, lines, partial_reason]))
        if state == "running":
            raise UserError(_("This hand-over is still being processed. Wait a moment."))
        if state == "mismatch":
            raise UserError(_("This hand-over attempt was already sent with other details."))
        if state == "done":
            return earlier[0]
        result = self._process(code, point, station, channel, redeem=True, steps=steps or {},
                               lines=lines, partial_reason=partial_reason)
        if result["reason"] in TRANSIENT_REASONS:
            store._forget(self.env.uid, key)  # a retry after the minute must be tried again
        else:
            store._remember(self.env.uid, key, result)
        return result

    @api.model
    def lookup(self, query, point, station=None):
        """Find codes at a point by order reference, buyer name or last phone digits.

        Logged like a scan so that lookups cannot be used to browse buyers unnoticed.

        :return: list of ``{"id", "name", "order", "buyer", "state"}``
        """
        warehouse = self._check_point_access(point)
        query = (query or "").strip()[:64]
        if len(query) < 3:
            raise UserError(_("Type at least 3 characters to look up a pickup."))
        domain = [("warehouse_id", "=", warehouse.id), ("state", "in", ("issued", "ready"))]
        if query.isdigit():
            domain += ["|", ("partner_id.mobile", "=like", "%" + query),
                       ("partner_id.phone", "=like", "%" + query)]
        else:
            domain += ["|", ("sale_order_id.name", "ilike", query),
                       ("partner_id.name", "ilike", query)]
        codes = self.env["pickup.code"].sudo().search(domain, limit=20)
        self._log(warehouse, station, "lookup", "ok" if codes else "unknown", "lookup",
                  code=codes[:1] if len(codes) == 1 else None, channel="lookup")
        return [{"id": c.id, "name": c.name, "order": c.sale_order_id.name,
                 "buyer": c.delegate_name or c.partner_id.name, "state": c.state}
                for c in codes]

    # === PROCESS === #

    def _check_point_access(self, point):
        """:return: the ``stock.warehouse`` the user may serve, or raise AccessError."""
        user = self.env.user
        if not user.has_group("pickup_code.group_pickup_counter"):
            raise AccessError(_("Only pickup counter staff can verify or redeem codes."))
        warehouses = self.env["stock.warehouse"].sudo()
        if isinstance(point, int) or (isinstance(point, str) and point.isascii() and point.isdigit()
                                      and len(point) < 10):
            warehouse = warehouses.browse(int(point)).exists() if 0 < int(point) < 2**31 \
                else warehouses.browse()
        elif not isinstance(point, str) or "\x00" in point or len(point) > 64:
            warehouse = warehouses.browse()  # no point code looks like this; PG refuses NUL
        else:
            warehouse = warehouses.search([("code", "=", point or ""),
                                           ("company_id", "in", user.company_ids.ids)], limit=1)
        if not warehouse or warehouse.company_id not in user.company_ids:
            raise UserError(_("Unknown pickup point %(point)s.", point=point))
        if not user.has_group("pickup_code.group_pickup_manager") \
                and warehouse not in user.sudo().pickup_warehouse_ids:
            raise AccessError(_("You are not assigned to the pickup point %(point)s.",
                                point=warehouse.code))
        return warehouse

    def _process(self, text, point, station, channel, redeem, steps=None, lines=None,
                 partial_reason=None):
        warehouse = self._check_point_access(point)
        station = (str(station or "")[:64] or "user-%s" % self.env.uid)
        if channel not in dict(CHANNELS):
            channel = "counter"  # a label from the caller: never a server error
        steps = steps if isinstance(steps, dict) else {}
        company = warehouse.company_id
        action = "redeem" if redeem else "verify"

        # 1. Rate limits per station, user and point: counted before parsing so that garbage
        # cannot bypass them, and not only per station, which the client names itself.
        failures = self._count_recent_failures(station, company, warehouse)
        recent_failures = failures["station"]
        if limits.rate_limited_scope(failures, company.pickup_rate_limit):
            self.env["pickup.anomaly"]._raise_once({
                "anomaly_type": "rate_limited", "company_id": company.id,
                "warehouse_id": warehouse.id, "station": station, "user_id": self.env.uid,
            })
            return self._answer(warehouse, station, action, channel, "rate_limited", None, "none")

        # 2. Parse, then one indexed lookup. A rotating QR is "<secret>.<TOTP>".
        text, rotating_otp = self._split_rotating_qr(text)
        try:
            scanned = credential.parse_scan(text)
        except credential.MalformedCode:
            self._burst_anomaly(station, company, warehouse, recent_failures)
            return self._answer(warehouse, station, action, channel, "malformed", None, "none")
        code = self.env["pickup.code"]._lookup_by_secret(scanned)
        if code and not self._is_code_in_scope(code):
            code = code.browse()  # out of this user's scope: indistinguishable from unknown
        if not code:
            self._burst_anomaly(station, company, warehouse, recent_failures)
            return self._answer(warehouse, station, action, channel, "unknown", None,
                                scanned.kind)

        # 3. State guards, most final first.
        reason, details = self._check_code_state(code, warehouse)
        if not reason and scanned.kind == "qr" and code.rotating \
                and not self._is_live_rotating_qr(code, rotating_otp):
            reason = "qr_rotated"
        if not reason:
            reason, details = self._check_goods(code)
        if reason:
            return self._answer(warehouse, station, action, channel, reason, code, scanned.kind,
                                details)
        if not redeem:
            return self._answer(warehouse, station, action, channel, "ok", code, scanned.kind)

        # 4. Policy steps, then the atomic claim on the entitlement as it was checked here.
        seen_count = code.sudo().entitlement_id.handover_count
        required = code._get_required_steps_tuple()
        reason, evidence = self._check_steps(code, required, steps, lines, partial_reason)
        if reason:
            return self._answer(warehouse, station, action, channel, reason, code, scanned.kind,
                                evidence.get("details"))
        try:
            with self.env.cr.savepoint():
                handover = self._claim_and_hand_over(code, warehouse, station, required,
                                                     steps, evidence, partial_reason,
                                                     seen_count)
        except _RedeemAborted as aborted:
            code.invalidate_recordset()
            reason, details = self._check_code_state(code, warehouse)
            return self._answer(warehouse, station, action, channel,
                                reason or aborted.reason, code, scanned.kind,
                                details or aborted.details)
        except (UserError, ValueError) as err:
            _logger.warning("pickup.code %s: transfer validation failed: %s", code.id, err)
            code.invalidate_recordset()
            return self._answer(warehouse, station, action, channel, "transfer_failed", code,
                                scanned.kind, {"error": str(err)})
        return self._answer(warehouse, station, action, channel, "ok", code, scanned.kind,
                            {"handover": handover})

    @staticmethod
    def _split_rotating_qr(text):
        """:return: (QR text without the TOTP suffix, the TOTP or None)."""
        if isinstance(text, str) and text.strip().startswith(credential.QR_PREFIX):
            head, _sep, tail = text.strip().rpartition(".")
            if head.count(".") == 1 and len(tail) == 6 and tail.isdigit():
                return head, tail
        return text, None

    def _is_live_rotating_qr(self, code, otp):
        """A rotating QR must carry the TOTP of now (±30 s): a screenshot goes stale."""
        if not otp:
            return False
        secret = code._get_credentials().totp_secret
        return totp.totp_verify(secret, otp, fields.Datetime.now().timestamp())

    def _is_code_in_scope(self, code):
        """Extension point: may this user act on ``code`` at all? (default: yes; the point
        check already limits staff to their points)."""
        return True

    def _check_code_state(self, code, warehouse):
        """:return: (reason, details) of the first state guard that refuses, else (None, {})."""
        now = fields.Datetime.now()
        if code.state == "revoked":
            return "revoked", {"revoke_reason": code.revoke_reason or ""}
        if code.state == "redeemed":
            self.env["pickup.anomaly"]._raise_once({
                "anomaly_type": "replay", "company_id": code.company_id.id,
                "code_id": code.id, "warehouse_id": warehouse.id, "user_id": self.env.uid,
            })
            return "already_redeemed", code.sudo().entitlement_id._describe_collection()
        if code.state == "expired" or (code.expiry_date and code.expiry_date < now):
            self.env["pickup.anomaly"]._raise_once({
                "anomaly_type": "expired_attempt", "company_id": code.company_id.id,
                "code_id": code.id, "warehouse_id": warehouse.id, "user_id": self.env.uid,
            })
            return "expired", {}
        if limits.is_locked(code.locked_until or None, now):
            return "locked", {}
        if code.warehouse_id != warehouse:
            return "wrong_pickup_point", {}
        if code.state != "ready":
            return "not_ready", {}
        return None, {}

    def _check_goods(self, code):
        """Extension point: may these goods be handed over at all (e.g. not past their
        expiry date)? :return: (reason, details) or (None, {})."""
        return None, {}

    def _check_steps(self, code, required, steps, lines, partial_reason):
        """Check the evidence for each required step.

        :return: (reason or None, evidence dict for the hand-over record)
        """
        steps = steps if isinstance(steps, dict) else {}
        evidence = {}
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
        items_ok, item_lines, details = self._check_items(code, lines, partial_reason,
                                                          policy.ITEM_SCAN in required)
        evidence["lines"] = item_lines
        evidence["details"] = details
        reason = policy.first_missing_step_reason(required, policy.StepEvidence(
            id_doc_type=evidence.get("id_doc_type"),
            id_last4_hash_ok=id_ok,
            otp_ok=otp_ok,
            signature=self._is_image(steps.get("signature")),
            photo=self._is_image(steps.get("photo")),
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

    @staticmethod
    def _is_image(data):
        """:return: True when ``data`` is a base64 image (an unreadable one is no evidence)."""
        if not data or not isinstance(data, str) or len(data) > 8 * 1024 * 1024:
            return False
        try:
            base64_to_image(data)
        except (UserError, ValueError, TypeError):
            return False
        return True

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
            self.env["pickup.anomaly"]._raise_once({
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

    def _check_items(self, code, lines, partial_reason, scan_required):
        """Compare handed-over items with what the transfer holds.

        :return: (complete_or_partial_ok, {product_id: qty}, details)
        """
        moves = code.sudo()._get_outgoing_pickings().move_ids.filtered(
            lambda m: m.state not in ("done", "cancel"))
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

    def _claim_and_hand_over(self, code, warehouse, station, required, steps, evidence,
                             partial_reason, seen_count):
        """Claim the code's entitlement atomically, validate the transfer, record the
        hand-over. What is not handed over stays on the entitlement (a backorder): its codes
        stay ready for the rest; otherwise every credential of the entitlement is collected.

        Runs inside a savepoint: any exception undoes all of it.

        :param int seen_count: the entitlement's ``handover_count`` when the scan was checked
        """
        now = fields.Datetime.now()
        code_sudo = code.sudo()
        if not code_sudo.entitlement_id._claim(seen_count):
            raise _RedeemAborted("already_redeemed")
        pickings = code_sudo._get_outgoing_pickings()
        picking, backorder = self._validate_pickings(pickings, evidence["lines"])
        approver = evidence.get("approver")
        handover = self.env["pickup.handover"].sudo().create({
            "code_id": code.id,
            "warehouse_id": warehouse.id,
            "user_id": self.env.uid,
            "station": station,
            "handover_date": now,
            "collected_by": "delegate" if code_sudo.is_delegate else "buyer",
            "collector_name": code_sudo.delegate_name or code_sudo.partner_id.name,
            "collector_relation": code_sudo.delegate_relation,
            "id_doc_type": evidence.get("id_doc_type") or False,
            "steps_done": ",".join(required),
            "approver_id": approver.id if approver else False,
            "approval_method": evidence.get("approval_method") if approver else False,
            "signature": steps.get("signature") if self._is_image(steps.get("signature"))
            else False,
            "photo": steps.get("photo") if self._is_image(steps.get("photo")) else False,
            "partial": bool(backorder),
            "partial_reason": partial_reason if backorder else False,
            "picking_id": picking.id if picking else False,
            "backorder_id": backorder.id if backorder else False,
            "line_ids": [(0, 0, {"product_id": pid, "quantity": qty})
                         for pid, qty in evidence["lines"].items() if qty],
        })
        if backorder:
            self.env["pickup.event"]._log(code, "collected", warehouse_id=warehouse.id,
                                          picking_id=picking.id if picking else False,
                                          note=_("Partly collected: the rest waits in %(ref)s.",
                                                 ref=backorder.name))
        else:
            moved = code._set_state(
                "redeemed", redeem_date=now, redeemed_by_id=self.env.uid,
                redeemed_warehouse_id=warehouse.id,
                event_values={"warehouse_id": warehouse.id,
                              "picking_id": picking.id if picking else False})
            if code not in moved:
                raise _RedeemAborted("already_redeemed")
        return handover

    def _validate_pickings(self, pickings, quantities):
        """Set the handed-over quantities and validate; the rest goes to a backorder.

        :param dict quantities: {product_id: qty handed over}
        :return: (validated picking, backorder or empty)
        """
        if not pickings:
            return pickings, pickings
        remaining = dict(quantities)
        for move in pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            qty = min(remaining.get(move.product_id.id, 0.0), move.product_uom_qty)
            remaining[move.product_id.id] = remaining.get(move.product_id.id, 0.0) - qty
            move.quantity = qty
            move.picked = True
        result = pickings.with_context(
            skip_backorder=True, skip_sms=True, skip_immediate=True, pickup_handover=True,
        ).button_validate()
        if result is not True:
            raise UserError(_("The transfer needs manual action before it can be validated."))
        backorder = self.env["stock.picking"].sudo().search(
            [("backorder_id", "in", pickings.ids)], limit=1)
        return pickings[:1], backorder

    # === LOG & LIMITS === #

    def _count_recent_failures(self, station, company, warehouse):
        """Failed guesses of the last minute by this station, this user and at this point.

        :return: ``{"station": n, "user": n, "point": n}`` (one query on a partial index)
        """
        since = fields.Datetime.subtract(fields.Datetime.now(), seconds=60)
        self.env.cr.execute(SQL(
            "SELECT count(*) FILTER (WHERE station = %s), count(*) FILTER (WHERE user_id = %s), "
            "count(*) FILTER (WHERE warehouse_id = %s) FROM pickup_attempt "
            "WHERE company_id = %s AND attempt_date >= %s AND reason IN %s",
            station, self.env.uid, warehouse.id, company.id, since,
            tuple(verdicts.FAILED_GUESS_REASONS),
        ))
        return dict(zip(("station", "user", "point"), self.env.cr.fetchone(), strict=True))

    def _burst_anomaly(self, station, company, warehouse, recent_failures):
        """Half the rate limit in a minute already deserves a supervisor's look.

        :param int recent_failures: the station's failures in the last minute, before this one
        """
        threshold = max(company.pickup_rate_limit // 2, 1)
        if recent_failures + 1 >= threshold:
            self.env["pickup.anomaly"]._raise_once({
                "anomaly_type": "scan_burst", "company_id": company.id,
                "warehouse_id": warehouse.id, "station": station, "user_id": self.env.uid,
            })

    def _log(self, warehouse, station, action, reason, input_kind, code=None, channel="counter"):
        return self.env["pickup.attempt"]._append({
            "company_id": warehouse.company_id.id,
            "code_id": code.id if code else False,
            "warehouse_id": warehouse.id,
            "user_id": self.env.uid,
            "station": station,
            "action": action,
            "channel": channel,
            "input_kind": input_kind,
            "reason": reason,
        })

    def _answer(self, warehouse, station, action, channel, reason, code, input_kind,
                details=None):
        """Log the attempt and build the verdict dict returned to every caller."""
        self._log(warehouse, station, action, reason, input_kind, code=code, channel=channel)
        details = dict(details or {})
        handover = details.pop("handover", None)
        result = {
            "verdict": "ok" if reason == "ok" else "refused",
            "reason": reason,
            "colour": verdicts.colour(reason) if reason in REASONS else "red",
            "point": warehouse.code,
        }
        if code:
            code_sudo = code.sudo()
            tz_now = lambda dt: dt and fields.Datetime.context_timestamp(  # noqa: E731
                self, dt).strftime("%Y-%m-%d %H:%M") or ""
            result.update({
                "code": code_sudo.name,
                "code_id": code_sudo.id,
                "order": code_sudo.sale_order_id.name,
                "buyer": code_sudo.partner_id.name,
                "delegate": code_sudo.delegate_name or "",
                "state": code_sudo.state,
                "steps": list(code_sudo._get_required_steps_tuple()),
                "lines": [
                    {key: line[key] for key in ("product_id", "product", "barcode", "qty")}
                    for line in code_sudo._get_remaining_lines()
                ] if reason != "ok" or action != "redeem" or handover.partial else [],
                "partly_collected": code_sudo.entitlement_id.is_partial,
            })
            details.setdefault("order", code_sudo.sale_order_id.name)
            if reason == "already_redeemed":
                details.update(code_sudo.entitlement_id._describe_collection())
            elif reason == "wrong_pickup_point":
                details["right_point"] = "%s %s" % (code_sudo.warehouse_id.code,
                                                    code_sudo.warehouse_id.name)
            elif reason == "expired":
                details["expiry"] = tz_now(code_sudo.expiry_date)
            elif reason == "revoked":
                details["revoke_reason"] = code_sudo.revoke_reason or ""
            elif reason == "locked":
                details["locked_until"] = tz_now(code_sudo.locked_until)
        if handover:
            result.update({
                "picking": handover.picking_id.name or "",
                "picking_state": handover.picking_id.state or "",
                "backorder": handover.backorder_id.name or "",
                "handover_id": handover.id,
            })
        result["details"] = {k: v for k, v in details.items()
                             if isinstance(v, (str, int, float, list))}
        result["message"] = self._get_reason_message(reason, details)
        return result
