"""KPI formulas of the pickup analytics (DESIGN.md, "Analytics"), standard library only.

The SQL views aggregate counts and durations; these functions turn them into rates. Every
function takes plain numbers (or lists / dicts of them) and returns a float, or None when the
KPI is undefined (a zero or missing denominator) - never ZeroDivisionError.

Inputs: counts must be non-negative (ValueError otherwise, it means a broken query). A count
of None is read as 0 in a numerator (``SUM`` over no rows is ``NULL`` in SQL) and as "no
data" in a denominator (the KPI is None).

:data:`KPI_DEFINITIONS` describes every KPI for the dashboard and the alert rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from . import stats

LOWER_IS_BETTER = "lower_is_better"
HIGHER_IS_BETTER = "higher_is_better"


class LeadTimeStats(NamedTuple):
    """Lead time of one stage (paid -> ready, ready -> picked up), in hours."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None


def _count(name: str, value: float | None) -> float:
    if value is None:
        return 0
    if value < 0:
        raise ValueError("%s must be non-negative, got %r" % (name, value))
    return value


def _ratio(numerator: float | None, denominator: float | None, scale: float = 1) -> float | None:
    """``scale * numerator / denominator``, None when the denominator is 0 or None."""
    numerator = _count("numerator", numerator)
    if denominator is None or _count("denominator", denominator) == 0:
        return None
    return scale * numerator / denominator


def _ratios_by_type(
    counts: Mapping[str, float | None], denominator: float | None, scale: float = 1
) -> dict[str, float | None]:
    return {key: _ratio(value, denominator, scale) for key, value in counts.items()}


def false_pickup_rate(wrongful_redemptions: int | None, redemptions: int | None) -> float | None:
    """冒領率: redemptions later confirmed wrongful / redemptions.

    >>> false_pickup_rate(3, 1200)
    0.0025
    """
    return _ratio(wrongful_redemptions, redemptions)


def dispute_rate(disputes: int | None, redemptions: int | None) -> float | None:
    """糾紛率: disputes opened / redemptions."""
    return _ratio(disputes, redemptions)


def dispute_rate_by_type(
    counts_by_type: Mapping[str, int | None], redemptions: int | None
) -> dict[str, float | None]:
    """Dispute rate per dispute type: ``{type: disputes of that type / redemptions}``.

    Every type keeps its key; all values are None when there were no redemptions.
    """
    return _ratios_by_type(counts_by_type, redemptions)


def lead_time_stats(durations_hours: Iterable[float | None]) -> LeadTimeStats:
    """Count, mean, median and 90th percentile of stage durations in hours.

    The p90 (and the median) use linear interpolation between closest ranks: for sorted
    ``x[0..n-1]``, ``h = 0.9 * (n - 1)`` and p90 = ``x[floor(h)] + (h - floor(h)) *
    (x[floor(h) + 1] - x[floor(h)])`` (numpy's default, Hyndman & Fan type 7), so it never
    exceeds the largest duration. None items (a stage not reached yet) are skipped and not
    counted. No data: count 0 and None elsewhere.
    """
    data = sorted(float(d) for d in durations_hours if d is not None)
    if not data:
        return LeadTimeStats(0, None, None, None)
    summary = stats.describe(data)
    return LeadTimeStats(summary.count, summary.mean, summary.median, stats.percentile(data, 0.9))


