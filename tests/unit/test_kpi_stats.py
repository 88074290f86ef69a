"""Tier 1: statistics of pickup_kpi (core/stats.py), hand-computed cases.

scipy / numpy are used only to cross-check, and those tests skip when they are absent.
"""

import math
import random
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pickup_kpi.core import stats

try:  # cross-checks only; the addon itself never imports scipy
    import scipy.stats as scipy_stats
except ImportError:  # pragma: no cover - depends on the environment
    scipy_stats = None

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


# ----------------------------------------------------------------------------- describe


def test_percentile_linear_interpolation():
    # sorted 1, 2, 3, 4, 10 ; q = 0.9: h = 0.9 x 4 = 3.6 -> 4 + 0.6 x (10 - 4) = 7.6
    assert stats.percentile([10, 1, 3, 2, 4], 0.9) == pytest.approx(7.6)
    assert stats.percentile([10, 1, 3, 2, 4], 0) == 1.0
    assert stats.percentile([10, 1, 3, 2, 4], 1) == 10.0


def test_percentile_empty_single_and_bad_q():
    assert stats.percentile([], 0.5) is None
    assert stats.percentile([7], 0.9) == 7.0
    with pytest.raises(ValueError):
        stats.percentile([1, 2], 1.5)


def test_describe():
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 40 / 8 = 5
    # squared deviations 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32 ; sample stdev sqrt(32 / 7)
    # q1: h = 0.25 x 7 = 1.75 -> x[1] + 0.75 x (x[2] - x[1]) = 4 + 0.75 x 0 = 4
    # median: h = 3.5 -> 4 + 0.5 x (5 - 4) = 4.5 ; q3: h = 5.25 -> 5 + 0.25 x (7 - 5) = 5.5
    result = stats.describe([5, 2, 9, 4, 4, 7, 4, 5])
    assert result.count == 8
    assert result.mean == pytest.approx(5.0)
    assert result.stdev == pytest.approx(math.sqrt(32 / 7))
    assert (result.min, result.q1, result.median, result.q3, result.max) == pytest.approx(
        (2, 4, 4.5, 5.5, 9)
    )


def test_describe_empty_and_single():
    assert stats.describe([]) == stats.Description(0, None, None, None, None, None, None, None)
    assert stats.describe([4]) == stats.Description(1, 4.0, None, 4.0, 4.0, 4.0, 4.0, 4.0)
    # two values: stdev sqrt(((1 - 2)^2 + (3 - 2)^2) / 1) = sqrt(2)
    assert stats.describe([1, 3]).stdev == pytest.approx(math.sqrt(2))


@given(st.lists(finite, min_size=1, max_size=50))
def test_describe_order_and_permutation(values):
    result = stats.describe(values)
    assert result.min <= result.q1 <= result.median <= result.q3 <= result.max
    assert stats.describe(list(reversed(values))) == result


# -------------------------------------------------------------------------------- trend


def test_moving_average():
    # window 3 over 1..5: (1+2+3)/3 = 2, (2+3+4)/3 = 3, (3+4+5)/3 = 4
    assert stats.moving_average([1, 2, 3, 4, 5], 3) == pytest.approx([None, None, 2, 3, 4])
    assert stats.moving_average([1, 2, 3], 1) == [1.0, 2.0, 3.0]


def test_moving_average_empty_single_and_short():
    assert stats.moving_average([], 3) == []
    assert stats.moving_average([5], 1) == [5.0]
    assert stats.moving_average([5], 3) == [None]
    assert stats.moving_average([5, 6], 3) == [None, None]
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError):
            stats.moving_average([1, 2], bad)


@given(finite, st.integers(min_value=1, max_value=400), st.integers(min_value=1, max_value=10))
def test_moving_average_of_constant_is_constant(value, length, window):
    result = stats.moving_average([value] * length, window)
    assert len(result) == length
    assert result[: window - 1] == [None] * min(window - 1, length)
    for item in result[window - 1 :]:
        assert item == pytest.approx(value, rel=1e-12, abs=1e-12)


