"""Vendor API 5xx and timeouts on the running server: the order reaches the vendor exactly once
(same Idempotency-Key on every try), and a vendor that keeps failing is flagged to staff.

Real parts: the reference vendor (tests/vendor) on loopback, the demo Green Farm connector
pointed at it, Odoo's purchase confirmation and the connector's job cron.
"""

import sys
import threading
import time
from pathlib import Path

import pytest
from faults import (
    backends_waiting_on_locks,
    figure,
    new_ready_order,
    pg,
    query,
    run_cron,
    wait_for,
    xmlid,
)
from odoo_rpc import URL

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "vendor"))
from reference_vendor import ReferenceVendor  # noqa: E402

JOB_CRON = "dropship_connectors.cron_dropship_jobs"


@pytest.fixture
def vendor(admin):
    """The Green Farm connector talks to a reference vendor of ours (1 s timeout); restored."""
    connector = xmlid(admin, "dropship_connectors.demo_connector_green_farm")
    fields = ["base_url", "api_key", "timeout", "webhook_secret"]
    saved = admin("dropship.connector", "read", [[connector], fields])[0]
    with ReferenceVendor(api_key="fault-key", secret="fault-secret") as ref:
        admin("dropship.connector", "write", [[connector], {
            "base_url": ref.url, "api_key": "fault-key", "timeout": 1.0,
            "webhook_secret": "fault-secret"}])
        try:
            yield ref
        finally:
            admin("dropship.connector", "write", [[connector],
                                                  {f: saved[f] for f in fields}])


def _confirmed_purchase(admin):
    order, code, ctx = new_ready_order(admin, product="GF-FRUIT", stock=False)
    name = admin("sale.order", "read", [[order], ["name"]], {"context": ctx})[0]["name"]
    purchase = admin("purchase.order", "search", [[("origin", "ilike", name)]],
                     {"context": ctx})
    assert len(purchase) == 1, purchase
    admin("purchase.order", "button_confirm", [purchase], {"context": ctx})
    jobs = admin("dropship.job", "search", [[("purchase_id", "=", purchase[0])]],
                 {"context": ctx})
    assert len(jobs) == 1
    return purchase[0], jobs[0], ctx, code


def _run_jobs(admin, job, ctx):
    """Make the job due and run the cron once; returns (seconds, job state)."""
    admin("dropship.job", "write", [[job], {"next_try": "2000-01-01 00:00:00"}], {"context": ctx})
    seconds = run_cron(admin, JOB_CRON)
    state = admin("dropship.job", "read", [[job], ["state", "attempts", "last_error"]],
                  {"context": ctx})[0]
    return seconds, state


def test_vendor_5xx_and_timeout_then_accepted_once(admin, vendor):
    vendor.fail_next(2, status=503)
    purchase, job, ctx, _code = _confirmed_purchase(admin)
    name = admin("purchase.order", "read", [[purchase], ["name"]], {"context": ctx})[0]["name"]
    trace = []
    for i in range(6):
        if i == 2:
            vendor.slow_next(1, 3.0)  # the vendor answers after the client gave up
        seconds, state = _run_jobs(admin, job, ctx)
        trace.append((round(seconds, 1), state["attempts"], state["state"],
                      (state["last_error"] or "")[:40]))
        if state["state"] != "pending":
            break
    assert state["state"] == "done", trace
    assert state["attempts"] == 4, trace
    assert "503" in trace[0][3] and "503" in trace[1][3] and "Timeout" in trace[2][3], trace
    assert trace[2][0] < 10, "a timeout costs about the connector's 1 s, not the cron's time"
    assert vendor.orders[name]["received"] == 1, "the vendor created the order once"
    orders = [r for r in vendor.requests if r["path"] == "/orders"]
    created = [r for r in orders if 200 <= (r["status"] or 0) < 300 and not r["replayed"]]
    assert len(created) == 1, orders  # the timed-out try and the retry: one creation, one replay
    keys = {r["idempotency_key"] for r in vendor.requests if r["path"] == "/orders"}
    assert len(keys) == 1, "every try carried the same Idempotency-Key"
    sent = admin("purchase.order", "read", [[purchase], ["dropship_state"]],
                 {"context": ctx})[0]["dropship_state"]
    assert sent in ("sent", "accepted"), sent
    figure("vendor 503, 503, timeout (1 s limit, vendor sleeping 3 s), then accepted: job done "
           "after 4 attempts, vendor received the order once; per try (s, attempts, state): "
           "%s" % [t[:3] for t in trace])


