"""Which time zone a pickup point lives in, and its times as people there read them.

Every time a buyer or a clerk reads (deadline, "collected on", alerts) is the point's local
time: the database stores UTC and the crons that write messages run in UTC.
"""

from datetime import datetime, timezone

import pytz


def resolve_zone(own=None, country_code=None, company_tz=None, zones_of=None, address_tz=None):
    """The point's time zone name.

    Order: the point's own zone; else its address's (the partner's zone, when set); else its
    country's when the country has one zone only (TW
    gives Asia/Taipei); for a country with several, the company's zone when it is one of them
    (a point in the company's own region); else the company's zone; else UTC. A state is not
    enough to pick among a country's zones (no mapping exists), so it is not used.

    :param str own: the zone set on the point, if any
    :param str country_code: ISO 3166 code of the point's address
    :param str company_tz: the company's (partner's) zone
    :param zones_of: country code -> list of zone names (default: pytz.country_timezones)
    :param str address_tz: the zone set on the point's address (partner)
    :return: str, a zone name pytz knows
    """
    for given in (own, address_tz):
        if given and given in pytz.all_timezones_set:
            return given
    zones_of = pytz.country_timezones if zones_of is None else zones_of
    zones = []
    if country_code:
        try:
            zones = list(zones_of[country_code.upper()])
        except KeyError:
            zones = []
    if len(zones) == 1:
        return zones[0]
    if company_tz and company_tz in pytz.all_timezones_set:
        return company_tz
    return "UTC"


def to_local(utc_naive, zone):
    """A naive UTC datetime (as Odoo stores it) as naive local time in ``zone``."""
    if not utc_naive:
        return utc_naive
    local = utc_naive.replace(tzinfo=timezone.utc).astimezone(pytz.timezone(zone))
    return local.replace(tzinfo=None)


def to_utc(local_naive, zone):
    """Naive local time in ``zone`` as naive UTC (a time skipped by DST moves forward)."""
    if not local_naive:
        return local_naive
    aware = pytz.timezone(zone).localize(local_naive, is_dst=False)
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def zone_label(utc_naive, zone):
    """The zone as an offset at that moment, short and unambiguous: ``UTC+8``, ``UTC-3:30``.

    (Abbreviations such as ``CST`` name several zones; an offset does not.)
    """
    local = utc_naive.replace(tzinfo=timezone.utc).astimezone(pytz.timezone(zone))
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return "UTC%s%d%s" % (sign, hours, ":%02d" % rest if rest else "")


def format_local(utc_naive, zone, show_zone=False, fmt="%Y-%m-%d %H:%M"):
    """``utc_naive`` as read at the point, e.g. ``2026-12-02 22:30`` or with ``show_zone``
    ``2026-12-02 22:30 (UTC+8)``; empty for no value."""
    if not utc_naive:
        return ""
    text = to_local(utc_naive, zone).strftime(fmt)
    if show_zone:
        text = "%s (%s)" % (text, zone_label(utc_naive, zone))
    return text


def reader_elsewhere(utc_naive, point_zone, reader_zone):
    """Whether a reader's clock differs from the point's at that moment, so a time read by
    them must name its zone.

    A reader whose zone is unknown is taken to be where they collect (the point): the
    buyer of a pickup point lives near it, and a label would only lengthen the SMS.
    """
    if not reader_zone or reader_zone == point_zone or reader_zone not in pytz.all_timezones_set:
        return False
    when = utc_naive or datetime(2000, 1, 1)
    return zone_label(when, reader_zone) != zone_label(when, point_zone)
