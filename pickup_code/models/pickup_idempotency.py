import json

from odoo import api, fields, models
from odoo.tools import SQL

from ..core import credential


class PickupIdempotency(models.Model):
    """First answer to a redeem made with an idempotency key, replayed on retries.

    Used by the API (``Idempotency-Key`` header) and the counter screen (one key per
    hand-over attempt): a retry after a lost answer gets the first verdict instead of
    ``already_redeemed`` and a replay anomaly against an honest clerk.
    """

    _name = "pickup.idempotency"
    _description = "Pickup idempotency record"

    user_id = fields.Many2one("res.users", required=True, index=True, ondelete="cascade")
    key = fields.Char(required=True)
    # A keyed hash (server pepper) of the request: the body holds the code as scanned, so a
    # plain digest in a dump could be brute-forced back to a 40-bit short code.
    request_digest = fields.Char(required=True)
    response = fields.Json()
    status = fields.Integer()

    _sql_constraints = [
        ("key_unique", "unique(user_id, key)", "An idempotency key is used once per user."),
    ]

    # === BUSINESS METHODS === #

    @api.model
    def _digest(self, payload):
        """:return: the keyed hash of a JSON-serialisable request ``payload``"""
        return credential.keyed_hash(self.env["pickup.code"]._get_pepper(), "idempotency",
                                     json.dumps(payload, sort_keys=True, default=str))

    @api.model
    def _claim_key(self, user_id, key, digest):
        """Claim ``key`` for this request, or tell what became of its first use.

        The INSERT waits for a concurrent request holding the same key; once it committed,
        its row is read through a fresh (read-committed) cursor, since this transaction's
        repeatable-read snapshot predates it.

        :return: ``("owner", None)`` when this request owns the key; ``("running", None)``,
            ``("mismatch", None)`` or ``("done", (response, status))`` otherwise
        """
        self.env.cr.execute(SQL(
            "INSERT INTO pickup_idempotency (user_id, key, request_digest, create_uid, "
            "write_uid, create_date, write_date) VALUES (%s, %s, %s, %s, %s, "
            "now() at time zone 'UTC', now() at time zone 'UTC') "
            "ON CONFLICT (user_id, key) DO NOTHING RETURNING id",
            user_id, key, digest, user_id, user_id,
        ))
        if self.env.cr.fetchone():
            return "owner", None
        with self.env.registry.cursor() as fresh_cr:
            fresh_cr.execute(SQL(
                "SELECT request_digest, response, status FROM pickup_idempotency "
                "WHERE user_id = %s AND key = %s", user_id, key,
            ))
            row = fresh_cr.fetchone()
        if not row or row[1] is None:
            return "running", None
        if row[0] != digest:
            return "mismatch", None
        return "done", (row[1], row[2] or 200)

    @api.model
    def _remember(self, user_id, key, data, status=200):
        """Store the answer given to the owner of ``key`` (same transaction as the work).

        :param data: the JSON-serialisable answer
        """
        self.env.cr.execute(SQL(
            "UPDATE pickup_idempotency SET response = %s, status = %s "
            "WHERE user_id = %s AND key = %s",
            json.dumps(data), status, user_id, key,
        ))

    @api.model
    def _forget(self, user_id, key):
        """Release ``key``: the answer was transient (rate-limited), a retry may do the work."""
        self.env.cr.execute(SQL(
            "DELETE FROM pickup_idempotency WHERE user_id = %s AND key = %s", user_id, key))
