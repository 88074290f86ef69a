"""Daily KPI aggregates: the pure parts (standard library only).

- Lead times are kept per day as a histogram (bins below), so that the median and p90 of a
  window of days come from a few hundred rows instead of every code: :func:`lead_bucket`
  gives a duration's bin (the same rule as the SQL of ``pickup.kpi.daily``), and
  :func:`histogram_lead_stats` turns summed bins into count, mean, median and p90.
- :func:`day_runs` groups the days to recompute into contiguous runs of bounded length (one
  SQL statement and one committed step each).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

from . import kpi

# Bin widths in hours by duration: 6 minutes below 10 h, 30 minutes below 48 h, 1 h below a
# week, a day beyond. Bins are identified by their lower edge in tenths of an hour.
BIN_EDGES = ((10, 0.1), (48, 0.5), (168, 1.0))
LAST_WIDTH = 24.0


def bin_width(hours: float) -> float:
    """Width in hours of the bin holding a duration of ``hours``."""
    for limit, width in BIN_EDGES:
        if hours < limit:
            return width
    return LAST_WIDTH


def lead_bucket(hours: float) -> int:
    """Lower edge of the duration's bin, in tenths of an hour (negative durations keep the
    finest width)."""
    width = bin_width(hours)
    return int(round(math.floor(hours / width + 1e-9) * width * 10))


def bucket_width(bucket: int) -> float:
    """Width in hours of the bin whose lower edge is ``bucket`` tenths of an hour."""
    return bin_width(bucket / 10.0)


def histogram_quantile(bins: list[tuple[int, int]], q: float) -> float | None:
    """Quantile ``q`` of the durations summarised by ``bins`` (lower edge in tenths, count).

    The values of a bin are taken as evenly spread over it (the i-th of c at ``lower + width
    × (i + 0.5) / c``), then the quantile interpolates between closest ranks as
    :func:`stats.percentile` does on the values themselves (type 7): the error is at most half
    a bin width (3 minutes below 10 h, 15 minutes below 48 h).
    """
    ordered = sorted((b, c) for b, c in bins if c > 0)
    total = sum(c for _b, c in ordered)
    if not total:
        return None
    position = q * (total - 1)
    low_rank = int(math.floor(position))
    fraction = position - low_rank

    def value(rank):
        seen = 0
        for bucket, count in ordered:
            if rank < seen + count:
                return bucket / 10.0 + bucket_width(bucket) * (rank - seen + 0.5) / count
            seen += count
        bucket, count = ordered[-1]
        return bucket / 10.0 + bucket_width(bucket) * (count - 0.5) / count

    low = value(low_rank)
    if fraction == 0 or low_rank + 1 >= total:
        return low
    return low + fraction * (value(low_rank + 1) - low)


def histogram_lead_stats(bins: Iterable[tuple[int, int]], hours_sum: float | None,
                         count: int | None) -> kpi.LeadTimeStats:
    """Lead-time stats of a window: exact count and mean (from the summed hours), median and
    p90 from the histogram."""
    bins = list(bins)
    if not count:
        return kpi.LeadTimeStats(0, None, None, None)
    return kpi.LeadTimeStats(int(count), float(hours_sum or 0.0) / count,
                             histogram_quantile(bins, 0.5), histogram_quantile(bins, 0.9))


def day_runs(days: Iterable[date], max_length: int = 31) -> list[tuple[date, date]]:
    """Contiguous runs ``(first, last)`` covering ``days`` (sorted, duplicates removed), none
    longer than ``max_length`` days."""
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][1] == timedelta(days=1) \
                and (day - runs[-1][0]).days < max_length:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs
