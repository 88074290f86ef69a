from datetime import datetime

from pickup_code.core import local_time


def test_own_zone_wins():
    assert local_time.resolve_zone("Europe/Paris", "TW", "Asia/Tokyo") == "Europe/Paris"


def test_address_zone_before_country():
    assert local_time.resolve_zone(None, "TW", None, address_tz="Asia/Tokyo") == "Asia/Tokyo"
    assert local_time.resolve_zone("Asia/Taipei", "TW", None, address_tz="UTC") == "Asia/Taipei"


def test_single_zone_country_gives_its_zone():
    assert local_time.resolve_zone(None, "TW", None) == "Asia/Taipei"
    assert local_time.resolve_zone(None, "tw", "Europe/Brussels") == "Asia/Taipei"


def test_several_zones_fall_back_to_the_company():
    assert local_time.resolve_zone(None, "US", "America/Chicago") == "America/Chicago"
    assert local_time.resolve_zone(None, "US", None) == "UTC"


def test_no_address_no_company_zone_is_utc():
    assert local_time.resolve_zone() == "UTC"
    assert local_time.resolve_zone(None, None, "Asia/Taipei") == "Asia/Taipei"


def test_unknown_names_are_ignored():
    assert local_time.resolve_zone("Mars/Base", "XX", "Nowhere/Town") == "UTC"
    assert local_time.resolve_zone(None, "TW", None, zones_of={}) == "UTC"


def test_utc_deadline_reads_as_taipei_time():
    # The example: 22:30 UTC is 06:30 the next morning in Taipei.
    utc = datetime(2026, 12, 2, 22, 30)
    assert local_time.to_local(utc, "Asia/Taipei") == datetime(2026, 12, 3, 6, 30)
    assert local_time.format_local(utc, "Asia/Taipei") == "2026-12-03 06:30"
    assert local_time.format_local(utc, "Asia/Taipei", show_zone=True) == \
        "2026-12-03 06:30 (UTC+8)"
    assert local_time.format_local(None, "Asia/Taipei") == ""


def test_round_trip_and_half_hour_zones():
    local = datetime(2026, 7, 1, 20, 0)
    for zone in ("Asia/Taipei", "Asia/Kolkata", "America/St_Johns", "Europe/Brussels"):
        assert local_time.to_local(local_time.to_utc(local, zone), zone) == local
    assert local_time.zone_label(datetime(2026, 7, 1), "Asia/Kolkata") == "UTC+5:30"
    assert local_time.zone_label(datetime(2026, 1, 1), "America/St_Johns") == "UTC-3:30"
    assert local_time.zone_label(datetime(2026, 1, 1), "UTC") == "UTC+0"


def test_zone_shown_only_to_a_reader_whose_clock_differs():
    when = datetime(2026, 12, 2)
    assert not local_time.reader_elsewhere(when, "Asia/Taipei", None)
    assert not local_time.reader_elsewhere(when, "Asia/Taipei", "Asia/Taipei")
    assert not local_time.reader_elsewhere(when, "Asia/Taipei", "Asia/Shanghai")  # same clock
    assert local_time.reader_elsewhere(when, "Asia/Taipei", "Europe/Brussels")
