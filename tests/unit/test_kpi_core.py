"""Tier 1: KPI formulas of pickup_kpi (core/kpi.py), hand-computed cases."""

import inspect
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_kpi.core import kpi

RATIO_FUNCTIONS = [
    kpi.false_pickup_rate,
    kpi.dispute_rate,
    kpi.pickup_rate,
    kpi.no_show_rate,
    kpi.scan_failure_rate,
    kpi.spoilage_rate,
]


# ------------------------------------------------------------------------------ simple rates


def test_false_pickup_rate():
    # 3 wrongful / 1,200 redemptions = 0.0025
    assert kpi.false_pickup_rate(3, 1200) == pytest.approx(0.0025)
    assert kpi.false_pickup_rate(0, 1200) == 0.0


def test_dispute_rate():
    # 6 / 1,200 = 0.005
    assert kpi.dispute_rate(6, 1200) == pytest.approx(0.005)


def test_pickup_no_show_scan_failure_spoilage():
    assert kpi.pickup_rate(180, 200) == pytest.approx(0.9)  # 180 / 200
    assert kpi.no_show_rate(12, 200) == pytest.approx(0.06)  # 12 / 200
    assert kpi.scan_failure_rate(25, 500) == pytest.approx(0.05)  # 25 / 500
    assert kpi.spoilage_rate(3, 120) == pytest.approx(0.025)  # 3 / 120


@pytest.mark.parametrize("function", RATIO_FUNCTIONS, ids=lambda f: f.__name__)
def test_ratio_zero_or_missing_denominator_is_none(function):
    assert function(0, 0) is None
    assert function(5, 0) is None
    assert function(5, None) is None
    assert function(None, None) is None


@pytest.mark.parametrize("function", RATIO_FUNCTIONS, ids=lambda f: f.__name__)
def test_ratio_single_event(function):
    # one event out of one: 1 / 1
    assert function(1, 1) == 1.0
    # SQL SUM over no rows is NULL: read as 0 events
    assert function(None, 4) == 0.0


@pytest.mark.parametrize("function", RATIO_FUNCTIONS, ids=lambda f: f.__name__)
def test_ratio_negative_count_is_rejected(function):
    with pytest.raises(ValueError):
        function(-1, 10)
    with pytest.raises(ValueError):
        function(1, -10)


def test_dispute_rate_by_type():
    # 4 / 1,000 = 0.004 ; 2 / 1,000 = 0.002 ; 0 / 1,000 = 0
    rates = kpi.dispute_rate_by_type({"not_received": 4, "wrong_item": 2, "damaged": 0}, 1000)
    assert rates == pytest.approx({"not_received": 0.004, "wrong_item": 0.002, "damaged": 0.0})


def test_dispute_rate_by_type_empty_and_zero():
    assert kpi.dispute_rate_by_type({}, 1000) == {}
    assert kpi.dispute_rate_by_type({"wrong_item": 2}, 0) == {"wrong_item": None}
    assert kpi.dispute_rate_by_type({"wrong_item": 1}, 1) == {"wrong_item": 1.0}


def test_anomaly_rate_per_1000():
    # 1000 x 7 / 3,500 = 2.0 anomalies per 1,000 scans
    assert kpi.anomaly_rate_per_1000(7, 3500) == pytest.approx(2.0)
    # single scan, single anomaly: 1000 x 1 / 1
    assert kpi.anomaly_rate_per_1000(1, 1) == 1000.0
    assert kpi.anomaly_rate_per_1000(0, 0) is None


def test_anomaly_rate_by_type():
    # 1000 x 3 / 2,000 = 1.5 ; 1000 x 4 / 2,000 = 2.0
    rates = kpi.anomaly_rate_by_type({"lockout": 3, "wrong_point": 4}, 2000)
    assert rates == pytest.approx({"lockout": 1.5, "wrong_point": 2.0})
    assert kpi.anomaly_rate_by_type({}, 2000) == {}
    assert kpi.anomaly_rate_by_type({"lockout": 3}, 0) == {"lockout": None}


# -------------------------------------------------------------------------------- lead time


def test_lead_time_stats():
    # sorted 1, 2, 3, 4, 10: mean 20 / 5 = 4 ; median x[2] = 3
    # p90: h = 0.9 x (5 - 1) = 3.6 -> x[3] + 0.6 x (x[4] - x[3]) = 4 + 0.6 x 6 = 7.6
    result = kpi.lead_time_stats([10, 3, 1, 4, 2])
    assert result.count == 5
    assert result.mean == pytest.approx(4.0)
    assert result.median == pytest.approx(3.0)
    assert result.p90 == pytest.approx(7.6)


def test_lead_time_stats_skips_missing_durations():
    # 2 and 4 only: mean 3, median 3, p90: h = 0.9 x 1 -> 2 + 0.9 x 2 = 3.8
    assert kpi.lead_time_stats([2, None, 4]) == pytest.approx(kpi.LeadTimeStats(2, 3, 3, 3.8))


