"""The scan path: one verdict and one attempt record per call.

``pickup.service`` is split by concern over five files (one model):

- this file: the entry points (:meth:`verify`, :meth:`redeem`, :meth:`lookup`) and the one
  path of a scan, :meth:`_process`;
- ``pickup_service_guards.py``: who may scan where, rate limits, the code's state, the goods;
- ``pickup_service_evidence.py``: the policy steps' evidence (ID, OTP, approver, items);
- ``pickup_service_handover.py``: the atomic claim and the transfer;
- ``pickup_service_verdict.py``: the attempt log and the verdict dict with its message.

Extension hooks (override these, not :meth:`_process`): ``_check_point_access``,
``_is_code_in_scope``, ``_check_goods``, ``_has_approval_passkey``,
``_check_approver_passkey``, ``_claim_and_hand_over``, ``_get_reason_message``, ``_answer``
(adds keys to the verdict, e.g. the bridge's ``parcel``). Each receives
the :class:`Scan` of the call where it needs the code, the point, the steps or the transfers,
so nothing is looked up twice.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import CHANNELS
from ..core import credential, scan_handle

_logger = logging.getLogger(__name__)

# Answers that say "not now" rather than what happened: not replayed to a retry.
TRANSIENT_REASONS = ("rate_limited",)


class RedeemAborted(Exception):
    """Raised inside the redeem savepoint to undo the claim; carries the refusal reason."""

    def __init__(self, reason, details=None):
        super().__init__(reason)
        self.reason = reason
        self.details = details or {}


class Scan:
    """What one verify or redeem call established, computed once and handed to the hooks.

    :ivar warehouse: the pickup point (``stock.warehouse``) the user serves
    :ivar station: the counter's label (or ``user-<id>``)
    :ivar channel: one of ``const.CHANNELS``
    :ivar action: ``"verify"`` or ``"redeem"``
    :ivar code: the ``pickup.code`` (empty until found)
    :ivar input_kind: ``qr``, ``short``, ``token`` or ``none``
    :ivar seen_count: the entitlement's hand-over count when the code was checked
    """

    __slots__ = ("warehouse", "station", "channel", "action", "code", "input_kind",
                 "seen_count", "_steps", "_pickings")

    def __init__(self, warehouse, station, channel, action):
        self.warehouse = warehouse
        self.station = station
        self.channel = channel
        self.action = action
        self.code = warehouse.env["pickup.code"]
        self.input_kind = "none"
        self.seen_count = None
        self._steps = None
        self._pickings = None

    @property
    def steps(self):
        """The policy steps the hand-over needs (evaluated once per scan)."""
        if self._steps is None:
            self._steps = self.code._get_required_steps_tuple() if self.code else ()
        return self._steps

    @property
    def pickings(self):
        """The code's open outgoing transfers (looked up once per scan; sudo)."""
        if self._pickings is None:
            self._pickings = self.code.sudo()._get_outgoing_pickings() if self.code \
                else self.warehouse.env["stock.picking"].sudo()
        return self._pickings