def test_vendor_failing_every_try_is_flagged_and_can_be_retried(admin, vendor):
    vendor.fail_next(3, status=500)
    purchase, job, ctx, _code = _confirmed_purchase(admin)
    admin("dropship.job", "write", [[job], {"max_attempts": 3}], {"context": ctx})
    for _i in range(3):
        _seconds, state = _run_jobs(admin, job, ctx)
    assert (state["state"], state["attempts"]) == ("failed", 3), state
    activities = admin("mail.activity", "search_count", [[
        ("res_model", "=", "purchase.order"), ("res_id", "=", purchase)]])
    assert activities >= 1, "the buyer of the purchase gets a to-do"
    started = time.monotonic()
    admin("dropship.job", "action_retry", [[job]], {"context": ctx})
    _seconds, state = _run_jobs(admin, job, ctx)
    assert state["state"] == "done", state
    name = admin("purchase.order", "read", [[purchase], ["name"]], {"context": ctx})[0]["name"]
    assert vendor.orders[name]["received"] == 1
    figure("vendor 500 on every try: job failed after 3 attempts with an activity on the "
           "purchase; manual retry delivered it once (%.1f s)" % (time.monotonic() - started))


def test_webhook_retried_by_odoo_after_a_serialization_failure_is_applied_once(admin, vendor):
    """The vendor's "arrived" webhook meets a conflicting commit on the code row: Odoo runs the
    route again, which must see the same body and signature (200, the code ready once)."""
    vendor.reset()
    purchase, job, ctx, code_id = _confirmed_purchase(admin)
    _seconds, state = _run_jobs(admin, job, ctx)
    assert state["state"] == "done", state
    name = admin("purchase.order", "read", [[purchase], ["name"]], {"context": ctx})[0]["name"]
    assert query("SELECT state FROM pickup_code WHERE id = %s", code_id)[0][0] == "issued"
    # This server, not the base URL the order was sent with (the database's web.base.url).
    callback = "%s/dropship/webhook/%s" % (
        URL, xmlid(admin, "dropship_connectors.demo_connector_green_farm"))
    blocker = pg(autocommit=False)
    answer = {}
    try:
        with blocker.cursor() as cr:
            cr.execute("UPDATE pickup_code SET write_date = write_date WHERE id = %s", (code_id,))
            thread = threading.Thread(
                target=lambda: answer.setdefault("statuses", vendor.emit(
                    name, "arrived", callback_url=callback)))
            thread.start()
            wait_for(lambda: [b for b in backends_waiting_on_locks() if "pickup_code" in b[2]],
                     what="the webhook to block on the code row")
        blocker.commit()  # the webhook's snapshot predates it: Odoo retries the route
        thread.join(60)
    finally:
        blocker.close()
    assert answer["statuses"] == [200], answer
    assert query("SELECT state FROM pickup_code WHERE id = %s", code_id)[0][0] == "ready"
    events = query("SELECT status FROM dropship_event WHERE purchase_id = %s "
                   "AND event = 'arrived'", purchase)
    assert events == [("processed",)], "the rolled-back try left no event row"
    figure("vendor webhook retried by Odoo after a serialization failure: answered %s, code "
           "ready once (the retried route read the same body and signature)"
           % answer["statuses"])
