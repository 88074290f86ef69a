#!/usr/bin/env python3
"""Write a realistic, seeded pickup campaign history into an Odoo 18 database.

Usage (connection from the PG* environment variables, like psql)::

    python data/generate_history.py --db kpigen [--orders 200000 --attempts 1000000
        --points 20 --months 12 --seed 42 --label gen2026]

What it writes, for the company of warehouse ``TPE`` (the demo company 好物團購):

1. Through the ORM, in one short ``odoo shell`` step (only what is missing; shared by all
   labels): pickup points ``GEN01`` .. ``GEN20`` (warehouses with a partner and a city),
   product categories ``GEN history / <n> <name>`` with one storable product each, and one
   UTM campaign per half month.
2. Through bulk SQL (COPY in batches of 10,000 rows, one transaction): buyers
   (``res_partner``), ``sale_order`` + one ``sale_order_line`` each, one ``pickup_code`` per
   order, ``pickup_handover`` per collected code, ``pickup_event`` timeline rows,
   ``pickup_attempt`` scans with a valid hash chain per station (computed with
   ``pickup_code/core/hash_chain.py`` over the fields of ``pickup.attempt._hashed_fields``),
   the chain heads (``pickup_attempt_chain``), ``pickup_dispute`` and ``pickup_anomaly`` rows.

Every generated row carries the run label: orders ``client_order_ref = 'GEN:<label>'``,
buyers ``ref = 'GEN:<label>'``, stations ``gen-<label>-<point>-<n>``. A new run with the same
label first deletes those rows, so the generator is idempotent per label. A manifest (seed,
planted patterns, row counts) is kept in ``ir_config_parameter`` under
``pickup_code.generated_history.<label>`` for the benchmark (``tests/bench/bench_kpi.py``).

Planted patterns (what the analytics must find):

- point ``GEN07``: confirmed false pickups (dispute ``not_collected``, state ``confirmed``)
  rise linearly from 0.1 % of its redemptions in the first month to 2 % in the last;
- category #3 (Appliances 家電): three times the dispute rate of the other categories;
- one day (``--outlier-days-ago``, default 100 days ago, Taiwan time): ten times the usual
  failed scans (unknown or malformed input), a guessing burst at one station.

Not generated: inventory adjustments. The KPI reads them from applied counts
(``stock.move`` with ``is_inventory``) against the quants they leave behind; faking done
moves without quants and move lines would give meaningless (counted, system) pairs.

Randomness comes from one ``random.Random`` seeded with ``<seed>/<label>``, and every time is
relative to ``--now`` (default: the moment of the run): the same seed, label and ``--now``
give the same history (ids aside, which come from the database sequences).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import heapq
import importlib.util
import io
import json
import math
import os
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from random import Random

import psycopg2
from psycopg2.extras import execute_values

ROOT = Path(__file__).resolve().parent.parent
BATCH = 10_000
TZ_OFFSET = 8 * 3600  # Asia/Taipei, no daylight saving time
MANIFEST_KEY = "pickup_code.generated_history.%s"


def _load(name, path):
    """Import a standard-library-only module of the addons by path (no Odoo needed)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hash_chain = _load("pickup_hash_chain", "pickup_code/core/hash_chain.py")
const = _load("pickup_const", "pickup_code/const.py")

# --------------------------------------------------------------------------- the story

# code suffix, name, city, region, relative size, extra paid->ready hours (remote points)
POINTS = [
    ("信義取貨點", "Taipei", "north", 1.4, 0), ("中山取貨點", "Taipei", "north", 1.2, 0),
    ("板橋取貨點", "New Taipei", "north", 1.2, 0), ("新莊取貨點", "New Taipei", "north", 1.0, 0),
    ("中壢取貨點", "Taoyuan", "north", 1.0, 0), ("竹北取貨點", "Hsinchu", "north", 0.9, 2),
    ("西屯取貨點", "Taichung", "central", 1.1, 4), ("北區取貨點", "Taichung", "central", 0.9, 4),
    ("彰化取貨點", "Changhua", "central", 0.6, 6), ("東區取貨點", "Tainan", "south", 0.9, 8),
    ("左營取貨點", "Kaohsiung", "south", 1.1, 8), ("三民取貨點", "Kaohsiung", "south", 0.9, 8),
    ("基隆取貨點", "Keelung", "north", 0.5, 2), ("宜蘭取貨點", "Yilan", "east", 0.5, 10),
    ("苗栗取貨點", "Miaoli", "central", 0.4, 6), ("嘉義取貨點", "Chiayi", "south", 0.5, 8),
    ("屏東取貨點", "Pingtung", "south", 0.5, 10), ("花蓮取貨點", "Hualien", "east", 0.4, 16),
    ("台東取貨點", "Taitung", "east", 0.3, 20), ("南投取貨點", "Nantou", "central", 0.4, 8),
]
PLANTED_POINT = "GEN07"
PLANTED_CATEGORY = 3  # 1-based, as in "category #3"
# Fresh and bakery goods (0-based category indexes) are perishable: a 2-day window, and one
# that expires after becoming ready counts as spoiled in the KPIs.
PERISHABLE_CATEGORIES = (0, 1)
PERISHABLE_WINDOW_DAYS = 2

# category name, product name, default code, price, share of orders
CATEGORIES = [
    ("1 生鮮 Fresh", "鮮蔬箱 Fresh vegetable box", "GEN-FRESH", 450, 0.32),
    ("2 烘焙 Bakery", "烘焙禮盒 Bakery gift box", "GEN-BAKE", 320, 0.26),
    ("3 家電 Appliances", "電子鍋 Rice cooker", "GEN-APPL", 2490, 0.17),
    ("4 日用品 Household", "洗衣精組 Detergent set", "GEN-HOME", 399, 0.25),
]
CATEGORY_PARENT = "GEN history"

ORDER_HOURS = [0.3, 0.15, 0.08, 0.05, 0.04, 0.05, 0.1, 0.25, 0.45, 0.6, 0.75, 0.9,
               1.2, 1.1, 0.9, 0.85, 0.85, 0.9, 1.0, 1.2, 1.5, 1.7, 1.6, 0.9]
ORDER_WEEKDAYS = [1.1, 1.0, 1.0, 1.0, 1.05, 0.9, 1.1]  # Monday first
# Points open 10:00-21:00; evening rush after work.
PICKUP_HOURS = {10: 0.5, 11: 0.7, 12: 1.2, 13: 1.0, 14: 0.7, 15: 0.7, 16: 0.8, 17: 1.1,
                18: 1.6, 19: 1.8, 20: 1.3}
PICKUP_WEEKDAYS = [0.85, 0.9, 0.9, 0.95, 1.1, 1.35, 1.25]
RUSH = {18: 1.4, 19: 1.4, 20: 1.2}  # more failed guesses when the queue is long
REDEEM_DELAY_DAYS = [0.35, 0.25, 0.15, 0.1, 0.07, 0.05, 0.03]

# Share of all attempts for each refusal reason (about 7 %; unknown + malformed about 3 %).
FAILURE_MIX = {
    "unknown": 0.020, "malformed": 0.010, "not_ready": 0.012, "already_redeemed": 0.008,
    "expired": 0.006, "wrong_pickup_point": 0.004, "id_mismatch": 0.003,
    "id_required": 0.002, "otp_mismatch": 0.001, "signature_required": 0.001,
    "items_incomplete": 0.001, "approval_required": 0.001, "revoked": 0.001,
    "locked": 0.0005, "rate_limited": 0.0005,
}
REASONS = ("ok", *FAILURE_MIX)
LOOKUP_SHARE = 0.03
GUESS_REASONS = ("unknown", "malformed")

DISPUTE_RATE = 0.005  # disputes per redemption, all categories
DISPUTE_TYPES = [("not_collected", 0.35), ("wrong_items", 0.30), ("damaged", 0.25),
                 ("other", 0.10)]
CONFIRM_SHARE = {"not_collected": 0.25, "wrong_items": 0.5, "damaged": 0.6, "other": 0.2}
WRONGFUL_FROM, WRONGFUL_TO = 0.001, 0.02

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高"
GIVEN = "怡君雅婷志明家豪淑芬美玲建宏俊傑宗翰佩珊冠宇嘉慧欣怡子涵承恩柏翰宜蓁詩涵品妤"
DELEGATE_RELATIONS = ["family", "family", "friend", "colleague", "courier"]


# --------------------------------------------------------------------------- helpers


class Progress:
    """One stderr line per 5 % of the rows to write, plus phase lines."""

    def __init__(self, total):
        self.total = max(total, 1)
        self.done = 0
        self.next_step = 5
        self.start = time.monotonic()

    def elapsed(self):
        return time.monotonic() - self.start

    def phase(self, message):
        print("[%6.1f s] %s" % (self.elapsed(), message), file=sys.stderr, flush=True)

    def add(self, rows, table):
        self.done += rows
        percent = 100 * self.done // self.total
        if percent >= self.next_step:
            self.next_step = percent - percent % 5 + 5
            self.phase("%3d%% written (%s, %d of %d rows)"
                       % (percent, table, self.done, self.total))