class PickupService(models.AbstractModel):
    """Verify and redeem pickup codes.

    Every call needs the Counter Staff group and a pickup point the user may serve.
    """

    _name = "pickup.service"
    _description = "Pickup verification service"

    # === PUBLIC ENTRY POINTS === #

    @api.model
    def verify(self, code, point, station=None, channel="counter"):
        """Check a scanned or typed code without consuming it.

        :param str code: QR text, signed token or short code as scanned
        :param point: pickup point as warehouse code (``"TPE"``) or id
        :param str station: scanner/counter identifier (defaults to the user)
        :return: verdict dict (``verdict``, ``reason``, ``message``, …); an ``ok`` one
            carries a ``handle`` to pass to :meth:`redeem` and ``together_count``, how many
            of the same person's other orders are ready here (listed by :meth:`together`)
        :raises AccessError: when the user may not serve this point
        """
        return self._process(code, point, station, channel, redeem=False)

    @api.model
    def redeem(self, code, point, steps=None, lines=None, station=None, channel="counter",
               partial_reason=None, idempotency_key=None, handle=None, together=None):
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
        :param str handle: the ``handle`` of this user's ``ok`` verify of the code at this
            point: the code, its steps and the entitlement as seen then are taken from it
            (a rotating QR need not still be live); a stale or foreign handle is ignored
            and the code is checked again from ``code``
        :param list together: handles from the verify's ``together`` offer: the same
            person's other orders ready here, handed over in the same hand-over (all their
            items; the steps asked are the strictest order's)
        :return: verdict dict plus ``picking``, ``picking_state`` and ``backorder``, and
            with ``together`` the verdict of each other order (``together``)
        :raises UserError: when the key is still in use or was used for another request
        """
        if not idempotency_key:
            return self._process(code, point, station, channel, redeem=True,
                                 steps=steps or {}, lines=lines, partial_reason=partial_reason,
                                 handle=handle, together=together)
        store = self.env["pickup.idempotency"].sudo()
        key = "rpc:%s" % str(idempotency_key)[:128]
        earlier = self._claim_handover_key(
            key, [code, point, steps, lines, partial_reason, together])
        if earlier:
            return earlier[0]
        result = self._process(code, point, station, channel, redeem=True, steps=steps or {},
                               lines=lines, partial_reason=partial_reason, handle=handle,
                               together=together)
        if result["reason"] in TRANSIENT_REASONS:
            store._forget(self.env.uid, key)  # a retry after the minute must be tried again
        else:
            store._remember(self.env.uid, key, result)
        return result

    def _claim_handover_key(self, key, request):
        """Claim an idempotency key for one hand-over request (the counter's redeem, an
        offline item's sync).

        :return: the first answer ``(result, …)`` when this key was already answered, else
            None (the caller runs the request and remembers or forgets the key)
        :raises UserError: the key is still in use, or was used for another request
        """
        store = self.env["pickup.idempotency"].sudo()
        state, earlier = store._claim_key(self.env.uid, key, store._digest(request))
        if state == "running":
            raise UserError(self.env._("This hand-over is still being processed. Wait a moment."))
        if state == "mismatch":
            raise UserError(self.env._(
                "This hand-over attempt was already sent with other details."))
        return earlier if state == "done" else None

    @api.model
    def lookup(self, query, point, station=None):
        """Find codes at a point by order reference, buyer name or last phone digits.

        Logged like a scan so that lookups cannot be used to browse buyers unnoticed.

        :return: list of ``{"id", "name", "order", "buyer", "state"}``
        """
        warehouse = self._check_point_access(point)
        query = (query or "").strip()[:64]
        if len(query) < 3:
            raise UserError(self.env._("Type at least 3 characters to look up a pickup."))
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

    # === THE SCAN PATH === #

    def _process(self, text, point, station, channel, redeem, steps=None, lines=None,
                 partial_reason=None, handle=None, together=None):
        warehouse = self._check_point_access(point)
        station = (str(station or "")[:64] or "user-%s" % self.env.uid)
        if channel not in dict(CHANNELS):
            channel = "counter"  # a label from the caller: never a server error
        scan = Scan(warehouse, station, channel, "redeem" if redeem else "verify")
        if redeem and handle and self._resume_scan(scan, handle):
            # What verify established stands; only what may have changed since is checked.
            reason, details = self._check_code_state(scan.code, warehouse)
            if not reason:
                reason, details = self._check_goods(scan)
            if reason:
                return self._answer(scan, reason, details)
        else:
            refusal = self._find_code(scan, text)
            if refusal:
                return refusal
            scan.seen_count = scan.code.sudo().entitlement_id.handover_count
        if not redeem:
            return self._answer(scan, "ok", {"handle": self._issue_handle(scan),
                                             "together_count": self._together_count(scan)})

        # The same person's other orders handed over with it: the strictest one's steps.
        siblings = self._resume_together(scan, together) if together else []
        if siblings:
            scan._steps = self._strictest_steps([scan] + siblings)
        # Policy steps, then the atomic claim on the entitlement as it was checked.
        steps = steps if isinstance(steps, dict) else {}
        reason, evidence = self._check_steps(scan, steps, lines, partial_reason)
        if reason:
            return self._answer(scan, reason, evidence.get("details"))
        code = scan.code
        try:
            with self.env.cr.savepoint():
                handover = self._claim_and_hand_over(scan, steps, evidence, partial_reason)
        except RedeemAborted as aborted:
            code.invalidate_recordset()
            reason, details = self._check_code_state(code, warehouse)
            return self._answer(scan, reason or aborted.reason, details or aborted.details)
        except (UserError, ValueError) as err:
            _logger.warning("pickup.code %s: transfer validation failed: %s", code.id, err)
            code.invalidate_recordset()
            return self._answer(scan, "transfer_failed", {"error": str(err)})
        result = self._answer(scan, "ok", {"handover": handover})
        if siblings:
            result["together"] = [self._hand_over_sibling(sibling, steps, evidence)
                                  for sibling in siblings]
        return result

    def _find_code(self, scan, text):
        """Rate limits, parsing, the one indexed lookup and every guard of a fresh scan.

        Sets ``scan.code`` and ``scan.input_kind``.

        :return: the refusal verdict, or None when the code may be handed over
        """
        warehouse = scan.warehouse
        company = warehouse.company_id
        # Counted before parsing so that garbage cannot bypass them, and not only per
        # station, which the client names itself.
        failures = self._count_recent_failures(scan.station, company, warehouse)
        if self._is_rate_limited(scan, failures):
            return self._answer(scan, "rate_limited")
        # A rotating QR is "<secret>.<TOTP>".
        text, rotating_otp = self._split_rotating_qr(text)
        try:
            scanned = credential.parse_scan(text)
        except credential.MalformedCode:
            self._burst_anomaly(scan.station, company, warehouse, failures["station"])
            return self._answer(scan, "malformed")
        scan.input_kind = scanned.kind
        code = self.env["pickup.code"]._lookup_by_secret(scanned)
        if code and not self._is_code_in_scope(code):
            code = code.browse()  # out of this user's scope: indistinguishable from unknown
        if not code:
            self._burst_anomaly(scan.station, company, warehouse, failures["station"])
            return self._answer(scan, "unknown")
        scan.code = code
        # State guards, most final first.
        reason, details = self._check_code_state(code, warehouse)
        if not reason and scanned.kind == "qr" and code.rotating \
                and not self._is_live_rotating_qr(code, rotating_otp):
            reason = "qr_rotated"
        if not reason:
            reason, details = self._check_goods(scan)
        return self._answer(scan, reason, details) if reason else None

    def _handle_key(self):
        return self.env["pickup.code"]._get_derived_key(b"pickup-scan-handle")

    def _issue_handle(self, scan):
        """:return: the signed handle of an ``ok`` verify, for the redeem that follows."""
        return scan_handle.sign(
            self._handle_key(), code_id=scan.code.id, point_id=scan.warehouse.id,
            user_id=self.env.uid, seen_count=scan.seen_count or 0, steps=scan.steps,
            input_kind=scan.input_kind, now=int(fields.Datetime.now().timestamp()))

    def _resume_scan(self, scan, handle):
        """Take the code, the steps and the entitlement as seen from a verify's handle.

        :return: True when the handle is this user's, at this point and still valid
        """
        try:
            seen = scan_handle.read(self._handle_key(), handle, point_id=scan.warehouse.id,
                                    user_id=self.env.uid,
                                    now=int(fields.Datetime.now().timestamp()))
        except scan_handle.InvalidHandle:
            return False
        code = self.env["pickup.code"].sudo().browse(seen["code_id"]).exists()
        if not code:
            return False
        scan.code = code
        scan.input_kind = seen["input_kind"]
        scan.seen_count = seen["seen_count"]
        scan._steps = seen["steps"]
        return True
