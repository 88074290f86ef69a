"""``pickup.service``: who may scan where, rate limits, and the guards on code and goods."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..core import credential, limits, totp
from .pickup_attempt import FAILED_GUESSES


class PickupService(models.AbstractModel):
    _inherit = "pickup.service"

    def _check_point_access(self, point):
        """:return: the ``stock.warehouse`` the user may serve, or raise AccessError."""
        user = self.env.user
        if not user.has_group("pickup_code.group_pickup_counter"):
            raise AccessError(self.env._("Only pickup counter staff can verify or redeem codes."))
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
            raise UserError(self.env._("Unknown pickup point %(point)s.", point=point))
        if not user.has_group("pickup_code.group_pickup_manager") \
                and warehouse not in user.sudo().pickup_warehouse_ids:
            raise AccessError(self.env._("You are not assigned to the pickup point %(point)s.",
                                point=warehouse.code))
        return warehouse

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
        if code.state == "redeemed" and self.env.context.get("pickup_no_replay_alarm"):
            return "already_redeemed", code.sudo().entitlement_id._describe_collection()
        if code.state == "redeemed":
            self.env["pickup.anomaly"]._raise({
                "anomaly_type": "replay", "company_id": code.company_id.id,
                "code_id": code.id, "warehouse_id": warehouse.id, "user_id": self.env.uid,
            })
            return "already_redeemed", code.sudo().entitlement_id._describe_collection()
        if code.state == "expired" or (code.expiry_date and code.expiry_date < now):
            self.env["pickup.anomaly"]._raise({
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

    def _check_goods(self, scan):
        """Extension point: may these goods be handed over at all (e.g. not past their
        expiry date)? Checked at verify and again at redeem.

        :param Scan scan: the code, the point and its transfers (``scan.pickings``)
        :return: (reason, details) or (None, {})
        """
        return None, {}

    # === RATE LIMITS === #

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
            FAILED_GUESSES,
        ))
        return dict(zip(("station", "user", "point"), self.env.cr.fetchone(), strict=True))

    def _is_rate_limited(self, scan, failures):
        """:return: True (and an anomaly for the supervisor) when the station, the user or
        the point has made too many failed guesses in the last minute."""
        company = scan.warehouse.company_id
        if not limits.rate_limited_scope(failures, company.pickup_rate_limit):
            return False
        self.env["pickup.anomaly"]._raise({
            "anomaly_type": "rate_limited", "company_id": company.id,
            "warehouse_id": scan.warehouse.id, "station": scan.station, "user_id": self.env.uid,
        })
        return True

    def _burst_anomaly(self, station, company, warehouse, recent_failures):
        """Half the rate limit in a minute already deserves a supervisor's look.

        :param int recent_failures: the station's failures in the last minute, before this one
        """
        threshold = max(company.pickup_rate_limit // 2, 1)
        if recent_failures + 1 >= threshold:
            self.env["pickup.anomaly"]._raise({
                "anomaly_type": "scan_burst", "company_id": company.id,
                "warehouse_id": warehouse.id, "station": station, "user_id": self.env.uid,
            })
