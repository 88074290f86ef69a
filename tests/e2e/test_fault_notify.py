"""Faults in the notification path on the running server: SMS gateway down or slow, SMTP down
or dropping the connection. Afterwards no notification is lost: it arrived, it is still queued
for another try, or it is flagged to staff.

Real parts: Odoo's own SMS sending (``sms.sms`` → IAP JSON-RPC) pointed by the ``sms.endpoint``
system parameter at a loopback gateway; Odoo's mail queue with an ``ir.mail_server`` pointing
at a loopback SMTP server or at a closed port.
"""

import email
import time

import pytest
from faults import (
    FakeSmsGateway,
    SmtpServer,
    closed_port,
    figure,
    new_ready_order,
    run_cron,
)
from odoo_rpc import portal_short_code

MAIL_CRON = "mail.ir_cron_mail_scheduler_action"
NOTIFY_CRON = "pickup_code.cron_pickup_notify"


@pytest.fixture
def wiring(admin):
    """Point SMS at a fake gateway and mail at a fake SMTP server; restore everything after."""
    keys = ("sms.endpoint", "pickup_code.notify_max_attempts")
    saved = {key: admin("ir.config_parameter", "get_param", [key]) for key in keys}
    created = []
    # Start from an empty queue: codes of earlier e2e tests wait for the notification cron
    # (this server runs no cron thread), and their messages would reach the fault gateway.
    # The administrator's own companies: another may exist that admin is not in (the
    # tier-2 concurrency tests commit theirs, in a company of its own).
    companies = {"allowed_company_ids": admin("res.users", "read", [[admin.uid],
                                                                    ["company_ids"]])[0][
        "company_ids"]}
    queued = admin("pickup.code", "search", [[("notify_pending", "!=", False)]],
                   {"context": companies})
    admin("pickup.code", "write", [queued, {"notify_pending": False}], {"context": companies})

    def connect(gateway=None, smtp_port=None):
        if gateway:
            admin("ir.config_parameter", "set_param", ["sms.endpoint", gateway.url])
        if smtp_port:
            if created:  # one fault server at a time
                admin("ir.mail_server", "write", [created, {"active": False}])
            created.append(admin("ir.mail_server", "create", [{
                "name": "fault suite %s" % smtp_port, "smtp_host": "127.0.0.1",
                "smtp_port": smtp_port, "smtp_encryption": "none", "sequence": 1}]))

    yield connect
    for key, value in saved.items():
        admin("ir.config_parameter", "set_param", [key, value or False])
    if created:
        admin("ir.mail_server", "unlink", [created])


def _code(admin, code_id):
    return admin("pickup.code", "read", [[code_id], [
        "notify_state", "notify_attempt_count", "notify_pending", "notify_error",
        "notify_mail_id", "activity_ids", "state"]])[0]


def _bodies(message):
    parsed = email.message_from_string(message)
    parts = parsed.walk() if parsed.is_multipart() else [parsed]
    return " ".join((p.get_payload(decode=True) or b"").decode("utf-8", "replace")
                    for p in parts if not p.is_multipart())


def _plain(short):
    return short.replace("-", "").replace(" ", "")


def _mails_holding(admin, short):
    """mail.mail rows whose body holds the code (admin sees the queue)."""
    mails = admin("mail.mail", "search_read", [[("state", "in", ("outgoing", "exception"))]],
                  {"fields": ["body_html", "state"]})
    return [m for m in mails if _plain(short) in _plain(m["body_html"] or "")]


def _code_mail(admin, code_id):
    """The e-mail the code's notification queued (a system-only link, read as admin)."""
    mail = admin("pickup.code", "read", [[code_id], ["notify_mail_id"]])[0]["notify_mail_id"]
    assert mail, "the code's e-mail is still linked"
    return admin("mail.mail", "read", [[mail[0]], ["state", "body_html"]])[0]


