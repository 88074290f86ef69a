"""Load test: many counters scanning at once against a running multi-worker Odoo.

Run with `make load` (starts Odoo with workers on loopback, runs this, stops it), or by hand:
  python3 tests/bench/load_counters.py --url http://127.0.0.1:8069 --db pickup_demo \
      --codes 200 --counters 12 --seconds 30

Drives, for a bounded time: counters verifying and redeeming distinct codes, a hot spot of
clients redeeming one code together, and a brute-force station guessing short codes. Prints
throughput, p50/p95/p99 latency, errors, double redemptions (must be 0) and whether the
brute-force station was rate-limited. Needs the demo data (TPE, Lin, the bakery box) and
admin access (to prepare orders and read the code seeds with the server pepper, as an
administrator's tool may).
"""

import argparse
import importlib.util
import itertools
import os
import random
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def _server_pepper(admin):
    """The pepper from the project's Odoo config file (where scripts/lib.sh keeps it), else
    from a database made before it moved there."""
    import configparser
    conf = os.environ.get("PICKUP_CONF") or os.path.join(
        os.path.dirname(__file__), "..", "..", ".local", "odoo.conf")
    parser = configparser.ConfigParser()
    if parser.read(conf) and parser.get("options", "pickup_code_pepper", fallback=""):
        return parser.get("options", "pickup_code_pepper").encode()
    return (admin("ir.config_parameter", "get_param", ["pickup_code.pepper"]) or "").encode()


def _load_core(name):
    """Import pickup_code/core/<name>.py without importing the Odoo addon."""
    package = "pickup_core_for_load"
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package, ROOT / "pickup_code" / "core" / "__init__.py",
            submodule_search_locations=[str(ROOT / "pickup_code" / "core")])
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    return importlib.import_module("%s.%s" % (package, name))


class Rpc:
    _ids = itertools.count(1)

    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.session = requests.Session()
        self.uid = self._call("common", "login", db, login, password)
        if not self.uid:
            raise SystemExit("cannot log in as %s" % login)

    def _call(self, service, method, *args):
        reply = self.session.post(self.url + "/jsonrpc", json={
            "jsonrpc": "2.0", "method": "call", "id": next(self._ids),
            "params": {"service": service, "method": method, "args": list(args)}},
            timeout=120).json()
        if "error" in reply:
            raise RuntimeError(reply["error"]["data"].get("message"))
        return reply.get("result")

    def __call__(self, model, method, args, kwargs=None):
        return self._call("object", "execute_kw", self.db, self.uid, self.password, model,
                          method, args, kwargs or {})


def _single_product(admin, ctx):
    """A product of its own for this run: no demo stock of it anywhere, so its only stock
    at the point is what the run's parcels bring."""
    bakery = admin("product.product", "search_read", [[("default_code", "=", "GB-BAKERY")]],
                   {"fields": ["categ_id"]})[0]
    return admin("product.product", "create", [{
        "name": "Load-test campaign item %d" % int(time.time()), "is_storable": True,
        "type": "consu", "categ_id": bakery["categ_id"][0], "list_price": 100,
    }], {"context": ctx})


def _scan_in_parcels(admin, counter, ctx, point, product, orders):
    """The campaign's goods arrive at the point in parcels (one receipt per 50 orders, the
    orders in its origin) and are scanned in at the counter, as on a real pickup day:
    since parcels-as-packages each order's goods become a package of their own."""
    supplier = admin("stock.location", "search", [[("usage", "=", "supplier")]],
                     {"limit": 1})[0]
    names = {o["id"]: o["name"] for o in admin("sale.order", "read", [orders, ["name"]],
                                               {"context": ctx})}
    for start in range(0, len(orders), 50):
        batch = orders[start:start + 50]
        ref = "LOAD-%d-%d" % (int(time.time()), start)
        picking = admin("stock.picking", "create", [{
            "picking_type_id": point["in_type_id"][0], "location_id": supplier,
            "location_dest_id": point["lot_stock_id"][0], "pickup_parcel_ref": ref,
            "origin": ",".join(names[o] for o in batch),
            "move_ids": [(0, 0, {"name": "load", "product_id": product,
                                 "product_uom_qty": len(batch), "location_id": supplier,
                                 "location_dest_id": point["lot_stock_id"][0]})],
        }], {"context": ctx})
        admin("stock.picking", "action_confirm", [[picking]], {"context": ctx})
        counter("pickup.counter", "scan_in", [ref, "TPE"])


