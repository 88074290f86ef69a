"""Pay at pickup: the amount still due and the point's calendar day of a cash-up."""

from datetime import date, datetime

from pickup_pay_at_point.core.pay_at_point import amount_due, local_day


def test_amount_due_is_the_rest_rounded_to_the_currency():
    assert amount_due(700.0, 0.0) == 700.0
    assert amount_due(700.0, 200.0) == 500.0
    assert amount_due(100.0, 33.333) == 66.67
    assert amount_due(700.0, 0.0, rounding=1.0) == 700.0


def test_nothing_is_due_when_paid_or_overpaid():
    assert amount_due(700.0, 700.0) == 0.0
    assert amount_due(700.0, 699.996) == 0.0  # below half a cent
    assert amount_due(700.0, 800.0) == 0.0


def test_local_day_of_a_payment_follows_the_point_not_utc():
    late = datetime(2026, 12, 4, 17, 30)  # 01:30 on the 5th in Taipei
    assert local_day(late, "Asia/Taipei") == date(2026, 12, 5)
    assert local_day(late, "UTC") == date(2026, 12, 4)
    assert local_day(late, "") == date(2026, 12, 4)
    assert local_day(late, "Not/AZone") == date(2026, 12, 4)