def fmt_ts(ts):
    """Epoch seconds (UTC) as Odoo stores a Datetime: naive UTC, whole seconds."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts))


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    return str(value)


class Writer:
    """COPY rows into one table in batches, keeping only the columns the table has."""

    def __init__(self, cur, progress, table, columns, present, required):
        missing = [c for c in required if c not in columns]
        if missing:
            raise SystemExit("%s: required columns not generated: %s" % (table, missing))
        self.keep = [i for i, c in enumerate(columns) if c in present]
        self.sql = "COPY %s (%s) FROM STDIN" % (
            table, ", ".join(columns[i] for i in self.keep))
        self.cur, self.progress, self.table = cur, progress, table
        self.buffer, self.count, self.total = [], 0, 0

    def add(self, row):
        self.buffer.append("\t".join(_copy_value(row[i]) for i in self.keep))
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self):
        if self.buffer:
            self.cur.copy_expert(self.sql, io.StringIO("\n".join(self.buffer) + "\n"))
            self.progress.add(len(self.buffer), self.table)
            self.total += len(self.buffer)
            self.buffer = []
        return self.total


ACTIONS = ("verify", "redeem", "lookup")
CHANNELS = ("counter", "api", "lookup")
KINDS = ("qr", "short", "token", "none", "lookup")


class AttemptSpool:
    """The scan attempts, sorted by time without holding them all: an external sort.

    Attempts are planned in any order; every ``run_size`` of them are sorted and written to a
    temporary file as fixed-size records, and :meth:`__iter__` merges the sorted runs
    (``heapq.merge``), so memory stays bounded by ``run_size`` whatever the number of scans.
    Ties keep the planning order (the sequence number is part of the key).
    """

    RECORD = struct.Struct("<qqiiBBBBii")  # ts, seq, point, code, action, channel, kind,
    #                                        reason, station, user

    def __init__(self, run_size=500_000):
        self.run_size, self.buffer, self.runs, self.count = run_size, [], [], 0

    def add(self, ts, point, code, action, channel, kind, reason, station, user):
        self.buffer.append((ts, self.count, point, -1 if code is None else code,
                            ACTIONS.index(action), CHANNELS.index(channel), KINDS.index(kind),
                            REASONS.index(reason), station, user))
        self.count += 1
        if len(self.buffer) >= self.run_size:
            self._spill()

    def _spill(self):
        if not self.buffer:
            return
        self.buffer.sort()
        run = tempfile.TemporaryFile()
        pack = self.RECORD.pack
        run.write(b"".join(pack(*record) for record in self.buffer))
        run.seek(0)
        self.runs.append(run)
        self.buffer = []

    def _read(self, run):
        size = self.RECORD.size
        run.seek(0)
        while True:
            block = run.read(size * 4096)
            if not block:
                return
            yield from self.RECORD.iter_unpack(block)

    def __iter__(self):
        """(ts, point, code or None, action, channel, kind, reason, station, user), by time."""
        self._spill()
        for ts, _seq, point, code, action, channel, kind, reason, station, user in heapq.merge(
                *(self._read(run) for run in self.runs)):
            yield (ts, point, None if code < 0 else code, ACTIONS[action], CHANNELS[channel],
                   KINDS[kind], REASONS[reason], station, user)

    def close(self):
        for run in self.runs:
            run.close()
        self.runs = []


def table_info(cur, table):
    """(present columns, NOT NULL columns without a default) of a table."""
    cur.execute("SELECT column_name, is_nullable, column_default FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = %s", (table,))
    rows = cur.fetchall()
    if not rows:
        raise SystemExit("Table %s is missing: are the pickup addons installed?" % table)
    return ({name for name, _n, _d in rows},
            [name for name, nullable, default in rows if nullable == "NO" and default is None])


def reserve_ids(cur, table, count, first_ids=None):
    """``count`` ids from the table's sequence, ascending (one round trip)."""
    if not count:
        return []
    cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                (table, count))
    ids = [row[0] for row in cur.fetchall()]
    if first_ids is not None:
        first_ids[table] = ids[0]
    return ids


def reserve_id_stream(cur, table, first_ids, chunk=100_000):
    """Ids from the table's sequence, ascending, fetched ``chunk`` at a time (for tables too
    big to hold all their ids in memory)."""
    while True:
        ids = reserve_ids(cur, table, chunk)
        first_ids.setdefault(table, ids[0])
        yield from ids


def weighted(rng, cum, total):
    return bisect.bisect_right(cum, rng.random() * total)


def cumulate(weights):
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    return cum, acc


# --------------------------------------------------------------------------- ORM step

SETUP_SCRIPT = r'''
import json, os
spec = json.loads(os.environ["GEN_SETUP"])
tpe = env["stock.warehouse"].search([("code", "=", "TPE")], limit=1)
if not tpe:
    raise SystemExit("No warehouse with code TPE: install the addons with demo data.")
company = tpe.company_id
env = env(context=dict(env.context, allowed_company_ids=[company.id], tracking_disable=True,
                       mail_create_nolog=True, mail_notrack=True))
Warehouse = env["stock.warehouse"].with_company(company)
country = env["res.country"].search([("code", "=", "TW")], limit=1)
points = []
for p in spec["points"]:
    wh = Warehouse.search([("code", "=", p["code"]), ("company_id", "=", company.id)], limit=1)
    if not wh and p.get("existing"):
        raise SystemExit("No pickup point %s in the demo company." % p["code"])
    if not wh:
        state = env.ref("base.state_tw_%s" % p["state_key"], raise_if_not_found=False)
        partner = env["res.partner"].create({
            "name": "%s %s" % (p["code"], p["name"]), "is_company": True, "city": p["city"],
            "street": p["street"], "country_id": country.id, "company_id": company.id,
            "state_id": state.id if state else False})
        wh = Warehouse.create({"name": "%s %s" % (p["code"], p["name"]), "code": p["code"],
                               "company_id": company.id, "partner_id": partner.id,
                               "is_pickup_point": True, "pickup_hours": "10:00-21:00"})
    points.append({"code": wh.code, "id": wh.id, "city": wh.partner_id.city or ""})
Categ = env["product.category"]
parent = Categ.search([("name", "=", spec["category_parent"]), ("parent_id", "=", False)],
                      limit=1) or Categ.create({"name": spec["category_parent"]})
products = []
for c in spec["categories"]:
    categ = Categ.search([("name", "=", c["name"]), ("parent_id", "=", parent.id)], limit=1) \
        or Categ.create({"name": c["name"], "parent_id": parent.id})
    product = env["product.product"].search([("default_code", "=", c["code"])], limit=1)
    if not product:
        product = env["product.product"].create({
            "name": c["product"], "default_code": c["code"], "categ_id": categ.id,
            "type": "consu", "is_storable": True, "list_price": c["price"]})
    products.append({"id": product.id, "categ_id": categ.id, "categ": categ.complete_name,
                     "uom_id": product.uom_id.id, "price": product.list_price,
                     "name": product.display_name})
campaigns = []
Campaign = env["utm.campaign"]
for name in spec["campaigns"]:
    campaign = Campaign.search([("name", "=", name)], limit=1) or Campaign.create({"name": name})
    campaigns.append(campaign.id)
users = env["res.users"].search([("share", "=", False), ("company_ids", "in", company.id),
                                 ("id", "!=", 1)])
counters = users.filtered(lambda u: u.login.startswith("counter")) or users
pricelist = env["product.pricelist"].search(
    [("company_id", "=", company.id), ("currency_id", "=", company.currency_id.id)], limit=1)
team = env["crm.team"].search(["|", ("company_id", "=", False),
                               ("company_id", "=", company.id)], limit=1)
manager = users.filtered(lambda u: u.login == "pickup_manager")[:1] or users[:1]
env.cr.commit()
print("GENJSON:" + json.dumps({
    "company_id": company.id, "currency_id": company.currency_id.id,
    "country_id": country.id, "pricelist_id": pricelist.id or None, "team_id": team.id or None,
    "salesman_id": manager.id, "staff": users.ids, "counters": counters.ids,
    "points": points, "products": products, "campaigns": campaigns}))
'''


def odoo_addons_path(python):
    """Odoo's own addons path (from its config) plus this project, as scripts/lib.sh does."""
    code = ("import odoo; odoo.tools.config.parse_config([]); "
            "print(odoo.tools.config['addons_path'])")
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit("Cannot read Odoo's addons path with %s; pass --addons-path." % python)
    return "%s,%s" % (out.stdout.strip(), ROOT)