def test_linear_trend():
    # y = 1, 3, 2, 5 at x = 0..3: x̄ = 1.5, ȳ = 2.75
    # Sxy = (-1.5)(-1.75) + (-0.5)(0.25) + (0.5)(-0.75) + (1.5)(2.25) = 5.5 ; Sxx = 5
    # slope = 1.1 ; intercept = 2.75 - 1.1 x 1.5 = 1.1
    slope, intercept = stats.linear_trend([1, 3, 2, 5])
    assert slope == pytest.approx(1.1)
    assert intercept == pytest.approx(1.1)


def test_linear_trend_empty_single_and_two():
    assert stats.linear_trend([]) == (None, None)
    assert stats.linear_trend([3]) == (None, None)
    assert stats.linear_trend([3, 5]) == pytest.approx((2.0, 3.0))  # through both points


@given(
    st.floats(min_value=-100, max_value=100),
    st.floats(min_value=-1000, max_value=1000),
    st.integers(min_value=2, max_value=200),
)
def test_linear_trend_recovers_a_line(slope, intercept, n):
    fitted = stats.linear_trend([intercept + slope * i for i in range(n)])
    assert fitted == pytest.approx((slope, intercept), abs=1e-6)


def test_holt_forecast():
    # alpha 0.5, beta 0.3 on 10, 12, 13: level 10, trend 12 - 10 = 2
    # y=12: level 0.5x12 + 0.5x(10+2) = 12 ; trend 0.3x(12-10) + 0.7x2 = 2
    # y=13: level 0.5x13 + 0.5x(12+2) = 13.5 ; trend 0.3x(13.5-12) + 0.7x2 = 1.85
    # forecasts 13.5 + 1.85h: 15.35, 17.2, 19.05
    forecast = stats.holt_forecast([10, 12, 13], horizon=3)
    assert forecast == pytest.approx([15.35, 17.2, 19.05])
    assert len(stats.holt_forecast([10, 12, 13])) == 7


def test_holt_forecast_empty_single_and_bad_parameters():
    assert stats.holt_forecast([]) == []
    assert stats.holt_forecast([4]) == [4.0] * 7
    assert stats.holt_forecast([4], horizon=2) == [4.0, 4.0]
    assert stats.holt_forecast([1, 2, 3], horizon=0) == []
    # two points: level 3 after the second, trend 2 -> 5, 7
    assert stats.holt_forecast([1, 3], horizon=2) == pytest.approx([5.0, 7.0])
    with pytest.raises(ValueError):
        stats.holt_forecast([1, 2], alpha=0)
    with pytest.raises(ValueError):
        stats.holt_forecast([1, 2], beta=1.5)
    with pytest.raises(ValueError):
        stats.holt_forecast([1, 2], horizon=-1)


@given(
    st.floats(min_value=-100, max_value=100),
    st.floats(min_value=-1000, max_value=1000),
    st.integers(min_value=2, max_value=100),
    st.floats(min_value=0.01, max_value=1),
    st.floats(min_value=0, max_value=1),
)
def test_holt_continues_a_perfect_line(slope, intercept, n, alpha, beta):
    # with level = y0 and trend = y1 - y0 every step reproduces the line, for any weights
    values = [intercept + slope * i for i in range(n)]
    forecast = stats.holt_forecast(values, horizon=5, alpha=alpha, beta=beta)
    expected = [intercept + slope * (n - 1 + h) for h in range(1, 6)]
    assert forecast == pytest.approx(expected, abs=1e-6)


# ----------------------------------------------------------------------------- outliers


def test_robust_zscores():
    # 1, 2, 3, 4, 100: median 3 ; |deviations| 2, 1, 0, 1, 97 -> MAD 1 ; scale 1.4826
    zscores = stats.robust_zscores([1, 2, 3, 4, 100])
    assert zscores == pytest.approx([-2 / 1.4826, -1 / 1.4826, 0, 1 / 1.4826, 97 / 1.4826])
    # only 97 / 1.4826 = 65.4 exceeds 3.5
    assert stats.outliers_robust([1, 2, 3, 4, 100]) == [4]
    # with a threshold of 1: 2 / 1.4826 = 1.35 also exceeds
    assert stats.outliers_robust([1, 2, 3, 4, 100], threshold=1) == [0, 4]


def test_robust_zscores_mad_zero_empty_single():
    # 3, 3, 3, 9: median 3 ; |deviations| 0, 0, 0, 6 -> MAD 0 -> undefined
    assert stats.robust_zscores([3, 3, 3, 9]) == [None] * 4
    assert stats.outliers_robust([3, 3, 3, 9]) == []
    assert stats.robust_zscores([]) == []
    assert stats.outliers_robust([]) == []
    assert stats.robust_zscores([5]) == [None]
    assert stats.outliers_robust([5]) == []


