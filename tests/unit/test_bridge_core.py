from datetime import date

import pytest

from stock_pickup_bridge.core import closing


def test_closing_days_parse_comments_and_blank_lines():
    days = closing.parse_closing_days("2026-02-16 # New Year\n\n  2026-02-17\n# note only\n")
    assert days == {date(2026, 2, 16), date(2026, 2, 17)}
    assert not closing.is_open(date(2026, 2, 16), days)
    assert closing.is_open(date(2026, 2, 18), days)


def test_empty_closing_days():
    assert closing.parse_closing_days("") == frozenset()
    assert closing.parse_closing_days(None) == frozenset()


def test_bad_line_is_named():
    with pytest.raises(ValueError, match="line 2"):
        closing.parse_closing_days("2026-01-01\nnext monday")