def run_setup(args, spec):
    odoo_bin = args.odoo_bin or os.environ.get("ODOO_BIN") or shutil.which("odoo")
    if not odoo_bin:
        raise SystemExit("No Odoo found: put `odoo` on PATH, set ODOO_BIN or pass --odoo-bin.")
    addons_path = args.addons_path or os.environ.get("ODOO_ADDONS_PATH") \
        or odoo_addons_path(sys.executable)
    command = shlex.split(odoo_bin) + ["shell", "-d", args.db, "--addons-path", addons_path,
                                       "--log-level=warn", "--no-http"]
    for option, var in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"),
                        ("--db_user", "PGUSER"), ("--db_password", "PGPASSWORD")):
        if os.environ.get(var):
            command += [option, os.environ[var]]
    env = dict(os.environ, GEN_SETUP=json.dumps(spec))
    out = subprocess.run(command, input=SETUP_SCRIPT, capture_output=True, text=True, env=env,
                         check=False, timeout=1800)
    for line in out.stdout.splitlines():
        if line.startswith("GENJSON:"):
            return json.loads(line[len("GENJSON:"):])
    sys.stderr.write(out.stdout[-3000:] + out.stderr[-3000:])
    raise SystemExit("The odoo shell step failed (exit %s); see above." % out.returncode)


# --------------------------------------------------------------------------- generator