def inventory_accuracy(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Inventory accuracy at pickup locations: ``1 - Σ|counted - system| / Σ system``.

    :param pairs: ``(counted, system)`` quantities, one per product and location counted.
    :return: 1.0 when every count matches; None when ``Σ system`` is 0 or negative (no stock on
        the books: accuracy has no meaning, and a negative total would flip the sign).

    Not clamped at 0: when the absolute errors exceed the stock on the books (e.g. 0 on the
    books but 30 found, or phantom stock on many lines) the value goes negative, and how far
    it goes shows how bad the count is. A clamp would make every such location read the same
    0.0, hide improvements below 0 from the trend, and break the identity with the error
    ratio ``Σ|counted - system| / Σ system`` that alert thresholds are written against.
    """
    absolute_error = 0.0
    system_total = 0.0
    for counted, system in pairs:
        absolute_error += abs(counted - system)
        system_total += system
    if system_total <= 0:
        return None
    return 1 - absolute_error / system_total


def anomaly_rate_per_1000(anomalies: int | None, scans: int | None) -> float | None:
    """Anomalies (lockouts, wrong-point scans, replays ...) per 1,000 scans."""
    return _ratio(anomalies, scans, 1000)


def anomaly_rate_by_type(
    counts: Mapping[str, int | None], scans: int | None
) -> dict[str, float | None]:
    """Anomaly rate per 1,000 scans for each anomaly type; all None without scans."""
    return _ratios_by_type(counts, scans, 1000)


def pickup_rate(collected: int | None, ready: int | None) -> float | None:
    """Codes collected / codes that became ready for pickup."""
    return _ratio(collected, ready)


def no_show_rate(expired_uncollected: int | None, ready: int | None) -> float | None:
    """Codes that expired without being collected / codes that became ready."""
    return _ratio(expired_uncollected, ready)


def scan_failure_rate(failed_scans: int | None, scans: int | None) -> float | None:
    """Scans refused (unknown, expired, wrong point, locked ...) / all scans."""
    return _ratio(failed_scans, scans)


def spoilage_rate(
    returned_or_written_off: int | None, perishables_ready: int | None
) -> float | None:
    """Perishable lines returned or written off / perishable lines made ready."""
    return _ratio(returned_or_written_off, perishables_ready)


KPI_DEFINITIONS: dict[str, dict[str, str]] = {
    "false_pickup_rate": {
        "label": "False-pickup rate",
        "formula": "redemptions later confirmed wrongful / redemptions",
        "direction": LOWER_IS_BETTER,
        "unit": "ratio",
    },
    "dispute_rate": {
        "label": "Dispute rate",
        "formula": "disputes / redemptions",
        "direction": LOWER_IS_BETTER,
        "unit": "ratio",
    },
    "dispute_rate_by_type": {
        "label": "Dispute rate by type",
        "formula": "disputes of the type / redemptions",
        "direction": LOWER_IS_BETTER,
        "unit": "ratio",
    },
    "lead_time_stats": {
        "label": "Lead time (count, mean, median, p90)",
        "formula": "hours between two stages (paid -> ready, ready -> picked up); "
        "p90 by linear interpolation between closest ranks",
        "direction": LOWER_IS_BETTER,
        "unit": "hours",
    },
    "inventory_accuracy": {
        "label": "Inventory accuracy",
        "formula": "1 - Σ|counted - system| / Σ system",
        "direction": HIGHER_IS_BETTER,
        "unit": "ratio",
    },
    "anomaly_rate_per_1000": {
        "label": "Anomaly rate",
        "formula": "1000 × anomalies / scans",
        "direction": LOWER_IS_BETTER,
        "unit": "per_1000",
    },
    "anomaly_rate_by_type": {
        "label": "Anomaly rate by type",
        "formula": "1000 × anomalies of the type / scans",
        "direction": LOWER_IS_BETTER,
        "unit": "per_1000",
    },
    "pickup_rate": {
        "label": "Pickup rate",
        "formula": "codes collected / codes ready",
        "direction": HIGHER_IS_BETTER,
        "unit": "ratio",
    },
    "no_show_rate": {
        "label": "No-show rate",
        "formula": "codes expired uncollected / codes ready",
        "direction": LOWER_IS_BETTER,
        "unit": "ratio",
    },
    "scan_failure_rate": {
        "label": "Scan failure rate",
        "formula": "failed scans / scans",
        "direction": LOWER_IS_BETTER,
        "unit": "ratio",
    },
    "spoilage_rate": {
        "label": "Spoilage rate",
        "formula": "perishables returned or written off / perishables ready",
        "direction": LOWER_IS_BETTER,
        "unit": "ratio",
    },
}
"""KPI name (the function of the same name in this module) -> label, formula, direction, unit."""
