"""Statistics for the pickup analytics (DESIGN.md, "Analytics"), standard library only.

Descriptive statistics, trend (moving average, least-squares line, Holt forecast), outlier
days (robust z-score, EWMA control limits), and segment breakdowns (lift, exact binomial
test, 2x2 chi-square, Bonferroni-adjusted flags). Every function takes plain numbers or
lists and never touches the ORM; the SQL views aggregate, these functions only decide.

Conventions:

- Quantiles use linear interpolation between closest ranks (Hyndman & Fan type 7, the
  default of numpy, R and spreadsheets): for sorted ``x[0..n-1]`` and ``q`` in [0, 1],
  ``h = (n - 1) * q`` and the result is ``x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] -
  x[floor(h)])``.
- Undefined results are None (empty input, zero denominators); arithmetic never raises
  ZeroDivisionError. Invalid *parameters* (negative counts, a window of 0, alpha outside its
  range) raise ValueError.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

MAD_SCALE = 1.4826
"""MAD multiplier that makes it a consistent estimator of sigma for normal data."""

EXACT_BINOMIAL_MAX_TRIALS = 10_000
"""Above this many trials :func:`binomial_test_greater` may use the normal approximation."""

NORMAL_MIN_VARIANCE = 5_000.0
"""... provided ``trials * p0 * (1 - p0)`` reaches this (error of the approximation < 1e-3)."""

ROBUST_Z_RULE = (
    "Robust z-score: z = (value - median) / (1.4826 x MAD), where MAD is the median of the "
    "absolute deviations from the median. A day is an outlier when |z| > 3.5 (Iglewicz & "
    "Hoaglin). When MAD is 0 (more than half of the days are equal) no z-score is defined and "
    "no day is flagged."
)

EWMA_RULE = (
    "EWMA control limits: each day is compared with an exponentially weighted mean and "
    "variance of the days before it (weight alpha = 0.3 on the newest day). With d = value - "
    "mean, the day is an outlier when |d| > k x sqrt(variance), k = 3, from the 6th day on "
    "(warmup = 5); after a perfectly flat stretch (variance 0) any change is flagged. Then "
    "mean += alpha x d and variance = (1 - alpha) x variance + alpha x d^2. Flagged days update "
    "them too, so a lasting level shift is flagged where it starts and then absorbed, and the "
    "limits stay wider for some days after a spike. On pure noise about 2% of days cross "
    "these limits; use a smaller alpha or a larger k for fewer alerts."
)


class Description(NamedTuple):
    """Summary of a sample; all fields but ``count`` are None for an empty sample."""

    count: int
    mean: float | None
    stdev: float | None
    min: float | None
    q1: float | None
    median: float | None
    q3: float | None
    max: float | None


class SegmentFlag(NamedTuple):
    """One segment of :func:`flag_segments`."""

    name: object
    rate: float | None
    lift: float | None
    p_value: float | None
    significant: bool


# --------------------------------------------------------------------------- descriptive


def _sorted_quantile(ordered: Sequence[float], q: float) -> float:
    """Quantile of an already sorted, non-empty sequence (linear interpolation, type 7)."""
    h = (len(ordered) - 1) * q
    lower = math.floor(h)
    upper = min(lower + 1, len(ordered) - 1)
    fraction = h - lower
    low_value = float(ordered[lower])
    if fraction == 0:
        return low_value
    return low_value + fraction * (float(ordered[upper]) - low_value)


def percentile(values: Iterable[float], q: float) -> float | None:
    """The ``q``-quantile of ``values`` by linear interpolation between closest ranks.

    :param values: numbers, in any order.
    :param q: the quantile in [0, 1] (0.9 for the 90th percentile).
    :return: a float, or None for an empty input.
    :raises ValueError: when ``q`` is outside [0, 1].
    """
    if not 0 <= q <= 1:
        raise ValueError("q must be within [0, 1], got %r" % (q,))
    ordered = sorted(values)
    if not ordered:
        return None
    return _sorted_quantile(ordered, q)


def describe(values: Iterable[float]) -> Description:
    """Count, mean, sample standard deviation, min, quartiles, median and max.

    The standard deviation is the sample one (n - 1 denominator): None below two values.
    Quartiles use linear interpolation (see the module docstring).
    """
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return Description(0, None, None, None, None, None, None, None)
    return Description(
        count=n,
        mean=statistics.fmean(ordered),
        stdev=statistics.stdev(ordered) if n >= 2 else None,
        min=float(ordered[0]),
        q1=_sorted_quantile(ordered, 0.25),
        median=_sorted_quantile(ordered, 0.5),
        q3=_sorted_quantile(ordered, 0.75),
        max=float(ordered[-1]),
    )


# --------------------------------------------------------------------------------- trend


def moving_average(values: Iterable[float], window: int) -> list[float | None]:
    """Trailing moving average: item ``i`` averages ``values[i - window + 1 .. i]``.

    :param window: number of points per average, at least 1.
    :return: one item per value; None until the window is full (the first ``window - 1``).
    :raises ValueError: when ``window`` is not a positive integer.

    Each window is summed with ``math.fsum`` (no drift from a running sum); the cost is
    O(n x window), negligible for daily series.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError("window must be a positive integer, got %r" % (window,))
    data = list(values)
    result: list[float | None] = [None] * min(window - 1, len(data))
    for end in range(window, len(data) + 1):
        result.append(math.fsum(data[end - window : end]) / window)
    return result