@given(finite, st.integers(min_value=1, max_value=100))
def test_robust_z_of_constant_is_none(value, length):
    assert stats.robust_zscores([value] * length) == [None] * length
    assert stats.outliers_robust([value] * length) == []


def test_ewma_outliers():
    # alpha 0.5, k 3, warmup 5 on 0, 2, 0, 2, 0, 2, 20 (mean m, variance v; d = x - m):
    # start m 0, v 0
    # x=2: d 2      m 1       v 0.5x0 + 0.5x4 = 2
    # x=0: d -1     m 0.5     v 1 + 0.5 = 1.5
    # x=2: d 1.5    m 1.25    v 0.75 + 1.125 = 1.875
    # x=0: d -1.25  m 0.625   v 0.9375 + 0.78125 = 1.71875
    # x=2 (i=5): d 1.375 vs 3 x sqrt(1.71875) = 3.93 -> in; m 1.3125, v 1.8046875
    # x=20 (i=6): d 18.6875 vs 3 x sqrt(1.8046875) = 4.03 -> flagged
    values = [0, 2, 0, 2, 0, 2, 20]
    assert stats.ewma_outliers(values, alpha=0.5) == [6]
    assert stats.ewma_outliers(values, alpha=0.5, warmup=7) == []  # still warming up
    assert stats.ewma_outliers(values, alpha=0.5, k=20) == []  # 18.69 < 20 x 1.34


def test_ewma_outliers_spike_in_warmup_and_flat_series():
    # index 2 is inside the warmup: never flagged
    assert stats.ewma_outliers([10, 10, 50, 10, 10]) == []
    # five equal points (variance 0), then any change is beyond 3 x 0
    assert stats.ewma_outliers([5, 5, 5, 5, 5, 6]) == [5]


def test_ewma_outliers_empty_single_and_bad_parameters():
    assert stats.ewma_outliers([]) == []
    assert stats.ewma_outliers([5]) == []
    assert stats.ewma_outliers([5], warmup=0) == []
    with pytest.raises(ValueError):
        stats.ewma_outliers([1, 2], alpha=0)
    with pytest.raises(ValueError):
        stats.ewma_outliers([1, 2], k=-1)


@given(finite, st.integers(min_value=0, max_value=100))
def test_ewma_of_constant_has_no_outliers(value, length):
    assert stats.ewma_outliers([value] * length, warmup=0) == []


def test_rules_are_documented():
    assert "1.4826" in stats.ROBUST_Z_RULE and "3.5" in stats.ROBUST_Z_RULE
    assert "alpha" in stats.EWMA_RULE and "k = 3" in stats.EWMA_RULE


def test_planted_outlier_day_found_by_both_methods():
    rng = random.Random(2026)
    days = [200 + rng.uniform(-20, 20) for _ in range(365)]
    days[180] *= 10  # about 2,000 against 180..220
    assert stats.outliers_robust(days) == [180]
    ewma = stats.ewma_outliers(days)
    assert 180 in ewma
    # the EWMA limits are tighter (see EWMA_RULE): a few noise days may cross them, not many
    assert len(ewma) <= 0.03 * 365


# ----------------------------------------------------------------------------- segments


def test_lift():
    assert stats.lift(0.04, 0.02) == pytest.approx(2.0)  # 0.04 / 0.02
    assert stats.lift(0.0, 0.02) == 0.0
    assert stats.lift(0.1, 0) is None
    assert stats.lift(None, 0.1) is None
    assert stats.lift(0.1, None) is None


@given(st.floats(min_value=1e-6, max_value=1))
def test_lift_of_the_whole_is_one(rate):
    assert stats.lift(rate, rate) == 1.0


