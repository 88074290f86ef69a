import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup_code.core import sms


@pytest.mark.parametrize("length, expected", [
    (0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4),
])
def test_gsm7_segments_160_then_153(length, expected):
    assert sms.measure("a" * length) == sms.SmsCost("GSM-7", length, length, expected)


@pytest.mark.parametrize("length, expected", [
    (1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4),
])
def test_ucs2_segments_70_then_67(length, expected):
    cost = sms.measure("取" * length)
    assert (cost.encoding, cost.units, cost.segments) == ("UCS-2", length, expected)


def test_one_chinese_character_makes_the_whole_message_ucs2():
    text = "a" * 69 + "貨"
    assert sms.measure(text).segments == 1
    assert sms.measure(text + "b").segments == 2


def test_extension_characters_count_double():
    cost = sms.measure("€" * 80)
    assert (cost.encoding, cost.characters, cost.units, cost.segments) == ("GSM-7", 80, 160, 1)
    assert sms.segments("€" * 80 + "a") == 2
    assert sms.segments("{}[]~|^\\" * 20) == 3  # 160 characters, 320 septets


def test_gsm7_basic_accents_stay_gsm7_but_others_do_not():
    assert sms.is_gsm7("Ä é ñ Ø @ £ ¥ §")
    assert not sms.is_gsm7("á")  # not in GSM 03.38: UCS-2
    assert not sms.is_gsm7("ç")  # only the capital Ç is


def test_astral_characters_take_two_units():
    cost = sms.measure("😀" * 35)
    assert (cost.characters, cost.units, cost.segments) == (35, 70, 1)
    assert sms.segments("😀" * 36) == 2


@given(st.text(max_size=400))
def test_segments_hold_the_text(text):
    cost = sms.measure(text)
    single, part = ((sms.GSM7_SINGLE, sms.GSM7_PART) if cost.encoding == "GSM-7"
                    else (sms.UCS2_SINGLE, sms.UCS2_PART))
    assert cost.units >= cost.characters == len(text)
    if cost.segments <= 1:
        assert cost.units <= single
    else:
        assert (cost.segments - 1) * part < cost.units <= cost.segments * part


@pytest.mark.parametrize("kind, choice, asked, expected", [
    ("issued", "ready", False, False),
    ("ready", "ready", False, True),
    ("reminder", "ready", False, False),
    ("reminder", "ready_reminder", False, True),
    ("issued", "ready_reminder", False, False),
    ("issued", "all", False, True),
    ("resend", "ready", False, True),
    ("issued", "ready", True, True),   # a delegate or a new code someone waits for
    ("reminder", "ready", True, False),  # the reminder cron is nobody's request
    ("ready", "bogus", False, True),
    ("issued", "bogus", False, False),
])
def test_which_notices_go_by_sms(kind, choice, asked, expected):
    assert sms.goes_by_sms(kind, choice, asked) is expected