def linear_trend(values: Iterable[float]) -> tuple[float | None, float | None]:
    """Least-squares line through ``(i, values[i])`` for ``i = 0 .. n - 1``.

    :return: ``(slope, intercept)``, so the fitted value at ``i`` is ``intercept + slope * i``;
        ``(None, None)`` with fewer than two values.
    """
    data = [float(v) for v in values]
    n = len(data)
    if n < 2:
        return None, None
    x_mean = (n - 1) / 2
    y_mean = math.fsum(data) / n
    sxx = math.fsum((i - x_mean) ** 2 for i in range(n))
    sxy = math.fsum((i - x_mean) * (y - y_mean) for i, y in enumerate(data))
    slope = sxy / sxx
    return slope, y_mean - slope * x_mean


def holt_forecast(
    values: Iterable[float], horizon: int = 7, alpha: float = 0.5, beta: float = 0.3
) -> list[float]:
    """Holt's linear exponential smoothing, forecasting ``horizon`` points ahead.

    Initialisation: level = ``values[0]``, trend = ``values[1] - values[0]``. For each later
    value ``y``: ``level' = alpha*y + (1-alpha)*(level + trend)`` and
    ``trend' = beta*(level' - level) + (1-beta)*trend``. Forecast ``h`` steps ahead:
    ``level + h*trend`` for ``h = 1 .. horizon``. With this start a perfectly straight series is
    continued exactly, whatever alpha and beta.

    :param alpha: level smoothing in (0, 1].
    :param beta: trend smoothing in [0, 1].
    :return: ``horizon`` floats; ``[]`` for no data; a flat line at the only value for one.
    :raises ValueError: for a negative horizon or a smoothing weight out of range.
    """
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 0:
        raise ValueError("horizon must be a non-negative integer, got %r" % (horizon,))
    if not 0 < alpha <= 1:
        raise ValueError("alpha must be within (0, 1], got %r" % (alpha,))
    if not 0 <= beta <= 1:
        raise ValueError("beta must be within [0, 1], got %r" % (beta,))
    data = [float(v) for v in values]
    if not data:
        return []
    if len(data) == 1:
        return [data[0]] * horizon
    level, trend = data[0], data[1] - data[0]
    for y in data[1:]:
        previous = level
        level = alpha * y + (1 - alpha) * (level + trend)
        trend = beta * (level - previous) + (1 - beta) * trend
    return [level + h * trend for h in range(1, horizon + 1)]


# ------------------------------------------------------------------------------ outliers


def robust_zscores(values: Iterable[float]) -> list[float | None]:
    """Robust z-score of each value: ``(value - median) / (1.4826 * MAD)``.

    :return: one item per value; all None when MAD is 0 (see :data:`ROBUST_Z_RULE`), ``[]``
        for no data.
    """
    data = [float(v) for v in values]
    if not data:
        return []
    median = statistics.median(data)
    mad = statistics.median(abs(v - median) for v in data)
    if mad == 0:
        return [None] * len(data)
    scale = MAD_SCALE * mad
    return [(v - median) / scale for v in data]


def outliers_robust(values: Iterable[float], threshold: float = 3.5) -> list[int]:
    """Indexes whose robust z-score exceeds ``threshold`` in absolute value (both tails)."""
    return [i for i, z in enumerate(robust_zscores(values)) if z is not None and abs(z) > threshold]


