"""Pay at pickup (取貨付款): what is still due on an order and the day of a cash-up.

Pure functions (standard library only): the models call them, tier-1 tests check them.
"""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo


def amount_due(total: float, paid: float, rounding: float = 0.01) -> float:
    """What the buyer still owes, rounded to the currency; never negative.

    :param total: the order's total, taxes included
    :param paid: what was paid already (posted invoices' paid part, online payments)
    :param rounding: the currency's rounding (0.01; 1.0 for TWD cash)
    """
    due = total - paid
    if due <= rounding / 2:
        return 0.0
    steps = round(due / rounding)
    return round(steps * rounding, 6)


def local_day(moment: datetime, tz_name: str) -> date:
    """The calendar day at a point's time zone of a naive UTC ``moment``."""
    try:
        tz = ZoneInfo(tz_name) if tz_name else timezone.utc
    except (KeyError, ValueError):
        tz = timezone.utc
    return moment.replace(tzinfo=timezone.utc).astimezone(tz).date()
