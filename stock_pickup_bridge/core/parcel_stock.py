"""The comparison of waiting parcels with a pickup point's stock (inventory anomalies).

Pure functions (standard library only): the models call them, tier-1 tests check them.
"""

from collections.abc import Mapping


def stock_differences(needed: Mapping[int, float], on_hand: Mapping[int, float],
                      tolerance: float = 1e-6) -> dict[int, float]:
    """Products whose stock at a point differs from what its waiting parcels hold.

    :param needed: product id -> quantity the waiting parcels (ready codes) hold
    :param on_hand: product id -> quantity on hand at the point
    :return: product id -> on hand minus needed, for the products that differ
        (negative: parcels without goods; positive: goods without parcels)
    """
    diffs = {}
    for product in set(needed) | set(on_hand):
        diff = on_hand.get(product, 0.0) - needed.get(product, 0.0)
        if abs(diff) > tolerance:
            diffs[product] = diff
    return diffs
