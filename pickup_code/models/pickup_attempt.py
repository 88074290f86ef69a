from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..const import CHANNELS
from ..core import hash_chain
from ..core.verdicts import FAILED_GUESS_REASONS, REASONS

# In one fixed order: the partial indexes' predicate and the rate-limit query must match.
FAILED_GUESSES = tuple(sorted(FAILED_GUESS_REASONS))

ACTIONS = [("verify", "Verify"), ("redeem", "Redeem"), ("lookup", "Lookup")]
INPUT_KINDS = [("qr", "QR"), ("short", "Short code"), ("token", "Signed token"),
               ("lookup", "Lookup"), ("none", "Unreadable")]
# One source: core/verdicts.REASONS. An addon with a reason of its own adds it with
# ``selection_add`` and to its ``_get_reason_message`` override.
REASON_LABELS = {"qr_rotated": "Rotating QR no longer valid",
                 "leader_only": "Collected by the group leader only"}
REASON_SELECTION = [(reason, REASON_LABELS.get(reason, reason.replace("_", " ").capitalize()))
                    for reason in REASONS]


class PickupAttempt(models.Model):
    """Append-only, hash-chained log of every verify, redeem and lookup (never the secret)."""

    _name = "pickup.attempt"
    _description = "Pickup scan attempt"
    _order = "id desc"
    _log_access = False

    attempt_date = fields.Datetime(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    code_id = fields.Many2one("pickup.code", readonly=True, index="btree_not_null",
                              ondelete="restrict")
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", readonly=True,
                                   index=True)
    user_id = fields.Many2one("res.users", readonly=True, required=True)
    station = fields.Char(readonly=True, required=True)
    action = fields.Selection(ACTIONS, readonly=True, required=True)
    channel = fields.Selection(CHANNELS, readonly=True, required=True, default="counter")
    input_kind = fields.Selection(INPUT_KINDS, readonly=True)
    reason = fields.Selection(REASON_SELECTION, readonly=True, required=True, index=True)
    ok = fields.Boolean(compute="_compute_ok", store=True)
    # A hand-over queued by the counter while offline: when it happened by the counter's
    # clock (``attempt_date`` is when the server heard of it).
    offline_date = fields.Datetime(string="Queued offline at", readonly=True)
    prev_hash = fields.Char(readonly=True, required=True)
    row_hash = fields.Char(readonly=True, required=True)

    def init(self):
        # The rate limit counts a station's recent failures: keep that query an index scan.
        self.env.cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS pickup_attempt_station_date_idx "
            "ON pickup_attempt (station, attempt_date) WHERE reason IN %s", FAILED_GUESSES,
        ))
        # ... and those of a user and of a point (a station is only a label the client sends).
        self.env.cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS pickup_attempt_failed_company_date_idx "
            "ON pickup_attempt (company_id, attempt_date) WHERE reason IN %s", FAILED_GUESSES,
        ))
        # KPI windows read a company's attempts by date (the log grows fastest).
        self.env.cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS pickup_attempt_company_date_idx "
            "ON pickup_attempt (company_id, attempt_date)"
        ))

    @api.depends("reason")
    def _compute_ok(self):
        for attempt in self:
            attempt.ok = attempt.reason == "ok"

    # === CRUD METHODS === #

    def write(self, vals):
        """Override to keep the log append-only: only the superuser (uid 1) may write."""
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(self.env._("The pickup attempt log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_only_by_superuser(self):
        """Keep the log append-only: only the superuser (uid 1) may delete."""
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(self.env._("The pickup attempt log cannot be deleted."))

    # === BUSINESS METHODS === #

    @api.model
    def _hashed_fields(self, vals):
        """The values a row's hash covers, in a form that reads back identically."""
        return {
            "attempt_date": fields.Datetime.to_string(vals["attempt_date"]),
            "company_id": vals["company_id"],
            "code_id": vals.get("code_id") or False,
            "warehouse_id": vals.get("warehouse_id") or False,
            "user_id": vals["user_id"],
            "station": vals["station"],
            "action": vals["action"],
            "channel": vals.get("channel") or "counter",
            "input_kind": vals.get("input_kind") or False,
            "reason": vals["reason"],
            # Only when set, so that the rows written before the field existed still verify.
            **({"offline_date": fields.Datetime.to_string(
                fields.Datetime.to_datetime(vals["offline_date"]))}
               if vals.get("offline_date") else {}),
        }

    @api.model
    def _append(self, vals):
        """Append one attempt to its station's chain.

        :param dict vals: attempt values without hashes
        :return: the new ``pickup.attempt`` (sudo)
        """
        vals = dict(vals, attempt_date=vals.get("attempt_date") or fields.Datetime.now())
        chain = self.env["pickup.attempt.chain"].sudo()
        key = (vals["company_id"], vals["station"])
        # FOR UPDATE: a concurrent append to the same chain waits, then retries on conflict.
        # The head exists but for a station's first scan: one query (a lock, no new row
        # version), and only then the INSERT and the lock again.
        lock = SQL(
            "SELECT id, last_hash FROM pickup_attempt_chain "
            "WHERE company_id = %s AND station = %s FOR UPDATE", key[0], key[1],
        )
        self.env.cr.execute(lock)
        head = self.env.cr.fetchone()
        if head is None:
            self.env.cr.execute(SQL(
                "INSERT INTO pickup_attempt_chain (company_id, station, last_hash, "
                "chain_length) VALUES (%s, %s, %s, 0) ON CONFLICT (company_id, station) "
                "DO NOTHING", key[0], key[1], hash_chain.GENESIS,
            ))
            self.env.cr.execute(lock)
            head = self.env.cr.fetchone()
        chain_id, prev_hash = head
        row_hash = hash_chain.row_digest(prev_hash, self._hashed_fields(vals))
        # ``ok`` given: no UPDATE to compute it after the INSERT.
        attempt = self.sudo().create(dict(vals, prev_hash=prev_hash, row_hash=row_hash,
                                          ok=vals["reason"] == "ok"))
        self.env.cr.execute(SQL(
            "UPDATE pickup_attempt_chain SET last_hash = %s, chain_length = chain_length + 1 "
            "WHERE id = %s",
            row_hash, chain_id,
        ))
        chain.browse(chain_id).invalidate_recordset(["last_hash", "chain_length"])
        return attempt

    @api.model
    def _find_chain_breaks(self, company=None):
        """Recompute every chain and return the first tampered attempt of each broken one.

        :return: ``pickup.attempt`` records (empty when the log is intact)
        """
        domain = [("company_id", "=", company.id)] if company else []
        attempts = self.sudo().search(domain, order="id")
        broken = self.browse()
        by_chain = {}
        for attempt in attempts:
            by_chain.setdefault((attempt.company_id.id, attempt.station), []).append(attempt)
        for rows in by_chain.values():
            index = hash_chain.first_broken(
                (self._hashed_fields({
                    **{f: row[f] for f in ("attempt_date", "station", "action", "channel",
                                           "input_kind", "reason", "offline_date")},
                    "company_id": row.company_id.id, "code_id": row.code_id.id,
                    "warehouse_id": row.warehouse_id.id, "user_id": row.user_id.id,
                }), row.prev_hash, row.row_hash)
                for row in rows
            )
            if index is not None:
                broken |= rows[index]
        return broken

    def action_check_integrity(self):
        """Tell the manager whether the attempt log is intact."""
        broken = self._find_chain_breaks()
        if broken:
            message = self.env._("The attempt log was altered at: %(ids)s",
                        ids=", ".join(str(i) for i in broken.ids))
            kind = "danger"
        else:
            message = self.env._("The attempt log is intact.")
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": bool(broken)},
        }