def test_sms_gateway_down_falls_back_to_email_that_arrives(admin, wiring):
    with FakeSmsGateway(mode="error") as gateway, SmtpServer() as smtp:
        wiring(gateway=gateway, smtp_port=smtp.port)
        started = time.monotonic()
        _order, code_id, _ctx = new_ready_order(admin)
        confirm_s = time.monotonic() - started
        assert _code(admin, code_id)["notify_pending"] == "ready", "queued, not sent inline"
        assert gateway.calls == 0
        send_s = run_cron(admin, NOTIFY_CRON)  # what the cron trigger does at once
        code = _code(admin, code_id)
        assert code["notify_state"] == "mail_fallback", code
        assert gateway.calls == 1 and not gateway.sent
        short = portal_short_code("buyer_lin", "buyer_lin", code_id)
        sms_left = admin("sms.sms", "search_count", [[("body", "ilike", short[:4])]])
        assert sms_left == 0, "a failed SMS holding the code is not kept"

        run_cron(admin, MAIL_CRON)
        delivered = [m for m in smtp.messages if _plain(short) in _plain(_bodies(m))]
        assert len(delivered) == 1, "the e-mail with the code reached the SMTP server once"
        run_cron(admin, NOTIFY_CRON)
        code = _code(admin, code_id)
        assert (code["notify_attempt_count"], code["notify_pending"]) == (0, False), code
        assert not _mails_holding(admin, short)
    figure("SMS gateway HTTP 500: order confirmed in %.2f s (news queued), notification cron "
           "%.2f s, %d gateway call, SMS not kept, e-mail delivered (notify_state=mail_fallback)"
           % (confirm_s, send_s, gateway.calls))


def test_sms_gateway_slow_times_out_and_falls_back(admin, wiring):
    with FakeSmsGateway(mode="slow", slow_seconds=17) as gateway, SmtpServer() as smtp:
        wiring(gateway=gateway, smtp_port=smtp.port)
        started = time.monotonic()
        order, code_id, ctx = new_ready_order(admin)
        confirm_s = time.monotonic() - started
        state = admin("sale.order", "read", [[order], ["state"]], {"context": ctx})[0]["state"]
        assert state == "sale"
        assert confirm_s < 10, "the confirmation does not wait on the gateway: %s" % confirm_s
        send_s = run_cron(admin, NOTIFY_CRON)
        code = _code(admin, code_id)
        assert code["notify_state"] == "mail_fallback", code
        assert 14 < send_s < 45, send_s
    figure("SMS gateway sleeping 17 s: order confirmed in %.2f s (news queued); the "
           "notification cron hit Odoo's IAP timeout (15 s) after %.1f s, e-mail fallback"
           % (confirm_s, send_s))