class History:
    """Plans the whole history in memory (plain tuples), then writes it with COPY."""

    def __init__(self, args, setup, rng, now):
        self.args, self.setup, self.rng, self.now = args, setup, rng, now
        self.company = setup["company_id"]
        self.points = setup["points"][:args.points]
        self.products = setup["products"]
        self.marker = "GEN:%s" % args.label
        self.first_ids = {}  # table -> first id written (for the foreign-key check)
        self.prefix = "gen-%s-" % args.label
        # Days in Taiwan time: day 0 starts at local midnight ``months`` ago.
        local_now = now + TZ_OFFSET
        today = local_now - local_now % 86400
        self.n_days = history_days(args)
        self.first_day = today - (self.n_days - 1) * 86400  # local midnight, as epoch
        self.start = self.first_day - TZ_OFFSET  # UTC epoch of day 0's local midnight
        self.weekday0 = datetime.fromtimestamp(self.first_day, timezone.utc).weekday()
        # Planted outlier days (the first one is the benchmark's), each within the history.
        self.outlier_days = sorted({self.n_days - 1 - min(days_ago, self.n_days // 2)
                                    for days_ago in args.outlier_days_ago[:1]}
                                   | {self.n_days - 1 - min(days_ago, self.n_days - 8)
                                      for days_ago in args.outlier_days_ago[1:]})
        self.outlier_day = self.n_days - 1 - min(args.outlier_days_ago[0], self.n_days // 2)
        self.planted_point = args.planted_point
        sizes = [POINTS[i % len(POINTS)][3] for i in range(len(self.points))]
        self.point_cum, self.point_total = cumulate(sizes)
        self.stations = []  # per point: list of (station name, primary user)
        counters, staff = setup["counters"], setup["staff"]
        for index, point in enumerate(self.points):
            n = 3 if sizes[index] > 1.0 else 2
            self.stations.append([
                ("%s%s-%d" % (self.prefix, point["code"], k + 1),
                 counters[(index + k) % len(counters)]) for k in range(n)])
        self.staff = staff
        self.pickup_hour_cum, self.pickup_hour_total = cumulate(PICKUP_HOURS.values())
        self.pickup_hours = list(PICKUP_HOURS)
        rush = [w * RUSH.get(h, 1.0) for h, w in PICKUP_HOURS.items()]
        self.rush_cum, self.rush_total = cumulate(rush)

    # ---- time helpers

    def weekday(self, day):
        return (self.weekday0 + day) % 7

    def day_of(self, ts):
        return (ts + TZ_OFFSET - self.first_day) // 86400

    def at_opening(self, day, rush=False):
        """A time on ``day`` within opening hours, weighted by the pickup hour profile."""
        rng = self.rng
        if rush:
            hour = self.pickup_hours[weighted(rng, self.rush_cum, self.rush_total)]
        else:
            hour = self.pickup_hours[weighted(rng, self.pickup_hour_cum, self.pickup_hour_total)]
        return self.start + day * 86400 + hour * 3600 + rng.randrange(3600)

    def in_window(self, low, high):
        """A time in [low, high] at opening hours when possible (else uniform)."""
        rng = self.rng
        high = min(high, self.now - 60)
        if high <= low:
            return None
        first, last = self.day_of(low), self.day_of(high)
        for _try in range(4):
            ts = self.at_opening(rng.randint(first, last))
            if low <= ts <= high:
                return ts
        return rng.randint(low, high)

    def station(self, point_index):
        stations = self.stations[point_index]
        name, user = stations[self.rng.randrange(len(stations))]
        if self.rng.random() < 0.15:
            user = self.staff[self.rng.randrange(len(self.staff))]
        return name, user

    # ---- plan

    def plan_partners(self):
        rng, n = self.rng, self.args.partners
        self.partners = []  # (home point index,)
        names = []
        for i in range(n):
            home = weighted(rng, self.point_cum, self.point_total)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN[0::2]) + rng.choice(GIVEN[1::2])
            mobile = "09%02d%06d" % (rng.randrange(100), rng.randrange(10 ** 6))
            risk = "low" if rng.random() < 0.3 else ("high" if rng.random() < 0.03 else "normal")
            self.partners.append(home)
            names.append((name, mobile, risk, i))
        self.partner_rows = names

    def plan_orders(self):
        rng, args = self.rng, self.args
        weights = []
        for day in range(self.n_days):
            t = day / max(self.n_days - 1, 1)
            half = (day + self.weekday0) % 15
            spike = 2.5 if half == 14 else (1.5 if half == 13 else 1.0)  # campaign closing
            weights.append(ORDER_WEEKDAYS[self.weekday(day)] * (0.7 + 0.6 * t) * spike
                           * math.exp(rng.gauss(0, 0.15)))
        day_cum, day_total = cumulate(weights)
        hour_cum, hour_total = cumulate(ORDER_HOURS)
        cat_cum, cat_total = cumulate([c[4] for c in CATEGORIES])
        n_campaigns = len(self.setup["campaigns"])
        orders = []
        for _i in range(args.orders):
            day = weighted(rng, day_cum, day_total)
            paid = (self.start + day * 86400 + weighted(rng, hour_cum, hour_total) * 3600
                    + rng.randrange(3600))
            if paid > self.now - 600:
                paid = self.now - 600 - rng.randrange(6 * 3600)
                day = self.day_of(paid)
            partner = rng.randrange(len(self.partners))
            point = self.partners[partner]
            if rng.random() < 0.15:
                point = weighted(rng, self.point_cum, self.point_total)
            categ = weighted(rng, cat_cum, cat_total)
            qty = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.75 else 3)
            campaign = self.setup["campaigns"][min(day * n_campaigns // self.n_days,
                                                   n_campaigns - 1)]
            orders.append([paid, partner, point, categ, qty, campaign])
        orders.sort(key=lambda o: o[0])
        self.orders = orders

    def plan_codes(self):
        """Lifecycle of each order's code: issue, ready, then collected, expired or revoked."""
        rng, now = self.rng, self.now
        codes = []
        for paid, _partner, point, categ, _qty, _campaign in self.orders:
            issue = paid + rng.randrange(5, 120)
            extra = POINTS[point % len(POINTS)][4]
            hours = min(72.0, max(6.0, math.exp(rng.gauss(math.log(22), 0.5)) + extra))
            ready = issue + int(hours * 3600)
            u = rng.random()
            outcome = "redeemed" if u < 0.8925 else ("expired" if u < 0.9725 else "revoked")
            redeem = revoke = None
            window = PERISHABLE_WINDOW_DAYS if categ in PERISHABLE_CATEGORIES else 7
            if outcome == "redeemed":
                redeem = self.pickup_time(ready)
                if redeem > ready + window * 86400 - 600:  # fresh goods go within the window
                    redeem = ready + 3600 + rng.randrange(int((window - 0.1) * 86400) - 3600)
            elif outcome == "revoked":
                revoke = issue + int(rng.random() * (ready + 3 * 86400 - issue))
            expiry = ready + window * 86400
            if outcome == "revoked" and revoke <= now:
                state = "revoked"
                if revoke < ready:
                    ready = expiry = None
            elif ready > now:
                state, ready, expiry = "issued", None, None
            elif outcome == "redeemed" and redeem <= now:
                state = "redeemed"
            elif outcome == "expired" and expiry <= now:
                state = "expired"
            else:
                state = "ready"
            if state != "redeemed":
                redeem = None
            codes.append([state, issue, ready, expiry, redeem, revoke if state == "revoked"
                          else None])
        self.codes = codes

    def pickup_time(self, ready):
        """When a buyer collects: 1 h to 6 days after ready, at opening hours."""
        rng = self.rng
        day0 = self.day_of(ready)
        weights = [w * PICKUP_WEEKDAYS[self.weekday(day0 + d)]
                   for d, w in enumerate(REDEEM_DELAY_DAYS)]
        cum, total = cumulate(weights)
        delay = weighted(rng, cum, total)
        ts = self.at_opening(day0 + delay)
        if ts < ready + 3600:
            ts = self.at_opening(day0 + delay + 1)
            if ts < ready + 3600:
                ts = ready + 3600 + rng.randrange(3 * 3600)
        return min(ts, ready + 6 * 86400)

    def plan_attempts(self, progress):
        """Scans: one redeem per collected code, refusals, lookups, then verifies fill up.

        They go to an :class:`AttemptSpool` (sorted by time on disk), each with its station
        and user; only counts stay in memory: the guesses per day (for the outlier days) and,
        per collected code, the user and station of its redeem (the hand-over rows).
        """
        rng, args, now = self.rng, self.args, self.now
        spool = self.spool = AttemptSpool()
        self.station_names = [name for stations in self.stations for name, _u in stations]
        station_index = {name: i for i, name in enumerate(self.station_names)}
        guess_days = [0] * (self.n_days + 2)
        self.redeem_user, self.redeem_station = {}, {}

        def emit(ts, point, code, action, channel, kind, reason):
            name, user = self.station(point)
            if reason in GUESS_REASONS:
                day = self.day_of(ts)
                if 0 <= day < len(guess_days):
                    guess_days[day] += 1
            if action == "redeem" and reason == "ok":
                self.redeem_user[code], self.redeem_station[code] = user, name
            spool.add(ts, point, code, action, channel, kind, reason, station_index[name], user)

        redeemed = [i for i, c in enumerate(self.codes) if c[0] == "redeemed"]
        scan_days = [0] * self.n_days
        for i in redeemed:
            point = self.orders[i][2]
            channel = "api" if rng.random() < 0.05 else "counter"
            kind = "qr" if rng.random() < 0.72 else ("short" if rng.random() < 0.9 else "token")
            emit(self.codes[i][4], point, i, "redeem", channel, kind, "ok")
            scan_days[self.day_of(self.codes[i][4])] += 1
        progress.phase("planned %d redeems" % len(redeemed))

        def pick(pool):
            return pool[rng.randrange(len(pool))] if pool else None

        ready_codes = [i for i, c in enumerate(self.codes) if c[2] is not None]
        expired = [i for i, c in enumerate(self.codes) if c[0] == "expired"]
        revoked = [i for i, c in enumerate(self.codes) if c[0] == "revoked"]
        early = [i for i, c in enumerate(self.codes) if c[2] and c[2] - c[1] > 12 * 3600]
        day_cum, day_total = cumulate(scan_days)
        budget = args.attempts
        for reason, share in FAILURE_MIX.items():
            for _k in range(int(budget * share)):
                code = window = None
                if reason in GUESS_REASONS or reason == "rate_limited":
                    day = weighted(rng, day_cum, day_total)
                    ts = self.at_opening(day, rush=True)
                    point = weighted(rng, self.point_cum, self.point_total)
                    if ts > now:
                        continue
                    emit(ts, point, None, "verify", "counter",
                                     "none" if reason == "malformed" and rng.random() < 0.3
                                     else rng.choice(("qr", "short", "short")), reason)
                    continue
                if reason == "not_ready":
                    code = pick(early)
                    c = self.codes[code]
                    window = (c[1] + 3600, c[2] - 600)
                elif reason == "already_redeemed":
                    code = pick(redeemed)
                    c = self.codes[code]
                    window = (c[4] + 60, c[4] + 3 * 86400)
                elif reason == "expired":
                    code = pick(expired)
                    if code is not None:
                        c = self.codes[code]
                        window = (c[3] + 60, c[3] + 5 * 86400)
                elif reason == "revoked":
                    code = pick(revoked)
                    if code is not None:
                        c = self.codes[code]
                        window = (c[5] + 60, c[5] + 5 * 86400)
                else:  # refused at the counter before a successful redeem, or wrong point
                    code = pick(redeemed) if reason != "locked" else pick(ready_codes)
                    c = self.codes[code]
                    end = c[4] or c[3] or now
                    window = (max(c[2], end - 2 * 86400), end - 120)
                if window is None:
                    continue
                ts = self.in_window(*window)
                if ts is None:
                    continue
                point = self.orders[code][2]
                if reason == "wrong_pickup_point":
                    point = (point + 1 + rng.randrange(len(self.points) - 1)) % len(self.points) \
                        if len(self.points) > 1 else point
                action = "redeem" if reason in ("id_mismatch", "id_required", "otp_mismatch",
                                                "signature_required", "items_incomplete",
                                                "approval_required") else "verify"
                emit(ts, point, code, action, "counter", "qr", reason)
        # A few small guessing bursts through the year (scan_burst anomalies), then the
        # planted outlier day: ten times that day's failed guesses, at one station.
        for _k in range(self.n_days // 10):
            day = rng.randrange(self.n_days - 1)
            point = weighted(rng, self.point_cum, self.point_total)
            base = self.at_opening(day)
            for _j in range(rng.randint(6, 10)):
                emit(base + rng.randrange(1800), point, None, "verify", "counter", "short",
                     "unknown")
        self.outlier_extra = 0
        typical_guesses = sorted(guess_days[:self.n_days])[self.n_days // 2]
        for outlier_day in self.outlier_days:
            # Ten times a usual day (that day's guesses, or the median day's when it had few).
            guesses = max(guess_days[outlier_day], typical_guesses)
            primary = outlier_day == self.outlier_day  # the benchmark's planted day
            extra = 9 * max(guesses, 1) if primary else max(9 * guesses, 40)
            self.outlier_extra += extra
            burst_point = min(2, len(self.points) - 1) if primary else rng.randrange(
                len(self.points))
            burst_start = self.start + outlier_day * 86400 + 19 * 3600
            for _k in range(extra):
                reason = "unknown" if rng.random() < 0.85 else "malformed"
                emit(burst_start + rng.randrange(5400), burst_point, None, "verify", "counter",
                     "short", reason)
            for _k in range(min(30, max(budget // 1000, 5))):
                emit(burst_start + 3600 + rng.randrange(1800), burst_point, None, "verify",
                     "counter", "short", "rate_limited")
        for _k in range(int(budget * LOOKUP_SHARE)):
            code = pick(redeemed)
            ts = self.codes[code][4] - rng.randrange(30, 300)
            emit(ts, self.orders[code][2], code, "lookup", "lookup", "lookup", "ok")
        remaining = budget - spool.count
        if remaining < 0:
            raise SystemExit("--attempts %d is too small for %d orders (need at least %d)."
                             % (budget, args.orders, spool.count))
        for k in range(remaining):
            # Verifies: one right before most redeems, then re-scans and earlier visits.
            code = redeemed[k] if k < len(redeemed) else pick(redeemed)
            c = self.codes[code]
            if k < len(redeemed) or rng.random() < 0.7:
                ts = c[4] - rng.randrange(5, 600)
            else:
                ts = self.in_window(c[2], c[4] - 600) or c[4] - rng.randrange(5, 600)
            kind = "qr" if rng.random() < 0.75 else "short"
            emit(ts, self.orders[code][2], code, "verify", "counter", kind, "ok")
            if k % 1_000_000 == 999_999:
                progress.phase("planned %d of %d scan attempts" % (spool.count, budget))
        # Written in time order (the spool's merge): id order is time order, so each
        # station's chain runs in id order too.
        self.attempt_count = spool.count
        progress.phase("planned %d scan attempts (%d failed guesses added on the outlier day)"
                       % (spool.count, self.outlier_extra))

    def plan_disputes(self):
        rng, now = self.rng, self.now
        shares = [c[4] for c in CATEGORIES]
        mult = [3.0 if i + 1 == PLANTED_CATEGORY else 1.0 for i in range(len(CATEGORIES))]
        base = DISPUTE_RATE / sum(s * m for s, m in zip(shares, mult, strict=True))
        type_cum, type_total = cumulate([w for _t, w in DISPUTE_TYPES])
        span = max(now - self.start, 1)
        planted_point = next((i for i, p in enumerate(self.points)
                              if p["code"] == self.planted_point), None)
        disputes = []  # (code index, type, state, created, resolved)
        for i, c in enumerate(self.codes):
            if c[0] != "redeemed":
                continue
            redeem = c[4]
            point, categ = self.orders[i][2], self.orders[i][3]
            created = max(redeem + 60, min(redeem + int(rng.expovariate(1 / (2 * 86400))),
                                           now - 60))
            if point == planted_point:
                t = (redeem - self.start) / span
                if rng.random() < WRONGFUL_FROM + (WRONGFUL_TO - WRONGFUL_FROM) * t:
                    disputes.append((i, "not_collected", "confirmed", created,
                                     min(created + 86400, now)))
                    continue
            if rng.random() >= base * mult[categ]:
                continue
            kind = DISPUTE_TYPES[weighted(rng, type_cum, type_total)][0]
            resolved = created + rng.randrange(3600, 10 * 86400)
            if resolved > now:
                state, resolved = "open", None
            else:
                state = "confirmed" if rng.random() < CONFIRM_SHARE[kind] else "rejected"
                if point == planted_point and kind == "not_collected":
                    state = "rejected"  # the point's false pickups are exactly the planted ones
            disputes.append((i, kind, state, created, resolved))
        self.disputes = disputes

    PER_TYPE = {"id_mismatch": "id_mismatch", "locked": "lockout",
                "expired": "expired_attempt", "already_redeemed": "replay",
                "rate_limited": "rate_limited"}

    def anomalies_of(self, attempts):
        """Pass the attempts through (in time order), collecting the anomalies the service
        raises: once per kind, subject and hour; a scan burst for 5 or more failed guesses
        at a station within an hour. Only the current hour's keys are kept."""
        self.anomalies = anomalies = []
        hour_now, seen, guesses = None, set(), {}

        def flush_bursts():
            for group in guesses.values():
                if len(group) >= 5:
                    anomalies.append(("scan_burst", group[4], len(group)))

        for attempt in attempts:
            ts, _point, code, _a, _c, _k, reason, station, _user = attempt
            hour = ts // 3600
            if hour != hour_now:
                flush_bursts()
                hour_now, seen, guesses = hour, set(), {}
            if reason in GUESS_REASONS:
                group = guesses.setdefault(station, [])
                if len(group) < 5:
                    group.append(attempt)
                else:
                    group.append(None)  # counted; only the 5th is the anomaly's attempt
            kind = self.PER_TYPE.get(reason)
            if kind is not None:
                key = (kind, code if code is not None else station)
                if key not in seen:
                    seen.add(key)
                    anomalies.append((kind, attempt, 1))
            yield attempt
        flush_bursts()
        anomalies.sort(key=lambda a: a[1][0])

    # ---- write

    def write(self, cur, progress):
        args, rng, now = self.args, self.rng, self.now
        company, setup = self.company, self.setup
        info = {t: table_info(cur, t) for t in (
            "res_partner", "sale_order", "sale_order_line", "pickup_code", "pickup_handover",
            "pickup_event", "pickup_attempt", "pickup_dispute", "pickup_anomaly",
            "pickup_entitlement")}

        def writer(table, columns):
            return Writer(cur, progress, table, columns, *info[table])

        counts = {}
        lang = "zh_TW" if self.lang_active(cur, "zh_TW") else "en_US"
        # Buyers.
        partner_ids = self.reserve(cur, "res_partner", len(self.partner_rows))
        w = writer("res_partner", [
            "id", "name", "complete_name", "commercial_partner_id", "ref", "lang", "tz", "type",
            "city", "country_id", "email", "email_normalized", "mobile", "phone_sanitized",
            "active", "is_company", "partner_share", "employee", "color", "customer_rank",
            "supplier_rank", "message_bounce", "autopost_bills", "invoice_warn", "sale_warn",
            "picking_warn", "purchase_warn", "pickup_risk", "create_uid", "write_uid",
            "create_date", "write_date"])
        created = fmt_ts(self.start - 86400)
        for pid, (name, mobile, risk, i), home in zip(partner_ids, self.partner_rows,
                                                      self.partners, strict=True):
            email = "buyer%05d.%s@example.com" % (i + 1, args.label)
            w.add((pid, name, name, pid, self.marker, lang, "Asia/Taipei", "contact",
                   self.points[home]["city"], setup["country_id"], email, email.lower(),
                   mobile, "+886" + mobile[1:], True, False, True, False, 0, 1, 0, 0, "ask",
                   "no-message", "no-message", "no-message", "no-message", risk, 1, 1,
                   created, created))
        counts["res_partner"] = w.flush()

        # Orders, lines and codes.
        n = len(self.orders)
        order_ids = self.reserve(cur, "sale_order", n)
        line_ids = self.reserve(cur, "sale_order_line", n)
        code_ids = self.reserve(cur, "pickup_code", n)
        self.code_ids = code_ids
        wo = writer("sale_order", [
            "id", "name", "company_id", "partner_id", "partner_invoice_id", "partner_shipping_id",
            "pricelist_id", "currency_id", "user_id", "team_id", "campaign_id", "state",
            "client_order_ref", "invoice_status", "validity_date", "currency_rate",
            "amount_untaxed", "amount_tax", "amount_total", "locked", "require_signature",
            "require_payment", "prepayment_percent", "date_order", "warehouse_id",
            "picking_policy", "create_uid", "write_uid", "create_date", "write_date"])
        wl = writer("sale_order_line", [
            "id", "order_id", "sequence", "company_id", "currency_id", "order_partner_id",
            "salesman_id", "product_id", "product_uom", "state", "qty_delivered_method",
            "invoice_status", "name", "product_uom_qty", "price_unit", "discount",
            "price_subtotal", "price_total", "price_reduce_taxexcl", "price_reduce_taxinc",
            "technical_price_unit", "price_tax", "qty_delivered", "qty_invoiced",
            "qty_to_invoice", "untaxed_amount_invoiced", "untaxed_amount_to_invoice",
            "is_downpayment", "is_expense", "product_packaging_qty", "customer_lead",
            "warehouse_id", "create_uid", "write_uid", "create_date", "write_date"])
        salesman = setup["salesman_id"]
        for k, (paid, partner, point, categ, qty, campaign) in enumerate(self.orders):
            product = self.products[categ]
            wh = self.points[point]["id"]
            total = product["price"] * qty
            pid = partner_ids[partner]
            stamp = fmt_ts(paid)
            wo.add((order_ids[k], "GEN/%s/%06d" % (args.label, k + 1), company, pid, pid, pid,
                    setup["pricelist_id"], setup["currency_id"], salesman, setup["team_id"],
                    campaign, "sale", self.marker, "no", fmt_ts(paid + 30 * 86400)[:10], 1.0,
                    total, 0.0, total, False, False, True, 1.0, stamp, wh, "direct", 1, 1,
                    stamp, stamp))
            delivered = qty if self.codes[k][0] == "redeemed" else 0
            wl.add((line_ids[k], order_ids[k], 10, company, setup["currency_id"], pid, salesman,
                    product["id"], product["uom_id"], "sale", "stock_move", "no",
                    product["name"], qty, product["price"], 0.0, total, total, product["price"],
                    product["price"], product["price"], 0.0, delivered, 0, 0, 0, 0, False,
                    False, 0.0, 0.0, wh, 1, 1, stamp, stamp))
        counts["sale_order"] = wo.flush()
        counts["sale_order_line"] = wl.flush()

        # One entitlement per order (one point each here); its code is its only credential.
        ent_ids = self.reserve(cur, "pickup_entitlement", len(self.codes))
        self.ent_ids = ent_ids
        we_rows = writer("pickup_entitlement", [
            "id", "company_id", "sale_order_id", "partner_id", "warehouse_id", "state",
            "handover_count", "is_partial", "create_uid", "write_uid", "create_date",
            "write_date"])
        for k, (state, issue, _ready, _expiry, redeem, _revoke) in enumerate(self.codes):
            stamp = fmt_ts(redeem or issue)
            we_rows.add((ent_ids[k], company, order_ids[k], partner_ids[self.orders[k][1]],
                         self.points[self.orders[k][2]]["id"], state,
                         1 if state == "redeemed" else 0, False, 1, 1, fmt_ts(issue), stamp))
        counts["pickup_entitlement"] = we_rows.flush()

        wc = writer("pickup_code", [
            "id", "entitlement_id", "name", "company_id", "sale_order_id", "partner_id",
            "warehouse_id", "state",
            "secret_seed", "qr_hash", "short_hash", "rotating", "is_delegate", "issue_date",
            "ready_date", "expiry_date", "redeem_date", "redeemed_by_id",
            "redeemed_warehouse_id", "revoke_reason", "failed_check_count", "reminder_sent",
            "notify_state", "last_notify_date", "pickup_perishable", "pickup_window_hours",
            "create_uid", "write_uid", "create_date", "write_date"])
        for k, (state, issue, ready, expiry, redeem, revoke) in enumerate(self.codes):
            point = self.orders[k][2]
            wh = self.points[point]["id"]
            user = None
            if redeem is not None:
                user = self.redeem_user[k]
            last = redeem or revoke or (expiry if state == "expired" else None) or ready or issue
            reminder = bool(ready and (redeem or min(expiry, now)) - ready > 4 * 86400)
            # The generated buyers are nobody: the reminder job must not message them.
            reminder = reminder or state in ("issued", "ready")
            fresh = self.orders[k][3] in PERISHABLE_CATEGORIES
            wc.add((code_ids[k], ent_ids[k], "GEN%07d" % code_ids[k], company, order_ids[k],
                    partner_ids[self.orders[k][1]], wh, state, "%032x" % rng.getrandbits(128),
                    "%064x" % rng.getrandbits(256), "%064x" % rng.getrandbits(256), False,
                    False, fmt_ts(issue), ready and fmt_ts(ready), expiry and fmt_ts(expiry),
                    redeem and fmt_ts(redeem), user, wh if redeem else None,
                    rng.choice(("Refunded", "Order cancelled", "Reissued")) if revoke else None,
                    0, reminder, "sent", fmt_ts(ready or issue), fresh,
                    PERISHABLE_WINDOW_DAYS * 24 if fresh else 0, 1, 1, fmt_ts(issue),
                    fmt_ts(last)))
        counts["pickup_code"] = wc.flush()

        # Hand-overs and the goods-flow timeline.
        wh_rows = writer("pickup_handover", [
            "id", "code_id", "entitlement_id", "company_id", "warehouse_id", "user_id", "station",
            "collected_by",
            "collector_name", "collector_relation", "id_doc_type", "steps_done", "partial",
            "handover_date", "create_uid", "write_uid", "create_date", "write_date"])
        redeemed = [k for k, c in enumerate(self.codes) if c[0] == "redeemed"]
        handover_ids = self.reserve(cur, "pickup_handover", len(redeemed))
        for hid, k in zip(handover_ids, redeemed, strict=True):
            user = self.redeem_user[k]
            stamp = fmt_ts(self.codes[k][4])
            delegate = rng.random() < 0.04
            appliance = self.orders[k][3] + 1 == PLANTED_CATEGORY
            id_doc = "national_id" if appliance and rng.random() < 0.6 else None
            wh_rows.add((hid, code_ids[k], ent_ids[k], company,
                         self.points[self.orders[k][2]]["id"], user,
                         self.redeem_station[k], "delegate" if delegate else "buyer",
                         (rng.choice(SURNAMES) + rng.choice(GIVEN[0::2]) + rng.choice(GIVEN[1::2]))
                         if delegate else None,
                         rng.choice(DELEGATE_RELATIONS) if delegate else None, id_doc,
                         "id_check,signature" if id_doc else "", False, stamp, user, user,
                         stamp, stamp))
        counts["pickup_handover"] = wh_rows.flush()

        we = writer("pickup_event", [
            "id", "code_id", "sale_order_id", "company_id", "user_id", "warehouse_id",
            "event_type", "event_date", "create_uid", "write_uid", "create_date", "write_date"])
        events = []
        for k, (state, issue, ready, expiry, redeem, revoke) in enumerate(self.codes):
            events.append((k, "paid", issue))
            if ready:
                events.append((k, "ready", ready))
            if state == "redeemed":
                events.append((k, "collected", redeem))
            elif state == "expired":
                events.append((k, "expired", expiry))
            elif state == "revoked":
                events.append((k, "revoked", revoke))
        event_ids = self.reserve(cur, "pickup_event", len(events))
        for eid, (k, kind, ts) in zip(event_ids, events, strict=True):
            user = self.redeem_user[k] if kind == "collected" else 1
            stamp = fmt_ts(ts)
            we.add((eid, code_ids[k], order_ids[k], company, user,
                    self.points[self.orders[k][2]]["id"], kind, stamp, user, user, stamp, stamp))
        counts["pickup_event"] = we.flush()

        counts["pickup_attempt"], chains = self.write_attempts(cur, writer)
        self.write_chains(cur, chains)
        counts["pickup_attempt_chain"] = len(chains)

        wd = writer("pickup_dispute", [
            "id", "name", "code_id", "company_id", "warehouse_id", "partner_id", "dispute_type",
            "state", "description", "resolution", "resolved_date", "create_uid", "write_uid",
            "create_date", "write_date"])
        dispute_ids = self.reserve(cur, "pickup_dispute", len(self.disputes))
        texts = {"not_collected": "買家表示未取貨 Buyer says they did not collect this.",
                 "wrong_items": "品項不符 Wrong or missing items.",
                 "damaged": "商品損壞 Goods damaged.", "other": "其他 Other."}
        for n_dispute, (did, (k, kind, state, opened, resolved)) in enumerate(
                zip(dispute_ids, self.disputes, strict=True)):
            resolution = {"confirmed": "Confirmed wrongful", "rejected": "Rejected after review",
                          "open": None}[state]
            wd.add((did, "GEN/%s/D%05d" % (args.label, n_dispute + 1), code_ids[k], company,
                    self.points[self.orders[k][2]]["id"], partner_ids[self.orders[k][1]], kind,
                    state, texts[kind], resolution, resolved and fmt_ts(resolved), 1, 1,
                    fmt_ts(opened), fmt_ts(resolved or opened)))
        counts["pickup_dispute"] = wd.flush()

        wa = writer("pickup_anomaly", [
            "id", "name", "anomaly_type", "state", "company_id", "code_id", "warehouse_id",
            "station", "user_id", "detail", "create_uid", "write_uid", "create_date",
            "write_date"])
        labels = dict(const.ANOMALY_TYPES)
        # Perishables that expired uncollected had their "waiting too long" alert when their
        # window ended (the hourly job raises it once per code: it finds them raised).
        overdue = [k for k, c in enumerate(self.codes)
                   if c[0] == "expired" and c[2] is not None
                   and self.orders[k][3] in PERISHABLE_CATEGORIES]
        anomaly_ids = self.reserve(cur, "pickup_anomaly", len(self.anomalies) + len(overdue))
        for aid, (kind, attempt, count) in zip(anomaly_ids[:len(self.anomalies)],
                                               self.anomalies, strict=True):
            ts, point, code, _a, _c, _k, _r, station, user = attempt
            age = now - ts
            state = ("closed" if age > 30 * 86400 else
                     "acknowledged" if age > 7 * 86400 and rng.random() < 0.7 else "new")
            subject = "GEN%07d" % code_ids[code] if code is not None else station
            detail = ("%d failed scans within an hour" % count if kind == "scan_burst"
                      else "Raised by scan attempt at %s" % station)
            wa.add((aid, "%s / %s" % (labels[kind], subject), kind, state, company,
                    code_ids[code] if code is not None else None, self.points[point]["id"],
                    station, user, detail, 1, 1, fmt_ts(ts), fmt_ts(ts)))
        for aid, k in zip(anomaly_ids[len(self.anomalies):], overdue, strict=True):
            ts = self.codes[k][2] + PERISHABLE_WINDOW_DAYS * 86400
            state = "closed" if now - ts > 7 * 86400 else "new"
            # The type comes from pickup_perishable, not from pickup_code's constants.
            label = labels.get("perishable_overdue", "Perishable parcel waiting too long")
            wa.add((aid, "%s / GEN%07d" % (label, code_ids[k]),
                    "perishable_overdue", state, company, code_ids[k],
                    self.points[self.orders[k][2]]["id"], None, None,
                    "Perishable, not collected within %d h." % (PERISHABLE_WINDOW_DAYS * 24),
                    1, 1, fmt_ts(ts), fmt_ts(ts)))
        counts["pickup_anomaly"] = wa.flush()
        return counts

    def reserve(self, cur, table, count):
        return reserve_ids(cur, table, count, self.first_ids)

    def row_total(self):
        redeemed = sum(1 for c in self.codes if c[0] == "redeemed")
        events = sum(1 + (c[2] is not None) + (c[0] in ("redeemed", "expired", "revoked"))
                     for c in self.codes)
        return (len(self.partner_rows) + 4 * len(self.orders) + redeemed + events
                + self.attempt_count + len(self.disputes))

    def lang_active(self, cur, code):
        cur.execute("SELECT 1 FROM res_lang WHERE code = %s AND active", (code,))
        return bool(cur.fetchone())

    def write_attempts(self, cur, writer):
        """COPY the attempts in time (= id) order, chaining each station's rows."""
        company = self.company
        ids = reserve_id_stream(cur, "pickup_attempt", self.first_ids)
        w = writer("pickup_attempt", [
            "id", "attempt_date", "company_id", "code_id", "warehouse_id", "user_id", "station",
            "action", "channel", "input_kind", "reason", "ok", "prev_hash", "row_hash"])
        heads, lengths = {}, {}
        dumps, sha256 = json.dumps, hashlib.sha256
        names = self.station_names
        attempts = self.anomalies_of(
            (ts, point, code, action, channel, kind, reason, names[station], user)
            for ts, point, code, action, channel, kind, reason, station, user in self.spool)
        for index, (ts, point, code, action, channel, kind, reason, station, user) in enumerate(
                attempts):
            code_id = self.code_ids[code] if code is not None else False
            wh = self.points[point]["id"]
            stamp = fmt_ts(ts)
            # Same dict and text as pickup.attempt._hashed_fields + hash_chain.row_digest.
            fields = {"attempt_date": stamp, "company_id": company, "code_id": code_id,
                      "warehouse_id": wh, "user_id": user, "station": station,
                      "action": action, "channel": channel, "input_kind": kind,
                      "reason": reason}
            prev = heads.get(station, hash_chain.GENESIS)
            text = dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                         default=str)
            digest = sha256((prev + text).encode("utf-8")).hexdigest()
            if index < 100:  # the inlined digest must stay identical to the addon's
                assert digest == hash_chain.row_digest(prev, fields)
            heads[station] = digest
            lengths[station] = lengths.get(station, 0) + 1
            w.add((next(ids), stamp, company, code_id or None, wh, user, station, action,
                   channel, kind, reason, reason == "ok", prev, digest))
        return w.flush(), [(station, heads[station], lengths[station]) for station in heads]

    def write_chains(self, cur, chains):
        stamp = fmt_ts(self.now)
        execute_values(cur, """
            INSERT INTO pickup_attempt_chain (company_id, station, last_hash, chain_length,
                                              create_uid, write_uid, create_date, write_date)
            VALUES %s
            ON CONFLICT (company_id, station) DO UPDATE
               SET last_hash = EXCLUDED.last_hash, chain_length = EXCLUDED.chain_length,
                   write_date = EXCLUDED.write_date""",
                       [(self.company, station, head, length, 1, 1, stamp, stamp)
                        for station, head, length in chains])


def replica_role(cur):
    """Skip per-row foreign-key triggers during the load, when the role may (superuser).

    Checking 2.4 million rows one trigger call at a time costs most of the load; the rows
    are checked afterwards with one anti-join per foreign key (:func:`check_foreign_keys`).
    """
    cur.execute("SAVEPOINT gen_role")
    try:
        cur.execute("SET LOCAL session_replication_role = replica")
    except psycopg2.Error:
        cur.execute("ROLLBACK TO SAVEPOINT gen_role")
        return False
    cur.execute("RELEASE SAVEPOINT gen_role")
    return True


def check_foreign_keys(cur, first_ids):
    """Every single-column foreign key of the rows written (id >= the first reserved id)."""
    cur.execute("SET LOCAL session_replication_role = origin")
    for table, first_id in first_ids.items():
        cur.execute("""
            SELECT a.attname, c.confrelid::regclass::text, af.attname
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
             WHERE c.conrelid = %s::regclass AND c.contype = 'f'
               AND array_length(c.conkey, 1) = 1""", (table,))
        for column, ref_table, ref_column in cur.fetchall():
            cur.execute(
                "SELECT count(*) FROM %s x WHERE x.id >= %%s AND x.%s IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM %s r WHERE r.%s = x.%s)"
                % (table, column, ref_table, ref_column, column), (first_id,))
            dangling = cur.fetchone()[0]
            if dangling:
                raise SystemExit("%d rows of %s point to a missing %s (%s); nothing was "
                                 "committed." % (dangling, table, ref_table, column))


def delete_previous(cur, label):
    """Remove what an earlier run with this label wrote (FK order)."""
    marker, prefix = "GEN:%s" % label, "gen-%s-" % label
    cur.execute("CREATE TEMP TABLE gen_old_orders ON COMMIT DROP AS "
                "SELECT id FROM sale_order WHERE client_order_ref = %s", (marker,))
    cur.execute("CREATE TEMP TABLE gen_old_codes ON COMMIT DROP AS SELECT id FROM pickup_code "
                "WHERE sale_order_id IN (SELECT id FROM gen_old_orders)")
    cur.execute("ANALYZE gen_old_orders; ANALYZE gen_old_codes")
    temporary = index_foreign_keys(cur, ("pickup_code", "sale_order", "res_partner"))
    deleted = {}
    for table, where, params in (
        ("pickup_anomaly", "left(station, %s) = %s OR code_id IN (SELECT id FROM gen_old_codes)",
         (len(prefix), prefix)),
        ("pickup_dispute", "code_id IN (SELECT id FROM gen_old_codes)", ()),
        ("pickup_handover", "code_id IN (SELECT id FROM gen_old_codes)", ()),
        ("pickup_event", "sale_order_id IN (SELECT id FROM gen_old_orders)", ()),
        ("pickup_attempt", "left(station, %s) = %s", (len(prefix), prefix)),
        ("pickup_attempt_chain", "left(station, %s) = %s", (len(prefix), prefix)),
        ("pickup_code", "id IN (SELECT id FROM gen_old_codes)", ()),
        ("pickup_entitlement", "sale_order_id IN (SELECT id FROM gen_old_orders)", ()),
        ("sale_order_line", "order_id IN (SELECT id FROM gen_old_orders)", ()),
        ("sale_order", "id IN (SELECT id FROM gen_old_orders)", ()),
        ("res_partner", "ref = %s", (marker,)),
        ("ir_config_parameter", "key = %s", (MANIFEST_KEY % label,)),
    ):
        cur.execute("DELETE FROM %s WHERE %s" % (table, where), params)
        deleted[table] = cur.rowcount
    for name in temporary:
        cur.execute("DROP INDEX %s" % name)
    return deleted


BULK_TABLES = ("sale_order", "sale_order_line", "pickup_entitlement", "pickup_code",
               "pickup_handover", "pickup_event", "pickup_attempt", "pickup_anomaly")


def drop_secondary_indexes(cur, tables=BULK_TABLES):
    """Drop, for this transaction, the tables' indexes that back no constraint; :return:
    their definitions. Millions of rows then go in without one random b-tree insert per
    index and row, and :func:`create_indexes` builds each index once, sorted."""
    cur.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
         WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
                (list(tables),))
    definitions = cur.fetchall()
    for name, _definition in definitions:
        cur.execute("DROP INDEX %s" % name)
    return [definition for _name, definition in definitions]


def create_indexes(cur, definitions, progress):
    cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for k, definition in enumerate(definitions):
        cur.execute(definition)
        if k % 10 == 9:
            progress.phase("rebuilt %d of %d indexes" % (k + 1, len(definitions)))


def reset_kpi_aggregates(cur):
    """The history's rows are dated in the past: pickup_kpi's daily aggregates (when the addon
    is installed) are emptied and their watermark forgotten, so that its next refresh
    (``pickup.kpi.daily._refresh``, hourly cron; bench_kpi.sh runs it at once) rebuilds every
    day. Until then the dashboard computes from the raw rows."""
    cur.execute("SELECT to_regclass('pickup_kpi_daily') IS NOT NULL")
    if not cur.fetchone()[0]:
        return
    cur.execute("TRUNCATE pickup_kpi_daily, pickup_kpi_daily_segment, pickup_kpi_daily_lead, "
                "pickup_kpi_daily_scan")
    cur.execute("DELETE FROM ir_config_parameter WHERE key = 'pickup_kpi.daily_state'")


def index_foreign_keys(cur, targets):
    """Index, for this transaction, the big tables' unindexed foreign keys to ``targets``.

    Deleting a row makes PostgreSQL look for the rows that reference it; without an index
    that is one sequential scan per deleted row (e.g. ``pickup_code.replaced_by_id``: 200,000
    scans of 200,000 rows). The indexes are dropped again before the transaction ends.
    """
    cur.execute("""
        SELECT DISTINCT c.conrelid::regclass::text, a.attname
          FROM pg_constraint c
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          JOIN pg_class t ON t.oid = c.conrelid
         WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
           AND c.confrelid = ANY(%s::regclass[]) AND t.reltuples > 10000
           AND NOT EXISTS (SELECT 1 FROM pg_index i
                            WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])""",
                (list(targets),))
    names = []
    for table, column in cur.fetchall():
        name = "gen_tmp_%s_%s_idx" % (table, column)
        cur.execute("CREATE INDEX %s ON %s (%s)" % (name, table, column))
        names.append(name)
    return names


# --demo: a small history at the demo's own points, enough for every card and chart.
DEMO_DEFAULTS = {
    "label": "demo", "orders": 2400, "attempts": 14000, "partners": 300, "days": 90,
    "outlier_days_ago": "12,38,67", "existing_points": "TPE,TXG", "planted_point": "TXG",
    "category_parent": "團購示範 Demo history", "product_prefix": "DEMO-", "seed": 7,
}


def apply_demo_defaults(args, argv):
    """Fill the --demo values for the options not given on the command line."""
    given = {a.split("=")[0].lstrip("-").replace("-", "_") for a in argv if a.startswith("--")}
    for key, value in DEMO_DEFAULTS.items():
        if key not in given:
            setattr(args, key, value)


def history_days(args):
    return args.days or max(28, round(args.months * 365.25 / 12))


def campaign_names(first_day, n_days):
    names = []
    for day in range(0, n_days, 15):
        stamp = datetime.fromtimestamp(first_day + day * 86400, timezone.utc)
        name = "GEN 團購 %s" % stamp.strftime("%Y-%m-%d")
        names.append(name)
    return names


def parse_args(argv=None):
    """:return: the options, with the --demo values filled in and the lists parsed"""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database (connection from PG* variables)")
    parser.add_argument("--label", default="gen2026", help="run label (idempotency marker)")
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--attempts", type=int, default=1_000_000)
    parser.add_argument("--scans", type=int,
                        help="size of the history in scans: --attempts N and, unless given, "
                             "--orders N/5 (e.g. --scans 10000000: 2,000,000 orders). The "
                             "scans are streamed (sorted on disk): memory grows with the "
                             "orders, not with the scans")
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--partners", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--days", type=int,
                        help="length of the history in days (instead of --months)")
    parser.add_argument("--outlier-days-ago", default="100",
                        help="planted outlier day(s), days before today, comma-separated")
    parser.add_argument("--existing-points",
                        help="comma-separated codes of pickup points that exist already "
                             "(instead of creating GEN01..); the last one carries the "
                             "planted false pickups")
    parser.add_argument("--planted-point", help="point with the planted false pickups")
    parser.add_argument("--category-parent", help="parent product category of the history")
    parser.add_argument("--product-prefix", help="default code prefix of the products")
    parser.add_argument("--demo", action="store_true",
                        help="the demo's KPI history: 90 days at TPE and TXG, label 'demo', a "
                             "few planted outlier days (explicit options still win)")
    parser.add_argument("--now", help="reference moment, UTC (YYYY-MM-DD HH:MM:SS); default: "
                        "now. Pin it to get exactly the same history again")
    parser.add_argument("--check-fks", action="store_true",
                        help="keep PostgreSQL's per-row foreign-key triggers (slower)")
    parser.add_argument("--odoo-bin", help="odoo command (default: $ODOO_BIN, `odoo` on PATH)")
    parser.add_argument("--addons-path", help="default: Odoo's own path plus this project")
    args = parser.parse_args(argv)
    if args.demo:
        apply_demo_defaults(args, argv or sys.argv[1:])
    if args.scans:
        args.attempts = args.scans
        if "--orders" not in " ".join(argv or sys.argv[1:]):
            args.orders = args.scans // 5
    try:
        args.outlier_days_ago = [int(x) for x in str(args.outlier_days_ago).split(",")]
    except ValueError:
        parser.error("--outlier-days-ago: whole numbers separated by commas")
    args.existing = [c for c in (args.existing_points or "").split(",") if c]
    args.planted_point = args.planted_point or (args.existing[-1] if args.existing
                                                else PLANTED_POINT)
    if args.existing:
        args.points = len(args.existing)
    elif not 7 <= args.points <= 99:
        parser.error("--points must be within 7..99 (GEN07 carries a planted pattern)")
    if args.orders < 100 or args.months < 1 or args.partners < 1:
        parser.error("need at least 100 orders, 1 month and 1 partner")
    if not args.label.replace("_", "").isalnum():
        parser.error("--label: letters, digits and underscores only")
    return args


def main(argv=None):
    args = parse_args(argv)
    started = time.monotonic()
    rng = Random("%s/%s" % (args.seed, args.label))
    now = int(time.time())
    if args.now:
        now = int(datetime.fromisoformat(args.now).replace(tzinfo=timezone.utc).timestamp())
    local_now = now + TZ_OFFSET
    n_days = history_days(args)
    first_day = local_now - local_now % 86400 - (n_days - 1) * 86400
    spec = {
        "points": [{"code": code, "existing": True} for code in args.existing] or [
            {"code": "GEN%02d" % (i + 1), "name": POINTS[i % len(POINTS)][0],
             "city": POINTS[i % len(POINTS)][1],
             "state_key": POINTS[i % len(POINTS)][1].lower().replace(" ", "_"),
             "street": "%d 號" % (i + 1)} for i in range(args.points)],
        "category_parent": args.category_parent or CATEGORY_PARENT,
        "categories": [{"name": c[0], "product": c[1],
                        "code": c[2].replace("GEN-", args.product_prefix or "GEN-"),
                        "price": c[3]} for c in CATEGORIES],
        "campaigns": campaign_names(first_day, n_days),
    }
    print("[%6.1f s] odoo shell: pickup points, categories, products, campaigns ..."
          % (time.monotonic() - started), file=sys.stderr, flush=True)
    setup = run_setup(args, spec)
    history = History(args, setup, rng, now)
    progress = Progress(1)
    progress.start -= time.monotonic() - started
    progress.phase("planning %d orders over %d days at %d points ..."
                   % (args.orders, n_days, args.points))
    history.plan_partners()
    history.plan_orders()
    history.plan_codes()
    history.plan_attempts(progress)
    history.plan_disputes()
    progress.total = history.row_total()
    progress.phase("planned %d rows to write" % progress.total)

    conn = psycopg2.connect(dbname=args.db)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            progress.phase("deleting rows of earlier runs labelled %r ..." % args.label)
            deleted = delete_previous(cur, args.label)
            if any(deleted.values()):
                progress.phase("deleted: %s" % ", ".join(
                    "%s %d" % item for item in deleted.items() if item[1]))
            fast = not args.check_fks and replica_role(cur)
            indexes = []
            if args.attempts >= 1_000_000:
                indexes = drop_secondary_indexes(cur)
                progress.phase("dropped %d secondary indexes for the load" % len(indexes))
            counts = history.write(cur, progress)
            if indexes:
                progress.phase("rebuilding %d indexes ..." % len(indexes))
                create_indexes(cur, indexes, progress)
            if fast:
                progress.phase("checking foreign keys of the new rows (set-based) ...")
                check_foreign_keys(cur, history.first_ids)
            manifest = {
                "label": args.label, "seed": args.seed, "generated_at": fmt_ts(now),
                "company_id": history.company, "orders": args.orders, "attempts": args.attempts,
                "points": [p["code"] for p in history.points],
                "days": n_days,
                "planted": {
                    "point": args.planted_point,
                    "point_rate": [WRONGFUL_FROM, WRONGFUL_TO],
                    "category": history.products[PLANTED_CATEGORY - 1]["categ"],
                    "category_dispute_multiplier": 3,
                    "outlier_day": time.strftime(
                        "%Y-%m-%d", time.gmtime(history.first_day
                                                + history.outlier_day * 86400)),
                    "outlier_days": [time.strftime(
                        "%Y-%m-%d", time.gmtime(history.first_day + day * 86400))
                        for day in history.outlier_days],
                    "outlier_extra_failed_guesses": history.outlier_extra,
                },
                "counts": counts,
            }
            reset_kpi_aggregates(cur)
            cur.execute("INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, "
                        "create_date, write_date) VALUES (%s, %s, 1, 1, now() at time zone "
                        "'UTC', now() at time zone 'UTC')",
                        (MANIFEST_KEY % args.label, json.dumps(manifest, ensure_ascii=False)))
            progress.phase("committing ...")
    finally:
        conn.close()
    vacuum(args.db, progress)
    print("\nGenerated history %r in %s (seed %d) in %.1f s:" % (
        args.label, args.db, args.seed, time.monotonic() - started))
    for table, count in counts.items():
        print("  %-22s %9d rows" % (table, count))
    planted = manifest["planted"]
    print("  planted: %s false pickups %.1f%% -> %.1f%%; category %r x3 disputes; "
          "outlier day %s (+%d failed scans)" % (
              planted["point"], 100 * WRONGFUL_FROM, 100 * WRONGFUL_TO, planted["category"],
              planted["outlier_day"], planted["outlier_extra_failed_guesses"]))
    return 0


def vacuum(db, progress):
    """VACUUM ANALYZE the written tables: fresh statistics and visibility maps for the KPIs."""
    progress.phase("VACUUM ANALYZE ...")
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    with conn.cursor() as cur:
        for table in ("res_partner", "sale_order", "sale_order_line", "pickup_code",
                      "pickup_handover", "pickup_event", "pickup_attempt", "pickup_dispute",
                      "pickup_anomaly", "pickup_attempt_chain"):
            cur.execute("VACUUM (ANALYZE) %s" % table)
    conn.close()


if __name__ == "__main__":
    sys.exit(main())
