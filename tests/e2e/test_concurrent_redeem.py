"""20 clients redeem the same order at once against a server with 2 workers: exactly one wins,
whether they all hold the buyer's code or are spread over the buyer's and a delegate's.

Odoo's test cursor serialises everything inside TransactionCase/HttpCase, so only a real
server with several workers can show what PostgreSQL does with concurrent claims.
"""

from concurrent.futures import ThreadPoolExecutor

from odoo_rpc import Client, portal_short_code

CLIENTS = 20


def _ready_code(admin):
    company = admin("res.company", "search", [[("name", "ilike", "Good Buy")]])[0]
    ctx = {"allowed_company_ids": [company]}
    point = admin("stock.warehouse", "search", [[("code", "=", "TPE"),
                                                 ("company_id", "=", company)]])[0]
    lin = admin("res.partner", "search", [[("name", "ilike", "Lin Mei-ling")]])[0]
    product = admin("product.product", "search", [[("default_code", "=", "GB-BAKERY")]])[0]
    order = admin("sale.order", "create", [{
        "partner_id": lin, "company_id": company, "warehouse_id": point,
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})],
    }], {"context": ctx})
    admin("sale.order", "action_confirm", [[order]], {"context": ctx})
    codes = admin("pickup.code", "search_read", [[("sale_order_id", "=", order)]],
                  {"fields": ["state"], "context": ctx})
    assert len(codes) == 1 and codes[0]["state"] == "ready", codes
    return order, codes[0]["id"], ctx


def test_twenty_concurrent_redeems_give_exactly_one_ok():
    admin = Client("admin", "admin")
    order, code_id, ctx = _ready_code(admin)
    short = portal_short_code("buyer_lin", "buyer_lin", code_id)
    counter = Client("counter_tpe", "counter_tpe")

    def redeem(i):
        try:
            return counter("pickup.service", "redeem", [short, "TPE"],
                           {"station": "e2e-%d" % i})["reason"]
        except Exception as err:  # noqa: BLE001 - any server error is a result to count
            return "error: %s" % err

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        reasons = list(pool.map(redeem, range(CLIENTS)))
    assert reasons.count("ok") == 1, reasons
    assert set(reasons) == {"ok", "already_redeemed"}, reasons
    done = admin("stock.picking", "search_count",
                 [[("sale_id", "=", order), ("state", "=", "done")]], {"context": ctx})
    handovers = admin("pickup.handover", "search_count", [[("code_id", "=", code_id)]],
                      {"context": ctx})
    assert (done, handovers) == (1, 1)
    log = admin("pickup.attempt", "search_count",
                [[("code_id", "=", code_id), ("action", "=", "redeem")]], {"context": ctx})
    assert log == CLIENTS, "one attempt record per call"


def test_twenty_concurrent_redeems_over_buyer_and_delegate_codes_hand_over_once():
    admin = Client("admin", "admin")
    order, code_id, ctx = _ready_code(admin)
    wizard = admin("pickup.delegate.wizard", "create", [{
        "code_id": code_id, "name": "Aunt May", "phone": "0955111222", "relation": "family"}],
        {"context": ctx})
    admin("pickup.delegate.wizard", "action_create_delegate", [[wizard]], {"context": ctx})
    delegate_id = admin("pickup.code", "search", [[("parent_id", "=", code_id)]],
                        {"context": ctx})[0]
    shorts = [portal_short_code("buyer_lin", "buyer_lin", code_id),
              portal_short_code("buyer_lin", "buyer_lin", delegate_id)]
    assert shorts[0] != shorts[1]
    counter = Client("counter_tpe", "counter_tpe")

    def redeem(i):
        try:
            return counter("pickup.service", "redeem", [shorts[i % 2], "TPE"],
                           {"station": "e2e-pair-%d" % i})["reason"]
        except Exception as err:  # noqa: BLE001 - any server error is a result to count
            return "error: %s" % err

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        reasons = list(pool.map(redeem, range(CLIENTS)))
    assert reasons.count("ok") == 1, reasons
    assert set(reasons) == {"ok", "already_redeemed"}, reasons
    done = admin("stock.picking", "search_count",
                 [[("sale_id", "=", order), ("state", "=", "done")]], {"context": ctx})
    handovers = admin("pickup.handover", "search_count",
                      [[("code_id", "in", [code_id, delegate_id])]], {"context": ctx})
    states = {c["state"] for c in admin("pickup.code", "read", [[code_id, delegate_id],
                                                                 ["state"]], {"context": ctx})}
    assert (done, handovers, states) == (1, 1, {"redeemed"})


def test_a_together_hand_over_racing_a_delegate_hands_each_order_over_once():
    """The buyer's two orders in one hand-over at ten counters while the delegate of the
    second collects it at ten others: each order is handed over exactly once."""
    admin = Client("admin", "admin")
    first_order, first_id, ctx = _ready_code(admin)
    second_order, second_id, _ctx = _ready_code(admin)
    wizard = admin("pickup.delegate.wizard", "create", [{
        "code_id": second_id, "name": "Aunt May", "phone": "0955111222", "relation": "family"}],
        {"context": ctx})
    admin("pickup.delegate.wizard", "action_create_delegate", [[wizard]], {"context": ctx})
    delegate_id = admin("pickup.code", "search", [[("parent_id", "=", second_id)]],
                        {"context": ctx})[0]
    first_short = portal_short_code("buyer_lin", "buyer_lin", first_id)
    delegate_short = portal_short_code("buyer_lin", "buyer_lin", delegate_id)
    counter = Client("counter_tpe", "counter_tpe")
    check = counter("pickup.service", "verify", [first_short, "TPE"], {"station": "e2e-t"})
    assert check["together_count"] >= 1, check
    listed = counter("pickup.service", "together", [check["handle"], "TPE"])["together"]
    offer = [o for o in listed if o["code_id"] == second_id]
    assert offer, listed

    def redeem(i):
        try:
            if i % 2:
                answer = counter("pickup.service", "redeem", [delegate_short, "TPE"],
                                 {"station": "e2e-delegate-%d" % i})
                return "delegate:%s" % answer["reason"]
            answer = counter("pickup.service", "redeem", [first_short, "TPE"],
                             {"station": "e2e-together-%d" % i, "handle": check["handle"],
                              "together": [offer[0]["handle"]]})
            return "together:%s:%s" % (answer["reason"], ",".join(
                r["reason"] for r in answer.get("together", [])))
        except Exception as err:  # noqa: BLE001 - any server error is a result to count
            return "error: %s" % err

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(redeem, range(CLIENTS)))
    assert not [r for r in results if r.startswith("error")], results
    together_ok = [r for r in results if r.startswith("together:ok")]
    assert len(together_ok) == 1, results
    second_by_together = together_ok[0].endswith(":ok")
    delegate_ok = results.count("delegate:ok")
    assert delegate_ok + second_by_together == 1, results
    for order in (first_order, second_order):
        done = admin("stock.picking", "search_count",
                     [[("sale_id", "=", order), ("state", "=", "done")]], {"context": ctx})
        assert done == 1, (order, results)
    handovers = admin("pickup.handover", "search_count",
                      [[("code_id", "in", [second_id, delegate_id])]], {"context": ctx})
    assert handovers == 1, results
