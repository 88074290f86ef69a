"""Retry schedule of outbound vendor calls: exponential back-off with full jitter."""

import random


def delay_seconds(attempt: int, base: float = 30.0, cap: float = 3600.0, rng=random) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based).

    Full jitter (uniform between 0 and the exponential ceiling) spreads retries of many
    jobs that failed together, so a recovering vendor is not hit all at once.

    :raises ValueError: when ``attempt`` < 1
    """
    if attempt < 1:
        raise ValueError("attempt numbers start at 1")
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return rng.uniform(0, ceiling)
