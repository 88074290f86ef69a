from odoo import SUPERUSER_ID, http
from odoo.http import request

from ..core.payload import MAX_BODY


class DropshipWebhook(http.Controller):
    """Signed vendor webhooks: 401 bad signature, 404 unknown connector, 400 bad body."""

    @http.route("/dropship/webhook/<int:connector_id>", type="http", auth="none",
                methods=["POST"], csrf=False, save_session=False, readonly=False)
    def receive(self, connector_id, **kw):
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY:
            return request.make_json_response({"error": "body larger than 64 KiB"}, status=413)
        # Cached: Odoo runs the route again after a serialization failure and the stream
        # cannot be read twice (uncached, the retry saw an empty body; fault suite).
        body = request.httprequest.get_data(cache=True)
        if len(body) > MAX_BODY:
            return request.make_json_response({"error": "body larger than 64 KiB"}, status=413)
        # The webhook is authenticated by its signature, not by an Odoo session: act as the
        # superuser (a real user, so that chatter and activities have an author).
        request.update_env(user=SUPERUSER_ID)
        connector_sudo = request.env["dropship.connector"].sudo().browse(connector_id).exists()
        if not connector_sudo or not connector_sudo.active:
            return request.make_json_response({"error": "unknown connector"}, status=404)
        status, answer = connector_sudo._receive_webhook(
            body, request.httprequest.headers.get("X-Dropship-Signature"))
        return request.make_json_response(answer, status=status)