def ewma_outliers(
    values: Iterable[float], alpha: float = 0.3, k: float = 3.0, warmup: int = 5
) -> list[int]:
    """Indexes outside the EWMA control limits, as described by :data:`EWMA_RULE`.

    Each point is compared with the smoothed mean and variance of the points *before* it, so a
    spike does not widen its own limits. The variance is the exponentially weighted mean of the
    squared one-step errors ``d = value - mean`` (``variance = (1-alpha)*variance +
    alpha*d**2``), i.e. the spread of exactly the quantity that is tested against ``k`` sigma;
    Finch's variance around the updated mean would be about ``1 - alpha`` times smaller and
    double the false alarms. The first point is the starting mean; points with index
    ``< warmup`` only build the state.

    :param alpha: smoothing weight in (0, 1].
    :param k: width of the limits in standard deviations (>= 0).
    :param warmup: number of leading points never flagged.
    :return: indexes in increasing order; ``[]`` for fewer than two points.
    """
    if not 0 < alpha <= 1:
        raise ValueError("alpha must be within (0, 1], got %r" % (alpha,))
    if k < 0:
        raise ValueError("k must be non-negative, got %r" % (k,))
    data = [float(v) for v in values]
    flagged: list[int] = []
    if not data:
        return flagged
    mean, variance = data[0], 0.0
    for i in range(1, len(data)):
        diff = data[i] - mean
        if i >= warmup and abs(diff) > k * math.sqrt(variance):
            flagged.append(i)
        mean += alpha * diff
        variance = (1 - alpha) * variance + alpha * diff * diff
    return flagged


# ------------------------------------------------------------------------------ segments


def lift(segment_rate: float | None, overall_rate: float | None) -> float | None:
    """``segment_rate / overall_rate``; None when either is None or the overall rate is 0."""
    if segment_rate is None or overall_rate is None or overall_rate == 0:
        return None
    return segment_rate / overall_rate


def _check_count(name: str, value: float) -> None:
    if value < 0:
        raise ValueError("%s must be non-negative, got %r" % (name, value))


def _log_binomial_pmf(k: int, n: int, p0: float) -> float:
    if n <= EXACT_BINOMIAL_MAX_TRIALS:
        log_comb = math.log(math.comb(n, k))  # exact integer, then one rounding
    else:
        log_comb = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return log_comb + k * math.log(p0) + (n - k) * math.log1p(-p0)


def _binomial_tail(first: int, n: int, p0: float, upward: bool) -> float:
    """``P(X >= first)`` (upward) or ``P(X <= first)``, the terms falling from ``first`` on.

    Terms are kept in log space (the ratio of neighbours is ``(n-k)/(k+1) * p0/(1-p0)``) and
    added with log-sum-exp; the sum stops once a term is below e^-50 of the first (largest)
    one: the distribution is unimodal, so every later term is smaller still.
    """
    log_odds = math.log(p0) - math.log1p(-p0)
    term = _log_binomial_pmf(first, n, p0)
    logs = [term]
    k = first
    while (k < n) if upward else (k > 0):
        if upward:
            term += math.log(n - k) - math.log(k + 1) + log_odds
            k += 1
        else:
            term += math.log(k) - math.log(n - k + 1) - log_odds
            k -= 1
        if term < logs[0] - 50:
            break
        logs.append(term)
    total = math.fsum(math.exp(t - logs[0]) for t in logs)
    return math.exp(logs[0] + math.log(total))


def binomial_test_greater(successes: int, trials: int, p0: float) -> float:
    """One-sided p-value ``P(X >= successes)`` for ``X ~ Binomial(trials, p0)``.

    Exact up to :data:`EXACT_BINOMIAL_MAX_TRIALS` (10,000) trials: a sum of binomial
    probabilities in log space, the first one ``log(comb(n, k)) + k*log(p0) +
    (n-k)*log(1-p0)`` with ``math.comb`` on exact integers, so neither ``comb`` nor ``p0**k``
    overflows or underflows. When ``successes`` is above the mode the upper tail is summed;
    otherwise the p-value is ``1 - P(X <= successes - 1)``, summing that lower tail. Either way
    the terms fall from the start and the sum stops when they no longer count (a few hundred
    terms at most for 10,000 trials).

    Above 10,000 trials (up to a million and beyond) the normal approximation with continuity
    correction is used, ``z = (s - 0.5 - n*p0) / sqrt(n*p0*(1-p0))``, ``p = erfc(z/sqrt 2)/2``,
    but only when ``n*p0*(1-p0) >= 5,000`` (:data:`NORMAL_MIN_VARIANCE`). Its error comes
    from the skew of the binomial and shrinks as ``1/sqrt(n*p0*(1-p0))``: measured against the
    exact tail it is up to 0.02 at a variance of 9 (the usual rule of thumb), 0.002 at 1,000,
    under 1e-3 from 5,000 on. Rare events (false pickups run near 1e-4) are therefore kept
    exact at any size, with ``lgamma`` for the first term (relative error ~1e-9 at a million
    trials); the truncated sum keeps that to a few thousand terms.

    :return: a p-value in [0, 1] (1.0 when ``successes <= 0``, 0.0 when it exceeds ``trials``).
    :raises ValueError: for negative trials or ``p0`` outside [0, 1].
    """
    _check_count("trials", trials)
    if not 0 <= p0 <= 1:
        raise ValueError("p0 must be within [0, 1], got %r" % (p0,))
    s, n = int(successes), int(trials)
    if s <= 0:
        return 1.0
    if s > n:
        return 0.0
    if p0 == 0:
        return 0.0
    if p0 == 1:
        return 1.0
    variance = n * p0 * (1 - p0)
    if n > EXACT_BINOMIAL_MAX_TRIALS and variance >= NORMAL_MIN_VARIANCE:
        z = (s - 0.5 - n * p0) / math.sqrt(variance)
        return min(1.0, 0.5 * math.erfc(z / math.sqrt(2)))
    mode = math.floor((n + 1) * p0)
    if s > mode:
        return min(1.0, _binomial_tail(s, n, p0, upward=True))
    return min(1.0, max(0.0, 1.0 - _binomial_tail(s - 1, n, p0, upward=False)))


