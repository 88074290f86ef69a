"""Benchmark of pickup_code, run inside `odoo shell` by `make bench` (everything rolled back).

Prints: codes issued per second for a campaign of BENCH_ORDERS orders next to the same
campaign's confirmation time without codes (the Odoo baseline), and verify/redeem latency
(p50/p95) next to a plain transfer validation.
"""

import os
import statistics
import time

from odoo import Command

N_ORDERS = int(os.environ.get("BENCH_ORDERS", "2000"))
N_SCANS = int(os.environ.get("BENCH_SCANS", "100"))


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def main(env):
    company = env.company
    company.write({"pickup_issue_trigger": "paid", "pickup_sms_enabled": False})
    point = env["stock.warehouse"].create({"name": "Bench point", "code": "BNCH",
                                           "is_pickup_point": True})
    product = env["product.product"].create({"name": "Bench box", "is_storable": True})
    env["stock.quant"]._update_available_quantity(product, point.lot_stock_id, N_ORDERS * 2)
    partner = env["res.partner"].create({"name": "Bench buyer", "email": "bench@example.com",
                                         "mobile": "0912000000"})
    orders = env["sale.order"].create([{
        "partner_id": partner.id, "warehouse_id": point.id,
        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
    } for _i in range(N_ORDERS)])
    env.flush_all()
    start = time.perf_counter()
    orders.action_confirm()
    env.flush_all()
    confirm_s = time.perf_counter() - start
    start = time.perf_counter()
    codes = env["pickup.code"]._issue_for_orders(orders)
    env.flush_all()
    issue_s = time.perf_counter() - start
    print("campaign of %d orders: confirm (Odoo baseline) %.1f s, issue codes %.1f s "
          "(%.0f codes/s, ratio issue/confirm %.2f)"
          % (N_ORDERS, confirm_s, issue_s, len(codes) / issue_s, issue_s / confirm_s))

    # Bulk issuing queues the notifications; the cron sends them in batches of 200.
    start = time.perf_counter()
    sent = env["pickup.code"]._cron_send_notifications()
    env.flush_all()
    notify_s = time.perf_counter() - start
    print("queued notifications: one cron batch sent %d (SMS off, e-mail queued) in %.1f s "
          "(%.0f codes/s)" % (len(sent), notify_s, len(sent) / notify_s if sent else 0))

    user = env.user
    user.pickup_warehouse_ids |= point
    service = env["pickup.service"]
    sample = codes[:N_SCANS * 2]
    shorts = [code._get_credentials().short_code for code in sample]
    verify_t, redeem_t, baseline_t = [], [], []
    for short in shorts[:N_SCANS]:
        start = time.perf_counter()
        service.verify(short, "BNCH", station="bench")
        verify_t.append(time.perf_counter() - start)
    for short in shorts[:N_SCANS]:
        start = time.perf_counter()
        result = service.redeem(short, "BNCH", station="bench")
        env.flush_all()
        redeem_t.append(time.perf_counter() - start)
        assert result["reason"] == "ok", result
    for code in sample[N_SCANS:]:
        picking = code._get_outgoing_pickings()
        start = time.perf_counter()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(skip_sms=True, skip_backorder=True).button_validate()
        env.flush_all()
        baseline_t.append(time.perf_counter() - start)
    print("verify   p50 %.1f ms  p95 %.1f ms  (n=%d)" % (pct(verify_t, .5), pct(verify_t, .95),
                                                        len(verify_t)))
    print("redeem   p50 %.1f ms  p95 %.1f ms  (n=%d)" % (pct(redeem_t, .5), pct(redeem_t, .95),
                                                        len(redeem_t)))
    print("baseline transfer validation p50 %.1f ms  p95 %.1f ms  (redeem/baseline p50 %.2f)"
          % (pct(baseline_t, .5), pct(baseline_t, .95),
             statistics.median(redeem_t) / statistics.median(baseline_t)))
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is provided by `odoo shell`
