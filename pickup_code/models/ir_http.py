import logging

from odoo import models
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

API_PREFIX = "/pickup/api/"
BUSY_RETRY_AFTER = 2  # seconds


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """Answer ``503 busy`` with ``Retry-After`` on the pickup API when the database stayed
        busy through all of Odoo's retries (counters handing over the same product at once
        update the same quant and valuation rows). The whole transaction was rolled back:
        nothing was consumed, and an ``Idempotency-Key`` is free again, so the client sends
        the same request again. Without this, Odoo answers an HTML 500."""
        if isinstance(exception, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY) \
                and request.httprequest.path.startswith(API_PREFIX):
            _logger.warning("Pickup API busy on %s: %s", request.httprequest.path,
                            type(exception).__name__)
            return request.make_json_response(
                {"error": "busy", "message": "The database is busy; nothing was changed. "
                                             "Send the same request again."},
                status=503, headers=[("Retry-After", str(BUSY_RETRY_AFTER))])
        return super()._handle_error(exception)
