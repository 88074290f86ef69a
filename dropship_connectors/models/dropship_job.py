import json
import logging
import secrets

import requests

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.pickup_code.core import retry

_logger = logging.getLogger(__name__)

JOB_STATES = [
    ("pending", "Pending"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
JOB_KINDS = [("order", "Send order"), ("change", "Change order"), ("cancel", "Cancel order")]
# HTTP answers worth another try; any other 4xx is the vendor refusing the request for good.
RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


class DropshipJob(models.Model):
    """One call to a vendor (queue_job style): state, attempts, next try, idempotency key.

    Idempotent by design: the key travels as ``Idempotency-Key``, so a retry after a crash or a
    timeout never makes the vendor create the order twice.
    """

    _name = "dropship.job"
    _description = "Drop-ship vendor call"
    _order = "id desc"

    connector_id = fields.Many2one("dropship.connector", required=True, index=True,
                                   ondelete="cascade")
    company_id = fields.Many2one(related="connector_id.company_id", store=True)
    purchase_id = fields.Many2one("purchase.order", required=True, index=True,
                                  ondelete="cascade")
    kind = fields.Selection(JOB_KINDS, required=True)
    state = fields.Selection(JOB_STATES, default="pending", required=True, index=True)
    attempts = fields.Integer(readonly=True)
    max_attempts = fields.Integer(default=8)
    next_try = fields.Datetime(default=fields.Datetime.now, index=True)
    last_error = fields.Char(readonly=True)
    idempotency_key = fields.Char(required=True, readonly=True, copy=False,
                                  default=lambda self: secrets.token_hex(16))
    payload = fields.Json(readonly=True)
    response = fields.Json(readonly=True)
    done_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("idempotency_key_unique", "unique(idempotency_key)", "Job keys are unique."),
    ]

    # === ACTIONS === #

    def action_retry(self):
        self.filtered(lambda j: j.state == "failed").write(
            {"state": "pending", "next_try": fields.Datetime.now(), "attempts": 0})
        return True

    def action_cancel(self):
        self.filtered(lambda j: j.state == "pending").write({"state": "cancelled"})
        return True

    # === BUSINESS METHODS === #

    @api.model
    def _run_due(self, limit=50):
        """Run due jobs one by one; each is locked so two cron workers never run the same job.

        :return: the jobs run
        """
        self.flush_model(["state", "next_try"])  # raw SQL below must see cancelled jobs
        self.env.cr.execute(SQL(
            "SELECT id FROM dropship_job WHERE state = 'pending' AND next_try <= %s "
            "ORDER BY next_try, id LIMIT %s FOR UPDATE SKIP LOCKED",
            fields.Datetime.now(), limit,
        ))
        jobs = self.browse([row[0] for row in self.env.cr.fetchall()])
        for job in jobs:
            job._run_once()
        return jobs

    @api.model
    def _cron_run_jobs(self):
        """Cron entry: one job per call. Odoo's cron runner commits after each call and calls
        again while progress says some remain (up to 10 times, then it re-runs at once), so
        a crash loses at most the job in flight and a long backlog resumes where it stopped.

        :return: number of jobs run (0 or 1)
        """
        done = len(self._run_due(limit=1))
        remaining = self.search_count([("state", "=", "pending"),
                                       ("next_try", "<=", fields.Datetime.now())])
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _run_once(self):
        """Send this job's request once and record the outcome."""
        self.ensure_one()
        connector = self.connector_id.sudo()
        attempt = self.attempts + 1
        try:
            status, body = connector._send(self.kind, self.payload, self.idempotency_key,
                                           self.purchase_id.name)
        except requests.exceptions.RequestException as err:
            self._retry_later(attempt, self.env._("Vendor unreachable: %(error)s",
                                         error=type(err).__name__))
            return
        if 200 <= status < 300:
            self.write({"state": "done", "attempts": attempt, "response": body,
                        "done_date": fields.Datetime.now(), "last_error": False})
            self.purchase_id._dropship_on_job_done(self)
        elif status in RETRYABLE_STATUS:
            self._retry_later(attempt, self.env._("Vendor answered HTTP %(status)s", status=status))
        else:
            self.write({"state": "failed", "attempts": attempt,
                        "last_error": self.env._("Vendor refused: HTTP %(status)s %(body)s",
                                        status=status, body=json.dumps(body)[:200])})
            self.purchase_id._dropship_on_job_failed(self)

    def _retry_later(self, attempt, error):
        if attempt >= self.max_attempts:
            self.write({"state": "failed", "attempts": attempt, "last_error": error})
            self.purchase_id._dropship_on_job_failed(self)
            return
        delay = retry.jittered_delay_seconds(attempt)
        self.write({"attempts": attempt, "last_error": error,
                    "next_try": fields.Datetime.add(fields.Datetime.now(), seconds=delay)})
        _logger.info("dropship.job %s: attempt %s failed (%s), next in %.0fs",
                     self.id, attempt, error, delay)