def test_lead_time_stats_empty_and_single():
    assert kpi.lead_time_stats([]) == kpi.LeadTimeStats(0, None, None, None)
    assert kpi.lead_time_stats([None]) == kpi.LeadTimeStats(0, None, None, None)
    assert kpi.lead_time_stats([5.5]) == kpi.LeadTimeStats(1, 5.5, 5.5, 5.5)


@given(st.lists(st.floats(min_value=0, max_value=1e4), min_size=1, max_size=60))
def test_lead_time_stats_order(durations):
    result = kpi.lead_time_stats(durations)
    low, high = min(durations), max(durations)
    assert result.count == len(durations)
    assert low <= result.median <= result.p90 <= high
    assert low - 1e-9 <= result.mean <= high + 1e-9


# ------------------------------------------------------------------------ inventory accuracy


def test_inventory_accuracy():
    # |98 - 100| + |52 - 50| + |10 - 10| = 4 ; Σ system = 160 ; 1 - 4 / 160 = 0.975
    assert kpi.inventory_accuracy([(98, 100), (52, 50), (10, 10)]) == pytest.approx(0.975)


def test_inventory_accuracy_is_not_clamped():
    # 0 on the books but 30 found, 5 found of 10: errors 30 + 5 = 35 ; Σ system = 10
    # 1 - 35 / 10 = -2.5 (worse than "nothing right": kept negative, see the docstring)
    assert kpi.inventory_accuracy([(30, 0), (5, 10)]) == pytest.approx(-2.5)


def test_inventory_accuracy_empty_single_and_zero_system():
    assert kpi.inventory_accuracy([]) is None
    assert kpi.inventory_accuracy([(5, 0)]) is None  # Σ system = 0
    assert kpi.inventory_accuracy([(0, 0), (0, 0)]) is None
    # negative stock on the books in total: no meaningful accuracy
    assert kpi.inventory_accuracy([(0, -5)]) is None
    assert kpi.inventory_accuracy([(10, 10)]) == 1.0
    assert kpi.inventory_accuracy([(0, 10)]) == 0.0  # 1 - 10 / 10


quantities = st.integers(min_value=0, max_value=10_000)


@given(st.lists(quantities, min_size=1, max_size=40).filter(lambda xs: sum(xs) > 0))
def test_inventory_accuracy_perfect_count_is_one(system):
    assert kpi.inventory_accuracy([(q, q) for q in system]) == 1.0


@given(st.lists(st.tuples(quantities, quantities), min_size=1, max_size=40))
def test_inventory_accuracy_at_most_one(pairs):
    accuracy = kpi.inventory_accuracy(pairs)
    if sum(system for _counted, system in pairs) == 0:
        assert accuracy is None
    else:
        assert accuracy <= 1.0


# ------------------------------------------------------------------------------ properties


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_ratio_in_unit_interval_when_part_of_whole(a, b):
    part, whole = min(a, b), max(a, b)
    for function in RATIO_FUNCTIONS:
        value = function(part, whole)
        if whole == 0:
            assert value is None
        else:
            assert 0.0 <= value <= 1.0
    per_1000 = kpi.anomaly_rate_per_1000(part, whole)
    assert per_1000 is None if whole == 0 else 0.0 <= per_1000 <= 1000.0


# ----------------------------------------------------------------------------- definitions


def test_kpi_definitions_cover_every_kpi_function():
    public_functions = {
        name
        for name, member in inspect.getmembers(kpi, inspect.isfunction)
        if not name.startswith("_") and member.__module__ == kpi.__name__
    }
    assert set(kpi.KPI_DEFINITIONS) == public_functions
    assert len(kpi.KPI_DEFINITIONS) == 11


def test_kpi_definitions_fields():
    for name, definition in kpi.KPI_DEFINITIONS.items():
        assert set(definition) == {"label", "formula", "direction", "unit"}, name
        assert definition["label"] and definition["formula"], name
        assert definition["direction"] in ("lower_is_better", "higher_is_better"), name
        assert definition["unit"] in ("ratio", "per_1000", "hours"), name
    assert kpi.KPI_DEFINITIONS["inventory_accuracy"]["direction"] == "higher_is_better"
    assert kpi.KPI_DEFINITIONS["pickup_rate"]["direction"] == "higher_is_better"
    assert kpi.KPI_DEFINITIONS["false_pickup_rate"]["direction"] == "lower_is_better"
    assert kpi.KPI_DEFINITIONS["anomaly_rate_per_1000"]["unit"] == "per_1000"
    assert kpi.KPI_DEFINITIONS["lead_time_stats"]["unit"] == "hours"


def test_no_zero_division_anywhere():
    # every KPI with all-zero input returns None (or a dict of None / an empty summary)
    assert kpi.false_pickup_rate(0, 0) is None
    assert kpi.anomaly_rate_by_type({"x": 0}, 0) == {"x": None}
    assert kpi.lead_time_stats([]).mean is None
    assert kpi.inventory_accuracy([(0, 0)]) is None
    assert not math.isnan(kpi.pickup_rate(0, 1))
