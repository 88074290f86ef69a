from odoo import fields, models
from odoo.tools import SQL


class PickupIdempotency(models.Model):
    """First answer to an API call made with an ``Idempotency-Key``, replayed on retries."""

    _name = "pickup.idempotency"
    _description = "Pickup API idempotency record"

    user_id = fields.Many2one("res.users", required=True, index=True, ondelete="cascade")
    key = fields.Char(required=True)
    request_digest = fields.Char(required=True)
    response = fields.Json()
    status = fields.Integer()

    _sql_constraints = [
        ("key_unique", "unique(user_id, key)", "An idempotency key is used once per user."),
    ]

    # === BUSINESS METHODS === #

    def _claim(self, user_id, key, digest):
        """Claim ``key`` for this request, or return the stored answer of its first use.

        The INSERT waits for a concurrent request holding the same key; once it committed,
        its row is read through a fresh (read-committed) cursor, since this transaction's
        repeatable-read snapshot predates it.

        :return: None when this request owns the key, else an HTTP response to replay
        """
        from odoo.http import request

        self.env.cr.execute(SQL(
            "INSERT INTO pickup_idempotency (user_id, key, request_digest, create_uid, "
            "write_uid, create_date, write_date) VALUES (%s, %s, %s, %s, %s, "
            "now() at time zone 'UTC', now() at time zone 'UTC') "
            "ON CONFLICT (user_id, key) DO NOTHING RETURNING id",
            user_id, key, digest, user_id, user_id,
        ))
        if self.env.cr.fetchone():
            return None
        with self.env.registry.cursor() as fresh_cr:
            fresh_cr.execute(SQL(
                "SELECT request_digest, response, status FROM pickup_idempotency "
                "WHERE user_id = %s AND key = %s", user_id, key,
            ))
            row = fresh_cr.fetchone()
        if not row or row[1] is None:
            return request.make_json_response(
                {"error": "a request with this Idempotency-Key is still running"}, status=409)
        if row[0] != digest:
            return request.make_json_response(
                {"error": "Idempotency-Key was used with a different body"}, status=422)
        return request.make_json_response(row[1], status=row[2] or 200)

    def _remember(self, user_id, key, response):
        """Store the answer given to the owner of ``key`` (same transaction as the work)."""
        import json

        self.env.cr.execute(SQL(
            "UPDATE pickup_idempotency SET response = %s, status = %s "
            "WHERE user_id = %s AND key = %s",
            json.dumps(json.loads(response.get_data(as_text=True))), response.status_code,
            user_id, key,
        ))