class WebSession:
    """A browser-like session (cookie): the web client's JSON-RPC and the portal pages,
    the requests Odoo may send to a read replica (routes and methods marked readonly)."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        reply = self.session.post(url + "/web/session/authenticate", json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"db": db, "login": login, "password": password}}, timeout=120).json()
        if "error" in reply:
            raise SystemExit("cannot log in as %s on the web" % login)

    def call_kw(self, model, method, args, kwargs=None):
        reply = self.session.post(self.url + "/web/dataset/call_kw/%s/%s" % (model, method),
                                  json={"jsonrpc": "2.0", "method": "call", "id": 1,
                                        "params": {"model": model, "method": method,
                                                   "args": args, "kwargs": kwargs or {}}},
                                  timeout=120).json()
        if "error" in reply:
            raise RuntimeError(reply["error"]["data"].get("message"))
        return reply["result"]

    def get(self, path):
        # The buyer's language may redirect once (/zh_TW/my/pickups).
        response = self.session.get(self.url + path, timeout=120)
        if response.status_code != 200:
            raise RuntimeError("%s: HTTP %d" % (path, response.status_code))
        return response.text


def prepare(admin, count, single_product=False, counter=None):
    """Create ``count`` ready codes at TPE and return their short codes (derived).

    By default the goods are loose stock at the point (an inventory adjustment). With
    ``single_product`` every order is for one new product whose goods arrive by scan-in.
    """
    company = admin("res.company", "search", [[("name", "ilike", "Good Buy")]])[0]
    ctx = {"allowed_company_ids": [company]}
    point = admin("stock.warehouse", "search_read",
                  [[("code", "=", "TPE"), ("company_id", "=", company)]],
                  {"fields": ["lot_stock_id", "in_type_id"], "context": ctx})[0]
    lin = admin("res.partner", "search", [[("name", "ilike", "Lin Mei-ling")]])[0]
    if single_product:
        product = _single_product(admin, ctx)
    else:
        product = admin("product.product", "search", [[("default_code", "=", "GB-BAKERY")]])[0]
        admin("stock.quant", "create", [{"product_id": product,
                                         "location_id": point["lot_stock_id"][0],
                                         "inventory_quantity": count + 100}],
              {"context": dict(ctx, inventory_mode=True)})
        quants = admin("stock.quant", "search",
                       [[("product_id", "=", product),
                         ("location_id", "=", point["lot_stock_id"][0])]], {"context": ctx})
        admin("stock.quant", "action_apply_inventory", [quants], {"context": ctx})
    orders = admin("sale.order", "create", [[{
        "partner_id": lin, "company_id": company, "warehouse_id": point["id"],
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})],
    } for _i in range(count)]], {"context": ctx})
    for start in range(0, len(orders), 50):
        admin("sale.order", "action_confirm", [orders[start:start + 50]], {"context": ctx})
    if single_product:
        _scan_in_parcels(admin, counter, ctx, point, product, orders)
    codes = admin("pickup.code", "search_read",
                  [[("sale_order_id", "in", orders), ("state", "=", "ready")]],
                  {"fields": ["secret_seed"], "context": ctx})
    pepper = _server_pepper(admin)
    derivation = _load_core("derivation")
    return [(c["id"], derivation.derive(pepper, c["secret_seed"]).short_code) for c in codes]


def _wait_for_transfers(admin, code_ids, limit=180.0):
    """Batch mode: wait until the validation cron has validated every hand-over's transfer.

    :return: (validated after the load, seconds waited, still waiting, failed)
    """
    domain = [("code_id", "in", code_ids)]
    ctx = {"context": {"allowed_company_ids": []}}
    waiting_at_end = admin("pickup.handover", "search_count",
                           [domain + [("transfer_state", "=", "pending")]], ctx)
    start = time.monotonic()
    waiting = waiting_at_end
    while waiting and time.monotonic() - start < limit:
        time.sleep(1)
        waiting = admin("pickup.handover", "search_count",
                        [domain + [("transfer_state", "=", "pending")]], ctx)
    failed = admin("pickup.handover", "search_count",
                   [domain + [("transfer_state", "=", "failed")]], ctx)
    return waiting_at_end - waiting, time.monotonic() - start, waiting, failed


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--codes", type=int, default=200)
    parser.add_argument("--counters", type=int, default=12)
    parser.add_argument("--hot", type=int, default=6, help="clients on the hot-spot code")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--single-product", action="store_true",
                        help="every order for one new product, its parcels scanned in")
    parser.add_argument("--transfer-timing", choices=("counter", "batch"),
                        help="set the company's Validate transfers first (batch: the server "
                             "needs a cron thread to validate after the hand-overs)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a counter spends with each buyer between the hand-over "
                             "and the next scan (0: back to back, the server's saturation)")
    parser.add_argument("--readers", type=int, default=0,
                        help="clients reading the KPI dashboard and the portal pickup list")
    args = parser.parse_args()

    admin = Rpc(args.url, args.db, "admin", "admin")
    if args.transfer_timing:
        company = admin("res.company", "search", [[("name", "ilike", "Good Buy")]])
        admin("res.company", "write", [company, {"pickup_transfer_timing": args.transfer_timing}])
        print("transfers validated: %s" % ("at the counter" if args.transfer_timing == "counter"
                                           else "after the hand-over, in batches (cron)"))
    print("preparing %d ready codes at TPE%s ..."
          % (args.codes, " (one product, parcels scanned in)" if args.single_product else ""),
          flush=True)
    codes = prepare(admin, args.codes, single_product=args.single_product,
                    counter=Rpc(args.url, args.db, "counter_tpe", "counter_tpe"))
    hot_id, hot_code = codes.pop()
    credential = _load_core("credential")
    lock = threading.Lock()
    latencies, results, errors = [], {}, []
    deadline = time.monotonic() + args.seconds
    queue = list(codes)

    by_kind = {}  # "verify" / "redeem" / "hot" -> latencies, to tell where a tail comes from

    def record(reason, elapsed):
        with lock:
            latencies.append(elapsed)
            results[reason] = results.get(reason, 0) + 1
            by_kind.setdefault(reason.split(":")[0], []).append(elapsed)

    def counter(index):
        rpc = Rpc(args.url, args.db, "counter_tpe", "counter_tpe")
        pace = random.Random(index)
        if args.think:  # clerks do not all scan at the same instant
            time.sleep(pace.uniform(0, args.think))
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                _code_id, short = queue.pop()
            for method in ("verify", "redeem"):
                start = time.perf_counter()
                try:
                    answer = rpc("pickup.service", method, [short, "TPE"],
                                 {"station": "load-%d" % index})
                    record("%s:%s" % (method, answer["reason"]), time.perf_counter() - start)
                except Exception as err:  # noqa: BLE001 - counted, not hidden
                    with lock:
                        errors.append(str(err)[:120])
            if args.think:  # the clerk with the buyer: goods fetched, handed, next please
                time.sleep(pace.uniform(0.5, 1.5) * args.think)

    def hot_spot(index):
        rpc = Rpc(args.url, args.db, "counter_tpe", "counter_tpe")
        for _i in range(5):
            start = time.perf_counter()
            try:
                answer = rpc("pickup.service", "redeem", [hot_code, "TPE"],
                             {"station": "hot-%d" % index})
                record("hot:%s" % answer["reason"], time.perf_counter() - start)
            except Exception as err:  # noqa: BLE001
                with lock:
                    errors.append(str(err)[:120])

    brute = {"limited": False, "tries": 0}

    def brute_force():
        rpc = Rpc(args.url, args.db, "counter_tpe", "counter_tpe")
        rng = random.Random(1)
        while time.monotonic() < deadline and brute["tries"] < 200:
            guess = "".join(rng.choice(credential.CROCKFORD_ALPHABET) for _i in range(8))
            answer = rpc("pickup.service", "verify",
                         [guess + credential.check_symbol(guess), "TPE"], {"station": "brute"})
            brute["tries"] += 1
            if answer["reason"] == "rate_limited":
                brute["limited"] = True
                return

    reads = {"dashboard": [], "portal_list": []}

    def reader(index):
        """Alternately the KPI dashboard (a manager) and "My pickups" (a buyer)."""
        manager = WebSession(args.url, args.db, "pickup_manager", "pickup_manager")
        buyer = WebSession(args.url, args.db, "buyer_lin", "buyer_lin")
        while time.monotonic() < deadline:
            for kind, call in (("dashboard", lambda: manager.call_kw(
                                    "pickup.kpi", "get_dashboard", [], {"days": 30})),
                               ("portal_list", lambda: buyer.get("/my/pickups"))):
                start = time.perf_counter()
                try:
                    call()
                    with lock:
                        reads[kind].append(time.perf_counter() - start)
                except Exception as err:  # noqa: BLE001
                    with lock:
                        errors.append("%s: %s" % (kind, str(err)[:120]))
            time.sleep(0.5)

    threads = [threading.Thread(target=counter, args=(i,)) for i in range(args.counters)]
    threads += [threading.Thread(target=reader, args=(i,)) for i in range(args.readers)]
    threads += [threading.Thread(target=hot_spot, args=(i,)) for i in range(args.hot)]
    threads.append(threading.Thread(target=brute_force))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 120)
    elapsed = time.perf_counter() - started

    handovers = admin("pickup.handover", "read_group",
                      [[("code_id", "in", [c for c, _s in codes] + [hot_id])], ["code_id"],
                       ["code_id"]], {"context": {"allowed_company_ids": []}})
    doubles = sum(1 for group in handovers if group["code_id_count"] > 1)
    drained = _wait_for_transfers(admin, [c for c, _s in codes] + [hot_id]) \
        if args.transfer_timing == "batch" else None
    calls = len(latencies)
    print("calls: %d in %.1f s = %.1f calls/s with %d counters + %d hot-spot clients"
          % (calls, elapsed, calls / elapsed if elapsed else 0, args.counters, args.hot))
    print("latency: p50 %.0f ms  p95 %.0f ms  p99 %.0f ms"
          % (pct(latencies, .5), pct(latencies, .95), pct(latencies, .99)))
    if latencies and elapsed:
        # Little's law: requests in the server on average = throughput x mean latency. With
        # clients back to back, it is the number of clients: latency is then queueing for
        # the workers, whatever a request costs.
        print("requests in flight on average: %.1f (clients: %d; think time %.1f s)"
              % (calls / elapsed * sum(latencies) / calls, args.counters + args.hot + 1,
                 args.think))
    for kind, values in sorted(by_kind.items()):
        print("  %s: %d calls  p50 %.0f ms  p95 %.0f ms  p99 %.0f ms"
              % (kind, len(values), pct(values, .5), pct(values, .95), pct(values, .99)))
    print("results:", ", ".join("%s=%d" % item for item in sorted(results.items())))
    print("errors: %d%s" % (len(errors), (" (first: %s)" % errors[0]) if errors else ""))
    print("hot-spot code collected: %d time(s)" % results.get("hot:ok", 0))
    print("double redemptions: %d" % doubles)
    print("redeems ok: %d" % results.get("redeem:ok", 0))
    for kind, values in sorted(reads.items()):
        if args.readers:
            print("reads %s: %d  p50 %.0f ms  p95 %.0f ms"
                  % (kind, len(values), pct(values, .5), pct(values, .95)))
    if drained:
        print("transfers validated by the cron after the load: %d in %.1f s, %d still waiting, "
              "%d failed" % drained)
    print("brute-force station rate-limited: %s after %d guesses"
          % ("yes" if brute["limited"] else "NO", brute["tries"]))
    return 1 if doubles or results.get("hot:ok", 0) > 1 or not brute["limited"] else 0


if __name__ == "__main__":
    sys.exit(main())
