"""Benchmark of pickup_code, run inside `odoo shell` by `make bench` (everything rolled back).

Prints, each next to Odoo's own baseline in the same run (figures, not timed tests):
- codes issued per second for a campaign of BENCH_ORDERS orders, and the same campaign's
  confirmation (without codes) by Odoo;
- the campaign's notices (the cron's batches until the queue is empty): rendered, SMS handed
  to a gateway on loopback (Odoo's IAP SMS API, ``sms.endpoint``), e-mails created in the
  mail queue; next to Odoo's own ``mail.template.send_mail_batch`` of the same template;
- verify latency (p50/p95) on a warm cache and on a cold one (as a fresh request), with its
  queries; redeem latency next to a plain transfer validation.
"""

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo import Command

N_ORDERS = int(os.environ.get("BENCH_ORDERS", "2000"))
N_SCANS = int(os.environ.get("BENCH_SCANS", "100"))
N_BASELINE_MAILS = int(os.environ.get("BENCH_BASELINE_MAILS", "200"))


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


class LoopbackSmsGateway:
    """Odoo's IAP SMS API (``/api/sms/3/send``) on 127.0.0.1: accepts every number."""

    def __init__(self):
        self.calls = self.numbers = 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"] or 0)))
                results = [{"uuid": number["uuid"], "state": "success", "credit": 1}
                           for message in body["params"]["messages"]
                           for number in message["numbers"]]
                gateway.calls += 1
                gateway.numbers += len(results)
                answer = json.dumps({"jsonrpc": "2.0", "id": body.get("id"),
                                     "result": results}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%s" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def bench_issue(env, orders):
    start = time.perf_counter()
    orders.action_confirm()
    env.cr.flush()
    confirm_s = time.perf_counter() - start
    env.invalidate_all()
    start = time.perf_counter()
    codes = env["pickup.code"]._issue_for_orders(orders)
    env.cr.flush()
    issue_s = time.perf_counter() - start
    print("issue codes: campaign of %d orders: Odoo confirms them in %.1f s (baseline); codes "
          "issued in %.2f s = %.0f codes/s, ratio issue/confirm %.3f"
          % (len(orders), confirm_s, issue_s, len(codes) / issue_s, issue_s / confirm_s))
    return codes


def bench_notify(env, codes):
    gateway = LoopbackSmsGateway()
    env["ir.config_parameter"].sudo().set_param("sms.endpoint", gateway.url)
    Code = env["pickup.code"].sudo()
    env.invalidate_all()
    start = time.perf_counter()
    batches = sent = 0
    while True:  # as Odoo's cron loop does while _notify_progress reports more
        batch = Code._cron_send_notifications()
        env.flush_all()
        if not batch:
            break
        batches += 1
        sent += len(batch)
    notify_s = time.perf_counter() - start
    mails = env["mail.mail"].sudo().search_count([("pickup_code_id", "in", codes.ids)])
    print("notices: %d codes in %d cron batches in %.2f s = %.0f notices/s (rendered; %d SMS "
          "handed to the gateway in %d calls, %d e-mails in the mail queue)"
          % (sent, batches, notify_s, sent / notify_s if notify_s else 0, gateway.numbers,
             gateway.calls, mails))
    gateway.server.shutdown()
    # Odoo's own way to mail a template to many records, same template and codes.
    sample = codes[:N_BASELINE_MAILS]
    template = env.ref("pickup_code.mail_template_pickup_ready").sudo()
    ctx = sample[0]._get_notify_context()
    env.invalidate_all()
    start = time.perf_counter()
    template.with_context(**ctx).send_mail_batch(sample.ids)
    env.flush_all()
    baseline_s = time.perf_counter() - start
    print("  baseline: Odoo's mail.template.send_mail_batch of the same template for %d codes: "
          "%.2f s = %.0f e-mails/s (e-mail only, no SMS)"
          % (len(sample), baseline_s, len(sample) / baseline_s))


def bench_scans(env, codes, point):
    env.user.pickup_warehouse_ids |= point
    service = env["pickup.service"]
    sample = codes[:N_SCANS * 3]
    shorts = [code._get_credentials().short_code for code in sample]
    warm_t, cold_t, redeem_t, baseline_t = [], [], [], []
    # Warm: the codes' data in memory, as right after issuing (the earlier figure's setting).
    sample._prefetch_goods()
    sample.sudo().mapped("entitlement_id.handover_count")
    env.flush_all()
    queries = env.cr.sql_log_count
    for short in shorts[:N_SCANS]:
        start = time.perf_counter()
        service.verify(short, point.code, station="bench")
        env.flush_all()
        warm_t.append(time.perf_counter() - start)
    warm_q = (env.cr.sql_log_count - queries) / N_SCANS
    queries = env.cr.sql_log_count
    for short in shorts[N_SCANS:N_SCANS * 2]:
        env.invalidate_all()  # as a fresh request: nothing of the code in the cache
        start = time.perf_counter()
        service.verify(short, point.code, station="bench")
        env.flush_all()
        cold_t.append(time.perf_counter() - start)
    cold_q = (env.cr.sql_log_count - queries) / N_SCANS
    # The together list, asked by the counter after a verify that counts some (this
    # campaign's buyers have hundreds of orders ready here: the list's upper bound).
    checks = [service.verify(short, point.code, station="bench")
              for short in shorts[N_SCANS:N_SCANS + N_SCANS // 5]]
    listed_t = []
    for check in checks:
        env.invalidate_all()
        start = time.perf_counter()
        listed = service.together(check["handle"], point.code)["together"]
        env.flush_all()
        listed_t.append(time.perf_counter() - start)
    # Redeem and the plain validation alternate so that both see the same machine load, and
    # each ends with cr.flush(), which runs the precommit hooks (the chatter's tracking):
    # env.flush_all() leaves those to the commit, and the baseline did not pay its own.
    for short, code in zip(shorts[:N_SCANS], sample[N_SCANS * 2:], strict=True):
        start = time.perf_counter()
        result = service.redeem(short, point.code, station="bench")
        env.cr.flush()
        redeem_t.append(time.perf_counter() - start)
        assert result["reason"] == "ok", result
        picking = code._get_outgoing_pickings()
        start = time.perf_counter()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(skip_sms=True, skip_backorder=True).button_validate()
        env.cr.flush()
        baseline_t.append(time.perf_counter() - start)
    print("verify (warm cache: code data in memory) p50 %.1f ms  p95 %.1f ms  %.0f queries  (n=%d)"
          % (pct(warm_t, .5), pct(warm_t, .95), warm_q, len(warm_t)))
    print("verify (cold cache, a fresh request) p50 %.1f ms  p95 %.1f ms  %.0f queries  (n=%d)"
          % (pct(cold_t, .5), pct(cold_t, .95), cold_q, len(cold_t)))
    print("  together list after a verify (cold, %d orders listed) p50 %.1f ms  (n=%d)"
          % (len(listed), pct(listed_t, .5), len(listed_t)))
    print("redeem   p50 %.1f ms  p95 %.1f ms  (n=%d)"
          % (pct(redeem_t, .5), pct(redeem_t, .95), len(redeem_t)))
    print("baseline transfer validation p50 %.1f ms  p95 %.1f ms  (redeem/baseline p50 %.2f)"
          % (pct(baseline_t, .5), pct(baseline_t, .95),
             pct(redeem_t, .5) / pct(baseline_t, .5)))


def main(env):
    print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
    company = env.company
    # Issued on payment: confirming is Odoo's alone; ready notices go by SMS and e-mail.
    company.write({"pickup_issue_trigger": "paid", "pickup_sms_enabled": True})
    # Only this campaign in the notice queue (the demo may have some queued).
    env["pickup.code"].sudo().search([("notify_pending", "!=", False)]).write(
        {"notify_pending": False})
    point = env["stock.warehouse"].create({"name": "Bench point", "code": "BNCH",
                                           "is_pickup_point": True})
    product = env["product.product"].create({"name": "Bench box", "is_storable": True})
    env["stock.quant"]._update_available_quantity(product, point.lot_stock_id, N_ORDERS * 2)
    taiwan = env.ref("base.tw")
    partners = env["res.partner"].create([
        {"name": "Bench buyer %s" % i, "email": "bench%s@example.com" % i,
         "mobile": "09120000%02d" % i, "lang": lang, "country_id": taiwan.id}
        for i, lang in enumerate(["en_US", "zh_TW"] * 5)])
    orders = env["sale.order"].create([{
        "partner_id": partners[i % len(partners)].id, "warehouse_id": point.id,
        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
    } for i in range(N_ORDERS)])
    env.flush_all()
    codes = bench_issue(env, orders)
    bench_notify(env, codes)
    bench_scans(env, codes, point)
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is provided by `odoo shell`
