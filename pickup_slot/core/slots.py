"""Pickup slots: which times a point offers, what an order weighs in a slot, and the waits
of the "I'm here" queue. Pure functions on naive local datetimes (the point's clock)."""
from datetime import date, datetime, time, timedelta

# Below this a float sum of volumes still "fits" (0.1 + 0.2 crates is not over 0.3).
EPSILON = 1e-6
UNIT_ORDERS = "orders"
UNIT_VOLUME = "volume"
# States of an entitlement after which its slot means nothing any more.
FINAL_STATES = frozenset({"redeemed", "expired", "revoked"})


def _hours_to_time(hours):
    """8.5 -> 08:30; 24 -> end of day (23:59:59.999999)."""
    if hours >= 24:
        return time.max
    minutes = int(round(hours * 60))
    return time(minutes // 60, minutes % 60)


def slot_starts(now_local, days_ahead, length_minutes, prep_minutes, opening_hours,
                closed_days=frozenset()):
    """The slots a point offers from ``now_local`` on.

    :param datetime now_local: now at the point's clock (naive)
    :param int days_ahead: today and this many days after it
    :param int length_minutes: length of one slot
    :param int prep_minutes: a slot starts at least this long after now (goods are prepared)
    :param dict opening_hours: ``{weekday: [(hour_from, hour_to)]}`` (0 = Monday); slots are
        laid from each period's start and must end within it
    :param closed_days: dates the point is closed
    :return: sorted list of ``(start, stop)`` naive local datetimes
    """
    if length_minutes <= 0 or days_ahead < 0:
        return []
    length = timedelta(minutes=length_minutes)
    earliest = now_local + timedelta(minutes=max(prep_minutes, 0))
    slots = []
    for offset in range(days_ahead + 1):
        day = now_local.date() + timedelta(days=offset)
        if day in closed_days:
            continue
        for hour_from, hour_to in sorted((opening_hours or {}).get(day.weekday(), [])):
            start = datetime.combine(day, _hours_to_time(hour_from))
            end = datetime.combine(day, _hours_to_time(hour_to))
            while start + length <= end + timedelta(microseconds=1):
                if start >= earliest:
                    slots.append((start, start + length))
                start += length
    return sorted(set(slots))


def order_load(unit, lines):
    """What one order takes of a slot's capacity.

    :param str unit: ``orders`` (one per order) or ``volume`` (the goods' volume units)
    :param lines: iterable of ``(quantity, volume_per_unit)`` of the order's goods
    :return: float, never negative
    """
    if unit != UNIT_VOLUME:
        return 1.0
    return max(sum(max(qty, 0.0) * max(volume, 0.0) for qty, volume in lines), 0.0)


def fits(booked, load, capacity):
    """Whether ``load`` more still fits a slot with ``booked`` of ``capacity`` taken."""
    return booked + load <= capacity + EPSILON


def is_full(booked, capacity, smallest_load=1.0):
    """A slot is full when not even the smallest order fits any more."""
    return not fits(booked, smallest_load if smallest_load > 0 else EPSILON, capacity)


def is_bookable(entitlement_state):
    """A slot can be chosen until the entitlement is collected, expired or revoked."""
    return entitlement_state not in FINAL_STATES


def can_announce_arrival(entitlement_state, arrived_at):
    """ "I'm here" counts once, and only while the goods wait at the point."""
    return entitlement_state == "ready" and not arrived_at


def minutes_between(start, end):
    """Whole minutes from ``start`` to ``end`` (never negative); None without both."""
    if not start or not end:
        return None
    return max(int((end - start).total_seconds() // 60), 0)


def is_no_show(slot_stop, handover_count, now):
    """A buyer with a slot who collected nothing before the slot ended did not show."""
    return now >= slot_stop and not handover_count


def group_by_day(slots):
    """:param slots: ``[(start, stop, …)]`` sorted by start
    :return: ``[(date, [slot, …])]`` in order"""
    days: list[tuple[date, list]] = []
    for slot in slots:
        day = slot[0].date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(slot)
    return days