def test_binomial_test_greater_exact():
    # P(X >= 15), X ~ Bin(20, 0.5) = (C(20,15) + C(20,16) + ... + C(20,20)) / 2^20
    #   = (15504 + 4845 + 1140 + 190 + 20 + 1) / 1048576 = 21700 / 1048576
    assert stats.binomial_test_greater(15, 20, 0.5) == pytest.approx(21700 / 1048576, rel=1e-12)
    # P(X >= 2), X ~ Bin(3, 0.5) = (3 + 1) / 8
    assert stats.binomial_test_greater(2, 3, 0.5) == pytest.approx(0.5, rel=1e-12)
    # single trial: P(X >= 1) = p0
    assert stats.binomial_test_greater(1, 1, 0.3) == pytest.approx(0.3, rel=1e-12)
    # 10,000 trials is still exact: P(X >= 1) = 1 - (1 - 1e-4)^10000 = 0.63214
    assert stats.binomial_test_greater(1, 10_000, 1e-4) == pytest.approx(
        1 - (1 - 1e-4) ** 10_000, rel=1e-9
    )


def test_binomial_test_greater_normal_approximation():
    # n = 20,000 > 10,000, p0 = 0.5: z = (10000 - 0.5 - 10000) / sqrt(5000) = -0.00707
    # p = erfc(z / sqrt 2) / 2 = 0.50282
    assert stats.binomial_test_greater(10_000, 20_000, 0.5) == pytest.approx(0.50282, abs=1e-5)
    # n = 1e6, p0 = 0.01: z = (10300 - 0.5 - 10000) / sqrt(9900) = 3.0101 -> p = 0.001306
    # (exact 0.001363: the normal tail is a little light for a skewed binomial)
    assert stats.binomial_test_greater(10_300, 10**6, 0.01) == pytest.approx(0.001306, abs=1e-6)


def test_binomial_test_greater_rare_events_stay_exact_above_10000_trials():
    # n p0 (1 - p0) = 2 < 5,000: summed exactly, no normal approximation (which would give
    # z = (1 - 0.5 - 2) / sqrt 2 = -1.06 -> 0.855). P(X >= 1) = 1 - (1 - 1e-4)^20000 = 0.86468
    assert stats.binomial_test_greater(1, 20_000, 1e-4) == pytest.approx(
        1 - (1 - 1e-4) ** 20_000, rel=1e-9
    )
    # a million trials at 2e-6: P(X >= 1) = 1 - (1 - 2e-6)^1e6 = 1 - e^-2 (nearly) = 0.86466
    assert stats.binomial_test_greater(1, 10**6, 2e-6) == pytest.approx(
        1 - (1 - 2e-6) ** 10**6, rel=1e-8
    )


def test_binomial_test_greater_edges():
    assert stats.binomial_test_greater(0, 20, 0.5) == 1.0
    assert stats.binomial_test_greater(0, 0, 0.5) == 1.0  # no trials: nothing observed
    assert stats.binomial_test_greater(1, 0, 0.5) == 0.0
    assert stats.binomial_test_greater(21, 20, 0.5) == 0.0
    assert stats.binomial_test_greater(1, 10, 0.0) == 0.0
    assert stats.binomial_test_greater(10, 10, 1.0) == 1.0
    # p-values of extreme tails underflow to 0 instead of raising
    assert stats.binomial_test_greater(10_000, 10_000, 0.01) == 0.0
    with pytest.raises(ValueError):
        stats.binomial_test_greater(1, 10, 1.5)
    with pytest.raises(ValueError):
        stats.binomial_test_greater(1, -10, 0.5)


@given(
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=45),
    st.integers(min_value=1, max_value=99),
)
def test_binomial_matches_exact_rational_sum(trials, successes, percent):
    p0 = Fraction(percent, 100)
    exact = sum(
        math.comb(trials, k) * p0**k * (1 - p0) ** (trials - k)
        for k in range(max(successes, 0), trials + 1)
    )
    assert stats.binomial_test_greater(successes, trials, percent / 100) == pytest.approx(
        float(exact), rel=1e-9, abs=1e-300
    )


@given(st.integers(min_value=1, max_value=300), st.floats(min_value=0.001, max_value=0.999))
def test_binomial_p_value_decreases_with_successes(trials, p0):
    p_values = [stats.binomial_test_greater(s, trials, p0) for s in range(trials + 2)]
    assert all(0.0 <= p <= 1.0 for p in p_values)
    assert all(a >= b - 1e-12 for a, b in zip(p_values, p_values[1:], strict=False))


