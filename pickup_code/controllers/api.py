import json
import logging

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from ..core import json_body, verdicts
from ..models.pickup_service import TRANSIENT_REASONS

_logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
API = "/pickup/api/v1"


def _json(payload, status=200):
    return request.make_json_response(payload, status=status)


class PickupApi(http.Controller):
    """JSON API for counters and partner systems (see ``/pickup/api/v1/openapi.json``)."""

    def _read_body(self):
        """:return: (dict, None) or (None, error response)."""
        # Cached: Odoo runs the route again after a serialization failure and the stream
        # cannot be read twice (uncached, the retry saw an empty body; fault suite).
        raw = request.httprequest.get_data(cache=True, as_text=False)
        if len(raw) > MAX_BODY:
            return None, _json({"error": "body larger than 64 KiB"}, 413)
        try:
            body = json_body.parse_object(raw)
        except json_body.BodyError as err:
            return None, _json({"error": str(err)}, 400)
        code, point = body.get("code"), body.get("point")
        if not isinstance(code, str) or not isinstance(point, str) or not point:
            return None, _json({"error": "'code' and 'point' must be strings"}, 400)
        if "steps" in body and not isinstance(body["steps"], dict):
            return None, _json({"error": "'steps' must be an object"}, 400)
        if "lines" in body and not isinstance(body["lines"], list):
            return None, _json({"error": "'lines' must be a list"}, 400)
        return body, None

    def _too_large(self):
        length = request.httprequest.content_length
        return length is not None and length > MAX_BODY

    def _call(self, method, body):
        service = request.env["pickup.service"]
        station = str(request.httprequest.headers.get("X-Pickup-Station") or "")[:64] or None
        try:
            if method == "verify":
                return _json(service.verify(body["code"], body["point"], station=station,
                                            channel="api"))
            return _json(service.redeem(
                body["code"], body["point"], steps=body.get("steps") or {},
                lines=body.get("lines"), station=station, channel="api",
                partial_reason=body.get("partial_reason"), handle=body.get("handle"),
                together=body.get("together")))
        except AccessError as err:
            return _json({"error": str(err)}, 403)
        except UserError as err:
            return _json({"error": str(err)}, 400)

    @http.route(API + "/verify", type="http", auth="bearer", methods=["POST"], csrf=False,
                save_session=False)
    def verify(self, **kw):
        if self._too_large():
            return _json({"error": "body larger than 64 KiB"}, 413)
        body, error = self._read_body()
        return error or self._call("verify", body)

    @http.route(API + "/redeem", type="http", auth="bearer", methods=["POST"], csrf=False,
                save_session=False)
    def redeem(self, **kw):
        if self._too_large():
            return _json({"error": "body larger than 64 KiB"}, 413)
        body, error = self._read_body()
        if error:
            return error
        key = request.httprequest.headers.get("Idempotency-Key")
        if not key:
            return self._call("redeem", body)
        if len(key) > 128:
            return _json({"error": "Idempotency-Key longer than 128 characters"}, 400)
        store = request.env["pickup.idempotency"].sudo()
        state, earlier = store._claim_key(request.env.uid, key, store._digest(body))
        if state == "running":
            return _json({"error": "a request with this Idempotency-Key is still running"},
                         409)
        if state == "mismatch":
            return _json({"error": "Idempotency-Key was used with a different body"}, 422)
        if state == "done":
            return _json(*earlier)
        response = self._call("redeem", body)
        answer = json.loads(response.get_data(as_text=True))
        if answer.get("reason") in TRANSIENT_REASONS:
            store._forget(request.env.uid, key)
        else:
            store._remember(request.env.uid, key, answer, response.status_code)
        return response

    @http.route(API + "/together", type="http", auth="bearer", methods=["POST"],
                csrf=False, save_session=False)
    def together(self, **kw):
        """The together offer of an ``ok`` verify: ``{"point", "handle"}``."""
        if self._too_large():
            return _json({"error": "body larger than 64 KiB"}, 413)
        raw = request.httprequest.get_data(cache=True, as_text=False)
        try:
            body = json_body.parse_object(raw)
        except json_body.BodyError as err:
            return _json({"error": str(err)}, 400)
        point, handle = body.get("point"), body.get("handle")
        if not isinstance(point, str) or not point or not isinstance(handle, str):
            return _json({"error": "'point' and 'handle' must be strings"}, 400)
        try:
            return _json(request.env["pickup.service"].together(handle, point))
        except AccessError as err:
            return _json({"error": str(err)}, 403)

    @http.route(API + "/openapi.json", type="http", auth="public", methods=["GET"],
                readonly=True)
    def openapi(self, **kw):
        from ..openapi import build_spec
        return _json(build_spec(list(verdicts.REASONS)))
