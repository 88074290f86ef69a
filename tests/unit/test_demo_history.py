"""The demo's KPI history (data/generate_history.py --demo), planned without a database:
90 days at the two demo points, the planted outlier days standing out, perishables collected
within their window, and nothing left for the reminder job to send to generated buyers."""
import importlib.util
from pathlib import Path
from random import Random

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOW = 1_796_428_800  # 2026-12-04 00:00 UTC


@pytest.fixture(scope="module")
def gen():
    pytest.importorskip("psycopg2")
    spec = importlib.util.spec_from_file_location("generate_history",
                                                  ROOT / "data" / "generate_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def demo_args(gen, argv=()):
    return gen.parse_args(["--db", "x", "--demo", *argv])


def planned(gen, args):
    setup = {
        "company_id": 4, "points": [{"code": "TPE", "id": 10, "city": "台北市"},
                                    {"code": "TXG", "id": 11, "city": "台中市"}],
        "products": [{"id": 100 + i, "categ_id": 200 + i, "categ": c[0], "uom_id": 1,
                      "price": c[3], "name": c[1]} for i, c in enumerate(gen.CATEGORIES)],
        "campaigns": list(range(1, 8)), "counters": [5, 6], "staff": [2, 5, 6, 7],
    }
    history = gen.History(args, setup, Random("%s/%s" % (args.seed, args.label)), NOW)

    class Quiet:
        def phase(self, _text):
            pass

    history.plan_partners()
    history.plan_orders()
    history.plan_codes()
    history.plan_attempts(Quiet())
    history.plan_disputes()
    # The attempts come back from the spool in time order, with their station's name.
    history.attempts = list(history.anomalies_of(
        (*a[:7], history.station_names[a[7]], a[8]) for a in history.spool))
    return history


def test_demo_defaults_and_explicit_options_win(gen):
    args = demo_args(gen, ["--orders", "3000"])
    assert (args.label, args.days, args.existing, args.planted_point) == (
        "demo", 90, ["TPE", "TXG"], "TXG")
    assert args.orders == 3000
    assert args.outlier_days_ago == [12, 38, 67]


def test_demo_history_plan(gen):
    args = demo_args(gen)
    history = planned(gen, args)
    assert history.n_days == 90
    assert len(history.orders) == 2400 and len(history.attempts) == 14_000
    assert history.attempt_count == 14_000
    # Three planted outlier days, each far above a normal day's failed guesses.
    assert len(history.outlier_days) == 3
    failed = [0] * history.n_days
    for ts, _point, _code, _action, _channel, _kind, reason, *_who in history.attempts:
        if reason in gen.GUESS_REASONS:
            failed[history.day_of(ts)] += 1
    typical = sorted(failed)[len(failed) // 2]
    for day in history.outlier_days:
        assert failed[day] >= max(20, 5 * typical), (day, failed[day], typical)
    # Both points used; perishables collected within their 2-day window.
    assert {o[2] for o in history.orders} == {0, 1}
    for (state, _issue, ready, expiry, redeem, _revoke), order in zip(
            history.codes, history.orders, strict=True):
        if order[3] in gen.PERISHABLE_CATEGORIES and ready is not None:
            assert expiry - ready == gen.PERISHABLE_WINDOW_DAYS * 86400
            if state == "redeemed":
                assert ready < redeem < expiry
    # Attempts in time order: each station's hash chain runs in id order.
    times = [a[0] for a in history.attempts]
    assert times == sorted(times)
    assert all(a[7].startswith("gen-demo-") for a in history.attempts)
    # Every collected code's redeem is in the log, by the user the hand-over names.
    redeems = {a[2]: a[8] for a in history.attempts if a[3] == "redeem" and a[6] == "ok"}
    assert redeems == history.redeem_user
    assert any(kind == "scan_burst" for kind, *_rest in history.anomalies)


def test_spool_sorts_beyond_one_run(gen):
    """The external sort: several runs on disk merge back into time order, ties kept in
    planning order."""
    spool = gen.AttemptSpool(run_size=7)
    planned = [(1000 - (k * 37) % 101, k) for k in range(50)]
    for ts, k in planned:
        spool.add(ts, 1, k if k % 3 else None, "verify", "counter", "qr", "ok", 0, k)
    assert len(spool.runs) == 7
    merged = list(spool)
    assert [(a[0], a[8]) for a in merged] == sorted(planned)
    assert merged[0][2] is None or merged[0][2] % 3
    spool.close()


def test_same_seed_same_history(gen):
    first, second = planned(gen, demo_args(gen)), planned(gen, demo_args(gen))
    assert first.orders == second.orders and first.attempts == second.attempts