def test_chi_square_2x2():
    # [[10, 20], [30, 40]]: n 100 ; ad - bc = 400 - 600 = -200
    # chi2 = 100 x 200^2 / (30 x 70 x 40 x 60) = 4,000,000 / 5,040,000 = 0.793651
    # p = erfc(sqrt(0.793651 / 2)) = erfc(0.629941) = 0.372998
    chi2, p_value = stats.chi_square_2x2(10, 20, 30, 40)
    assert chi2 == pytest.approx(4_000_000 / 5_040_000)
    assert p_value == pytest.approx(0.372998, abs=1e-6)


def test_chi_square_2x2_degenerate_and_independent():
    assert stats.chi_square_2x2(0, 0, 0, 0) == (0.0, 1.0)
    assert stats.chi_square_2x2(0, 0, 5, 5) == (0.0, 1.0)  # empty first row
    assert stats.chi_square_2x2(3, 0, 7, 0) == (0.0, 1.0)  # empty second column
    assert stats.chi_square_2x2(1, 0, 0, 0) == (0.0, 1.0)  # single observation
    assert stats.chi_square_2x2(10, 10, 10, 10) == (0.0, 1.0)  # ad = bc
    with pytest.raises(ValueError):
        stats.chi_square_2x2(-1, 2, 3, 4)


counts = st.integers(min_value=0, max_value=10_000)


@given(counts, counts, counts, counts)
def test_chi_square_symmetries(a, b, c, d):
    result = stats.chi_square_2x2(a, b, c, d)
    assert result[0] >= 0 and 0.0 <= result[1] <= 1.0
    assert stats.chi_square_2x2(d, c, b, a) == pytest.approx(result)  # swap both
    assert stats.chi_square_2x2(a, c, b, d) == pytest.approx(result)  # transpose
    assert stats.chi_square_2x2(c, d, a, b) == pytest.approx(result)  # swap rows


def test_flag_segments_hand_computed():
    # north 30/100 vs south 10/100: overall 40 / 200 = 0.2 ; lifts 1.5 and 0.5
    # north vs rest [[30, 70], [10, 90]]: ad - bc = 2700 - 700 = 2000
    # chi2 = 200 x 2000^2 / (100 x 100 x 40 x 160) = 12.5 ; two-sided erfc(2.5) = 0.000407
    # one-sided: north 0.000203 (above the rest), south 1 - 0.000203
    # Bonferroni: 0.05 / 2 = 0.025 -> north significant
    north, south = stats.flag_segments({"south": (10, 100), "north": (30, 100)})
    assert north.name == "north" and south.name == "south"
    assert (north.rate, north.lift) == pytest.approx((0.3, 1.5))
    assert (south.rate, south.lift) == pytest.approx((0.1, 0.5))
    assert north.p_value == pytest.approx(math.erfc(2.5) / 2)
    assert south.p_value == pytest.approx(1 - math.erfc(2.5) / 2)
    assert north.significant and not south.significant


def test_flag_segments_empty_single_small_and_zero():
    assert stats.flag_segments({}) == []
    # a single segment has no rest to compare with
    assert stats.flag_segments({"all": (10, 100)}) == [
        stats.SegmentFlag("all", 0.1, 1.0, 1.0, False)
    ]
    flags = stats.flag_segments({"big": (10, 1000), "tiny": (9, 10), "none": (0, 0)})
    by_name = {flag.name: flag for flag in flags}
    # tiny: 9 / 10 is huge but under min_trials = 30 -> not tested
    assert by_name["tiny"].p_value is None and not by_name["tiny"].significant
    assert by_name["none"] == stats.SegmentFlag("none", None, None, None, False)
    assert [flag.name for flag in flags] == ["tiny", "big", "none"]  # lift desc, None last
    # no events anywhere: nothing to compare
    assert all(f.p_value == 1.0 for f in stats.flag_segments({"a": (0, 50), "b": (0, 50)}))
    with pytest.raises(ValueError):
        stats.flag_segments({"a": (11, 10)})
    with pytest.raises(ValueError):
        stats.flag_segments({"a": (-1, 10)})


def test_flag_segments_bonferroni():
    # 5 segments of 1,000 at 50 events, one at 65: its one-sided p is about 0.029,
    # under 0.05 but above 0.05 / 5 = 0.01 -> not significant after the adjustment
    segments = {"s%d" % i: (50, 1000) for i in range(5)}
    segments["s0"] = (65, 1000)
    top = stats.flag_segments(segments)[0]
    assert top.name == "s0"
    assert 0.01 < top.p_value < 0.05
    assert not top.significant
    assert stats.flag_segments(segments, alpha=0.2)[0].significant  # 0.029 < 0.2 / 5