def chi_square_2x2(a: float, b: float, c: float, d: float) -> tuple[float, float]:
    """Pearson chi-square test of independence for the table ``[[a, b], [c, d]]``.

    ``chi2 = n * (a*d - b*c)^2 / ((a+b) * (c+d) * (a+c) * (b+d))``, without Yates' continuity
    correction (the analytics tables are large; the square root of this chi2 is the
    two-proportion z statistic). The p-value is the chi-square(1 df) survival function,
    ``erfc(sqrt(chi2 / 2))``, i.e. two-sided.

    :return: ``(chi2, p_value)``; ``(0.0, 1.0)`` for a degenerate table (a row or a column
        summing to 0).
    :raises ValueError: for a negative cell.
    """
    for name, cell in zip("abcd", (a, b, c, d), strict=True):
        _check_count(name, cell)
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    if margins == 0:
        return 0.0, 1.0
    n = a + b + c + d
    chi2 = n * (a * d - b * c) ** 2 / margins
    return float(chi2), math.erfc(math.sqrt(chi2 / 2))


def _p_above_rest(events: int, trials: int, total_events: int, total_trials: int) -> float:
    """One-sided p-value that ``events / trials`` is above the rate of the rest."""
    rest_events, rest_trials = total_events - events, total_trials - trials
    if rest_trials == 0 or total_events in (0, total_trials):
        return 1.0  # nothing to compare: no rest, or no variation at all
    _chi2, two_sided = chi_square_2x2(
        events, trials - events, rest_events, rest_trials - rest_events
    )
    if events * rest_trials > rest_events * trials:
        return two_sided / 2
    return 1 - two_sided / 2


def flag_segments(
    segments: Mapping[object, tuple[int, int]], alpha: float = 0.05, min_trials: int = 30
) -> list[SegmentFlag]:
    """Segments (regions, time slots, categories) whose event rate is above the rest.

    For each segment with ``events`` out of ``trials``:

    - ``rate = events / trials`` (None for 0 trials);
    - ``lift = rate / overall rate``, the overall rate pooling all segments;
    - ``p_value``: one-sided test that the segment's rate is *higher* than the rate of all the
      other segments pooled ("the rest"), from :func:`chi_square_2x2` on
      ``[[events, trials - events], [rest events, rest non-events]]``: half its two-sided
      p-value when the segment's rate is above the rest's, ``1 - half`` otherwise. Events are
      bad things here (disputes, anomalies, wrongful redemptions); for a higher-is-better rate
      pass the misses as events. One-sided, so segments that are merely *below* a bad segment
      are not flagged. None for segments with fewer than ``min_trials`` trials (not tested).
    - ``significant``: ``p_value < alpha / m`` (Bonferroni), ``m`` the number of tested
      segments, so the chance of any false flag across the breakdown stays below ``alpha``.

    :param segments: name -> ``(events, trials)``.
    :return: one :class:`SegmentFlag` per segment, by lift descending (None lifts last, ties by
        name as text).
    :raises ValueError: for negative counts or more events than trials.
    """
    if not 0 < alpha < 1:
        raise ValueError("alpha must be within (0, 1), got %r" % (alpha,))
    for name, (events, trials) in segments.items():
        _check_count("events of %r" % (name,), events)
        if events > trials:
            raise ValueError("segment %r has more events than trials" % (name,))
    total_events = sum(events for events, _trials in segments.values())
    total_trials = sum(trials for _events, trials in segments.values())
    overall = total_events / total_trials if total_trials else None
    tested = [name for name, (_e, trials) in segments.items() if trials and trials >= min_trials]
    threshold = alpha / max(len(tested), 1)
    flags = []
    for name, (events, trials) in segments.items():
        rate = events / trials if trials else None
        p_value = None
        if name in tested:
            p_value = _p_above_rest(events, trials, total_events, total_trials)
        significant = p_value is not None and p_value < threshold
        flags.append(SegmentFlag(name, rate, lift(rate, overall), p_value, significant))
    flags.sort(key=lambda f: str(f.name))
    flags.sort(key=lambda f: (f.lift is None, -(f.lift or 0.0)))
    return flags
