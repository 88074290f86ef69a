"""Waiting parcels against a point's stock (stock_pickup_bridge.core.parcel_stock)."""

from hypothesis import given
from hypothesis import strategies as st

from stock_pickup_bridge.core import parcel_stock


def test_stock_differences():
    assert parcel_stock.stock_differences({1: 2.0, 2: 1.0}, {1: 2.0, 2: 1.0}) == {}
    assert parcel_stock.stock_differences({1: 2.0}, {1: 1.0, 3: 4.0}) == {1: -1.0, 3: 4.0}


@given(st.dictionaries(st.integers(1, 20), st.floats(0, 1e6)),
       st.dictionaries(st.integers(1, 20), st.floats(0, 1e6)))
def test_stock_differences_add_up(needed, on_hand):
    diffs = parcel_stock.stock_differences(needed, on_hand)
    for product in set(needed) | set(on_hand):
        expected = on_hand.get(product, 0.0) - needed.get(product, 0.0)
        assert abs(diffs.get(product, 0.0) - expected) <= 1e-6
