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


def prepare(admin, count):
    """Create ``count`` ready codes at TPE and return their short codes (derived)."""
    company = admin("res.company", "search", [[("name", "ilike", "Good Buy")]])[0]
    ctx = {"allowed_company_ids": [company]}
    point = admin("stock.warehouse", "search_read",
                  [[("code", "=", "TPE"), ("company_id", "=", company)]],
                  {"fields": ["lot_stock_id"], "context": ctx})[0]
    product = admin("product.product", "search", [[("default_code", "=", "GB-BAKERY")]])[0]
    lin = admin("res.partner", "search", [[("name", "ilike", "Lin Mei-ling")]])[0]
    admin("stock.quant", "create", [{"product_id": product,
                                     "location_id": point["lot_stock_id"][0],
                                     "inventory_quantity": count + 100}],
          {"context": dict(ctx, inventory_mode=True)})
    quants = admin("stock.quant", "search", [[("product_id", "=", product),
                                              ("location_id", "=", point["lot_stock_id"][0])]],
                   {"context": ctx})
    admin("stock.quant", "action_apply_inventory", [quants], {"context": ctx})
    orders = admin("sale.order", "create", [[{
        "partner_id": lin, "company_id": company, "warehouse_id": point["id"],
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})],
    } for _i in range(count)]], {"context": ctx})
    for start in range(0, len(orders), 50):
        admin("sale.order", "action_confirm", [orders[start:start + 50]], {"context": ctx})
    codes = admin("pickup.code", "search_read",
                  [[("sale_order_id", "in", orders), ("state", "=", "ready")]],
                  {"fields": ["secret_seed"], "context": ctx})
    pepper = _server_pepper(admin)
    derivation = _load_core("derivation")
    return [(c["id"], derivation.derive(pepper, c["secret_seed"]).short_code) for c in codes]


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
    args = parser.parse_args()

    admin = Rpc(args.url, args.db, "admin", "admin")
    print("preparing %d ready codes at TPE ..." % args.codes, flush=True)
    codes = prepare(admin, args.codes)
    hot_id, hot_code = codes.pop()
    credential = _load_core("credential")
    lock = threading.Lock()
    latencies, results, errors = [], {}, []
    deadline = time.monotonic() + args.seconds
    queue = list(codes)

    def record(reason, elapsed):
        with lock:
            latencies.append(elapsed)
            results[reason] = results.get(reason, 0) + 1

    def counter(index):
        rpc = Rpc(args.url, args.db, "counter_tpe", "counter_tpe")
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

    threads = [threading.Thread(target=counter, args=(i,)) for i in range(args.counters)]
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
    calls = len(latencies)
    print("calls: %d in %.1f s = %.1f calls/s with %d counters + %d hot-spot clients"
          % (calls, elapsed, calls / elapsed if elapsed else 0, args.counters, args.hot))
    print("latency: p50 %.0f ms  p95 %.0f ms  p99 %.0f ms"
          % (pct(latencies, .5), pct(latencies, .95), pct(latencies, .99)))
    print("results:", ", ".join("%s=%d" % item for item in sorted(results.items())))
    print("errors: %d%s" % (len(errors), (" (first: %s)" % errors[0]) if errors else ""))
    print("hot-spot code collected: %d time(s)" % results.get("hot:ok", 0))
    print("double redemptions: %d" % doubles)
    print("brute-force station rate-limited: %s after %d guesses"
          % ("yes" if brute["limited"] else "NO", brute["tries"]))
    return 1 if doubles or results.get("hot:ok", 0) > 1 or not brute["limited"] else 0


if __name__ == "__main__":
    sys.exit(main())