def test_planted_segment_with_doubled_rate_is_the_only_one_flagged():
    # six time slots of 5,000 pickups at 2 % disputes, "evening" at 4 %
    segments = {slot: (100, 5000) for slot in ("08-10", "10-12", "12-14", "14-16", "16-18")}
    segments["evening"] = (200, 5000)
    flags = stats.flag_segments(segments)
    assert flags[0].name == "evening"
    # overall (5 x 100 + 200) / 30,000 = 700 / 30,000 ; lift 0.04 x 30,000 / 700 = 12 / 7
    assert flags[0].lift == pytest.approx(12 / 7)
    # evening vs rest [[200, 4800], [500, 24500]]: ad - bc = 4,900,000 - 2,400,000 = 2,500,000
    # chi2 = 30,000 x 2.5e6^2 / (5,000 x 25,000 x 700 x 29,300) = 73.1 -> p far below 0.05 / 6
    assert flags[0].p_value < 1e-15 and flags[0].significant
    # the other slots are *below* the rest (which holds the evening): one-sided p near 1
    assert all(flag.p_value > 0.5 for flag in flags[1:])
    assert [flag.name for flag in flags if flag.significant] == ["evening"]


# ------------------------------------------------------------------ cross-checks (scipy)


def test_cross_check_with_scipy():
    if scipy_stats is None:
        pytest.skip("scipy is not installed")
    import numpy as np  # scipy depends on it

    rng = random.Random(7)
    values = [rng.gauss(50, 12) for _ in range(101)]

    result = stats.describe(values)
    assert result.stdev == pytest.approx(float(np.std(values, ddof=1)))
    assert (result.q1, result.median, result.q3) == pytest.approx(
        tuple(float(q) for q in np.percentile(values, [25, 50, 75]))
    )
    assert stats.percentile(values, 0.9) == pytest.approx(float(np.percentile(values, 90)))

    fit = scipy_stats.linregress(range(len(values)), values)
    assert stats.linear_trend(values) == pytest.approx((fit.slope, fit.intercept))

    mad = scipy_stats.median_abs_deviation(values, scale="normal")
    median = float(np.median(values))
    assert stats.robust_zscores(values) == pytest.approx(
        [(v - median) / mad for v in values], rel=1e-4
    )

    exact_cases = [
        (15, 20, 0.5),
        (3, 1000, 0.001),
        (130, 10_000, 0.01),
        (4_900, 10_000, 0.5),  # below the mode: 1 - lower tail
        (130, 10_001, 0.01),  # above 10,000 trials but n p0 (1 - p0) = 99 < 5,000
        (25, 10**6, 1e-5),
    ]
    for successes, trials, p0 in exact_cases:
        assert stats.binomial_test_greater(successes, trials, p0) == pytest.approx(
            float(scipy_stats.binom.sf(successes - 1, trials, p0)), rel=1e-7
        )
    # normal approximation: within 1e-3 of the exact tail
    for successes, trials, p0 in [(6_100, 10**6, 0.006), (10_300, 10**6, 0.01)]:
        assert stats.binomial_test_greater(successes, trials, p0) == pytest.approx(
            float(scipy_stats.binom.sf(successes - 1, trials, p0)), abs=1e-3
        )

    table = [[10, 20], [30, 40]]
    chi2, p_value, _dof, _expected = scipy_stats.chi2_contingency(table, correction=False)
    assert stats.chi_square_2x2(10, 20, 30, 40) == pytest.approx((chi2, p_value))


@pytest.mark.skipif(scipy_stats is None, reason="scipy is not installed")
@given(counts, counts, counts, counts)
def test_chi_square_matches_scipy(a, b, c, d):
    assume((a + b) * (c + d) * (a + c) * (b + d) > 0)
    chi2, p_value, _dof, _expected = scipy_stats.chi2_contingency(
        [[a, b], [c, d]], correction=False
    )
    assert stats.chi_square_2x2(a, b, c, d) == pytest.approx((chi2, p_value), rel=1e-9, abs=1e-12)
