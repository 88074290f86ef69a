"""Tier 1: the pure parts of the daily KPI aggregates (pickup_kpi/core/daily.py)."""

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_kpi.core import daily, stats


def test_bins_by_duration():
    assert daily.lead_bucket(0.0) == 0
    assert daily.lead_bucket(0.25) == 2          # [0.2, 0.3) h
    assert daily.lead_bucket(9.99) == 99         # last 6-minute bin
    assert daily.lead_bucket(10.0) == 100        # first 30-minute bin
    assert daily.lead_bucket(22.7) == 225        # [22.5, 23.0) h
    assert daily.lead_bucket(50.2) == 500        # hourly bins from 48 h
    assert daily.lead_bucket(200.0) == 1920      # daily bins from a week: [192, 216) h
    assert daily.lead_bucket(-0.05) == -1
    assert daily.bucket_width(225) == 0.5
    assert daily.bucket_width(1920) == 24.0


@given(st.floats(min_value=-5, max_value=400, allow_nan=False))
def test_a_duration_lies_in_its_bin(hours):
    bucket = daily.lead_bucket(hours)
    assert bucket / 10 - 1e-6 <= hours < bucket / 10 + daily.bucket_width(bucket) + 1e-6


def test_quantiles_from_the_histogram_are_within_half_a_bin():
    rng = random.Random(3)
    values = [min(140.0, max(0.5, rng.lognormvariate(3.1, 0.5))) for _ in range(5000)]
    bins = {}
    for value in values:
        bucket = daily.lead_bucket(value)
        bins[bucket] = bins.get(bucket, 0) + 1
    for q in (0.5, 0.9):
        exact = stats.percentile(values, q)
        approx = daily.histogram_quantile(list(bins.items()), q)
        assert abs(approx - exact) <= daily.bin_width(exact) / 2 + 1e-9


def test_lead_stats_mean_is_exact_and_empty_is_none():
    result = daily.histogram_lead_stats([(220, 2), (100, 1)], 55.0, 3)
    assert result.count == 3 and result.mean == pytest.approx(55.0 / 3)
    assert daily.histogram_quantile([(220, 2), (100, 1)], 0.0) == pytest.approx(10.25)
    assert daily.histogram_lead_stats([], None, 0) == (0, None, None, None)
    assert daily.histogram_quantile([], 0.5) is None


def test_day_runs_are_contiguous_and_bounded():
    d = date(2026, 1, 1)
    days = [d + timedelta(days=k) for k in (0, 1, 2, 5, 5, 6, 40)]
    assert daily.day_runs(days) == [(d, d + timedelta(days=2)), (d + timedelta(days=5),
                                     d + timedelta(days=6)), (d + timedelta(days=40),) * 2]
    year = [d + timedelta(days=k) for k in range(365)]
    runs = daily.day_runs(year, 31)
    assert len(runs) == 12 and all((b - a).days < 31 for a, b in runs)
    assert sum((b - a).days + 1 for a, b in runs) == 365
    with pytest.raises(ValueError):
        daily.day_runs(year, 0)