def test_smtp_and_sms_down_are_retried_then_flagged_then_recover(admin, wiring):
    admin("ir.config_parameter", "set_param", ["pickup_code.notify_max_attempts", "2"])
    with FakeSmsGateway(mode="error") as gateway, SmtpServer() as smtp:
        wiring(gateway=gateway, smtp_port=closed_port())
        _order, code_id, ctx = new_ready_order(admin)
        short = portal_short_code("buyer_lin", "buyer_lin", code_id)
        run_cron(admin, NOTIFY_CRON)
        assert _code(admin, code_id)["notify_state"] == "mail_fallback"

        run_cron(admin, MAIL_CRON)  # SMTP connection refused: Odoo marks the mail failed
        failed = _code_mail(admin, code_id)
        assert failed["state"] == "exception", "Odoo keeps the failed e-mail (never resent)"
        assert not _mails_holding(admin, short), "emptied at once: the code is not kept"
        run_cron(admin, NOTIFY_CRON)
        code = _code(admin, code_id)
        assert (code["notify_state"], code["notify_attempt_count"], code["notify_pending"]) \
            == ("retrying", 1, "ready"), code
        assert "E-mail not delivered" in code["notify_error"]
        assert not _mails_holding(admin, short), "the failed e-mail holding the code is gone"

        # Next try (made due now): SMS still 500, e-mail refused again → flagged.
        admin("pickup.code", "write", [[code_id], {"notify_retry_date": "2000-01-01 00:00:00"}])
        run_cron(admin, NOTIFY_CRON)
        assert _code(admin, code_id)["notify_state"] == "mail_fallback"
        run_cron(admin, MAIL_CRON)
        run_cron(admin, NOTIFY_CRON)
        code = _code(admin, code_id)
        assert (code["notify_state"], code["notify_attempt_count"], code["notify_pending"]) \
            == ("failed", 2, False), code
        assert code["activity_ids"], "staff get a to-do"
        flagged = admin("pickup.code", "search", [[("notify_state", "=", "failed"),
                                                   ("id", "=", code_id)]], {"context": ctx})
        assert flagged == [code_id], "the 'Buyer not notified' filter finds it"
        assert not _mails_holding(admin, short)
        sms_calls_while_down = gateway.calls

        # Gateway and SMTP back: staff re-send, the buyer gets it.
        gateway.mode = "ok"
        wiring(smtp_port=smtp.port)
        admin("pickup.code", "action_resend", [[code_id]], {"context": ctx})
        code = _code(admin, code_id)
        assert (code["notify_state"], code["notify_attempt_count"]) == ("sent", 0), code
        assert [s["number"] for s in gateway.sent] == ["+886912345678"]
    figure("SMTP refused + SMS 500: %d SMS calls and 2 e-mails failed → retrying (1), then "
           "flagged after 2 attempts (activity + chatter); failed e-mails holding the code "
           "deleted; re-send after recovery: SMS accepted" % sms_calls_while_down)


def test_smtp_dropping_the_connection_mid_send_is_retried_and_delivered_once(admin, wiring):
    with FakeSmsGateway(mode="error") as gateway, SmtpServer() as smtp:
        wiring(gateway=gateway, smtp_port=smtp.port)
        run_cron(admin, MAIL_CRON)  # empty the queue: ours is the first mail sent below
        before = smtp.connections
        smtp.mode = "drop"
        _order, code_id, _ctx = new_ready_order(admin)
        short = portal_short_code("buyer_lin", "buyer_lin", code_id)
        run_cron(admin, NOTIFY_CRON)
        run_cron(admin, MAIL_CRON)
        assert smtp.connections > before
        assert not [m for m in smtp.messages if _plain(short) in _plain(_bodies(m))]
        # Odoo marks a mail failed before handing it to SMTP (so that it is never sent twice)
        # and does not send it again: our cron counts it and queues the code again. Its body
        # was emptied at once.
        assert _code_mail(admin, code_id)["state"] == "exception"
        assert not _mails_holding(admin, short)
        run_cron(admin, NOTIFY_CRON)
        code = _code(admin, code_id)
        assert (code["notify_state"], code["notify_attempt_count"]) == ("retrying", 1), code
        assert not _mails_holding(admin, short)

        smtp.mode = "accept"
        admin("pickup.code", "write", [[code_id], {"notify_retry_date": "2000-01-01 00:00:00"}])
        run_cron(admin, NOTIFY_CRON)  # SMS still 500: a new e-mail is queued
        run_cron(admin, MAIL_CRON)
        delivered = [m for m in smtp.messages if _plain(short) in _plain(_bodies(m))]
        assert len(delivered) == 1
        run_cron(admin, NOTIFY_CRON)
        code = _code(admin, code_id)
        assert (code["notify_state"], code["notify_attempt_count"]) == ("mail_fallback", 0), code
    figure("SMTP dropping the connection after MAIL FROM: Odoo marks the e-mail failed (never "
           "sent twice, never retried by Odoo); the notification cron counts it, re-sends after "
           "the back-off, delivered once")
