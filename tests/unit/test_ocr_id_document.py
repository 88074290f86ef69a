"""Reading ID documents from OCR text (pickup_counter_ocr.core.id_document).

Every number here is made up: a random prefix completed with its check digit.
"""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pickup_code.core import policy
from pickup_counter_ocr.core import id_document as doc

LETTERS = sorted(doc.TW_LETTER_CODES)


@st.composite
def tw_id_numbers(draw, seconds="12"):
    """A made-up Taiwan ID number with a valid check digit (second digit from ``seconds``)."""
    prefix = draw(st.sampled_from(LETTERS)) + draw(st.sampled_from(seconds)) + "".join(
        draw(st.lists(st.sampled_from(string.digits), min_size=7, max_size=7)))
    return prefix + doc.tw_id_check_digit(prefix)


@st.composite
def mrz_passports(draw):
    """Two TD3 lines with correct check digits, and the fields that went into them."""
    number = "".join(draw(st.lists(st.sampled_from(string.digits), min_size=9, max_size=9)))
    surname = draw(st.text(string.ascii_uppercase, min_size=2, max_size=8))
    given_names = draw(st.lists(st.text(string.ascii_uppercase, min_size=2, max_size=6),
                                min_size=1, max_size=2))
    line1 = ("P<TWN" + surname + "<<" + "<".join(given_names) + "<" * 44)[:44]
    check = doc.mrz_check_digit
    dob, expiry, personal = "910101", "300101", "A123456789<<<<"
    body = (number + check(number) + "TWN" + dob + check(dob) + "F" + expiry + check(expiry)
            + personal + check(personal))
    composite = (number + check(number) + dob + check(dob) + expiry + check(expiry)
                 + personal + check(personal))
    line2 = body + check(composite)
    return line1, line2, number, " ".join([surname] + given_names)


def ocr_noise(number, data):
    """The number as OCR may read it: spaces, full-width forms, O for 0, I for 1."""
    chars = []
    for index, char in enumerate(number):
        if index >= 2 and char == "0" and data.draw(st.booleans()):
            char = "O"
        elif index >= 2 and char == "1" and data.draw(st.booleans()):
            char = data.draw(st.sampled_from("Il|"))
        elif data.draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)  # full-width
        chars.append(char)
        if 0 < index < 9 and data.draw(st.integers(0, 5)) == 0:
            chars.append(" ")
    return "".join(chars)


def national_id_card(number, name="王小明", title="中華民國國民身分證"):
    return "\n".join([title, "姓名 " + name, "出生 民國 80年1月1日", "性別 男",
                      "統一編號 " + number])


# === TAIWAN ID CHECK DIGIT === #

def test_known_check_digits():
    assert doc.tw_id_checksum_ok("A123456789")
    assert not doc.tw_id_checksum_ok("A123456788")
    assert doc.tw_id_check_digit("F13110409") == "3"
    assert not doc.tw_id_checksum_ok("A323456789"), "second digit must be 1, 2, 8 or 9"
    assert not doc.tw_id_checksum_ok("a123456789")
    assert not doc.tw_id_checksum_ok("A12345678")
    assert not doc.tw_id_checksum_ok(None)


@given(tw_id_numbers(seconds="1289"), st.data())
def test_changing_the_check_digit_breaks_it(number, data):
    assert doc.tw_id_checksum_ok(number)
    other = data.draw(st.sampled_from(string.digits).filter(lambda d: d != number[-1]))
    assert not doc.tw_id_checksum_ok(number[:-1] + other)


def test_old_resident_certificate_numbers():
    prefix = "AB1234567"
    number = prefix + doc.tw_id_check_digit(prefix)
    assert doc.tw_id_checksum_ok(number)
    reading = doc.parse_id_text("居留證\n統一證號 " + number)
    assert (reading.doc_type, reading.last4) == ("resident", number[-4:])


# === NATIONAL ID CARD === #

def test_national_id_card_reading():
    reading = doc.parse_id_text(national_id_card("A123456789"))
    assert reading == doc.IdReading("national_id", "王小明", "6789", 1.0, ())
    assert reading.as_dict() == {"doc_type": "national_id", "name": "王小明", "last4": "6789",
                                 "confidence": 1.0, "flags": [], "recognised": True}


@settings(max_examples=200)
@given(tw_id_numbers(), st.data())
def test_national_id_read_through_ocr_noise(number, data):
    noisy = ocr_noise(number, data)
    title = data.draw(st.sampled_from(["中華民國國民身分證", "中 華 民 國 國 民 身 份 證",
                                       "國民身分證"]))
    reading = doc.parse_id_text(national_id_card(noisy, title=title))
    assert reading.doc_type == "national_id"
    assert reading.last4 == number[-4:]
    assert reading.name == "王小明"
    assert doc.FLAG_CHECKSUM_FAILED not in reading.flags
    # What staff confirm is exactly what the policy compares.
    assert policy.normalise_id_last4(reading.last4) == reading.last4


@given(tw_id_numbers())
def test_full_number_is_never_returned(number):
    reading = doc.parse_id_text(national_id_card(number))
    assert number not in repr(reading.as_dict())
    assert number[1:] not in repr(reading)


def test_letter_read_as_digit_is_repaired_by_the_check_digit():
    # "S" read as "5": the letter is restored, and the check digit then holds.
    prefix = "S12345678"
    number = prefix + doc.tw_id_check_digit(prefix)
    reading = doc.parse_id_text(national_id_card("5" + number[1:]))
    assert reading.last4 == number[-4:]
    assert doc.FLAG_NUMBER_REPAIRED in reading.flags
    assert doc.FLAG_CHECKSUM_FAILED not in reading.flags


def test_wrong_check_digit_is_flagged_not_hidden():
    reading = doc.parse_id_text(national_id_card("A123456788"))
    assert reading.last4 == "6788"
    assert doc.FLAG_CHECKSUM_FAILED in reading.flags
    assert reading.confidence < 1.0


def test_name_split_by_ocr_spaces_and_on_the_next_line():
    assert doc.parse_id_text("身分證\n姓 名 王 小 明\n").name == "王小明"
    assert doc.parse_id_text("身分證\n姓名\n陳 美 玲\n出生 民國").name == "陳美玲"
    assert doc.parse_id_text("身分證\n姓名：李大同 出生 民國80年").name == "李大同"


def test_number_without_title_is_guessed_from_its_shape():
    reading = doc.parse_id_text("A123456789")
    assert reading.doc_type == "national_id"
    assert doc.FLAG_DOC_TYPE_GUESSED in reading.flags
    prefix = "A80000001"
    reading = doc.parse_id_text(prefix + doc.tw_id_check_digit(prefix))
    assert reading.doc_type == "resident"


def test_unlabelled_number_failing_its_check_is_ignored():
    reading = doc.parse_id_text("TEL 0912345678")
    assert reading.last4 is None
    assert not reading.recognised


# === OTHER DOCUMENTS === #

@given(tw_id_numbers(seconds="89"))
def test_resident_certificate(number):
    text = "中華民國居留證\nRESIDENT CERTIFICATE\n姓名 Name\nDOE, JANE\n統一證號 UI No. " + number
    reading = doc.parse_id_text(text)
    assert (reading.doc_type, reading.name, reading.last4) == ("resident", "DOE, JANE",
                                                               number[-4:])


def test_driver_licence_and_health_card():
    reading = doc.parse_id_text("汽車駕駛執照\n姓名 王小明\n證號 A123456789\n")
    assert (reading.doc_type, reading.name, reading.last4) == ("driver", "王小明", "6789")
    reading = doc.parse_id_text("全民健康保險\n王小明\nA123456789\n000012345678")
    assert (reading.doc_type, reading.last4) == ("health", "6789")


@settings(max_examples=100)
@given(mrz_passports(), st.booleans(), st.booleans())
def test_passport_mrz(passport, with_spaces, with_guillemets):
    line1, line2, number, name = passport
    assert len(line1) == len(line2) == 44
    if with_guillemets:
        line1 = line1.replace("<<", "«")
    if with_spaces:
        line2 = line2[:10] + " " + line2[10:]
    reading = doc.parse_id_text("中華民國護照 PASSPORT\n" + line1 + "\n" + line2)
    assert reading.doc_type == "passport"
    assert reading.last4 == number[-4:]
    assert reading.name == name
    assert doc.FLAG_CHECKSUM_FAILED not in reading.flags


def test_passport_mrz_with_o_for_zero_is_repaired():
    number = "300012345"
    check = doc.mrz_check_digit(number)
    line2 = ("3OOO12345" + check + "TWN9101014F3001019" + "<" * 15 + "0")
    reading = doc.parse_id_text("P<TWNLIN<<MEI<HUA" + "<" * 27 + "\n" + line2)
    assert reading.last4 == "2345"
    assert reading.name == "LIN MEI HUA"
    assert doc.FLAG_NUMBER_REPAIRED in reading.flags


def test_mrz_check_digit_reference():
    # ICAO 9303 part 3 example: document number L898902C3 has check digit 6.
    assert doc.mrz_check_digit("L898902C3") == "6"
    assert doc.mrz_check_digit("740812") == "2"
    with pytest.raises(ValueError):
        doc.mrz_check_digit("ab")


# === ROBUSTNESS === #

@settings(max_examples=300)
@given(st.text())
def test_any_text_reads_without_error(text):
    reading = doc.parse_id_text(text)
    assert reading.doc_type in (None,) + doc.DOC_TYPES
    assert 0.0 <= reading.confidence <= 1.0
    if reading.last4 is not None:
        assert len(reading.last4) == 4 and reading.last4.isascii() and reading.last4.isalnum()
    assert set(reading.flags) <= {
        doc.FLAG_DOC_TYPE_GUESSED, doc.FLAG_NO_DOC_TYPE, doc.FLAG_NO_NUMBER,
        doc.FLAG_CHECKSUM_FAILED, doc.FLAG_NUMBER_REPAIRED, doc.FLAG_NO_NAME}


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("中華民國身分證姓名王小明A0123456789OIl <«\n")))
def test_noise_from_the_card_alphabet_reads_without_error(text):
    reading = doc.parse_id_text(text)
    if reading.last4 is not None:
        assert policy.normalise_id_last4(reading.last4) == reading.last4
    if reading.name is not None:
        assert reading.name.strip() == reading.name and len(reading.name) >= 2


def test_non_text_reads_as_nothing():
    for value in (None, b"A123456789", 42):
        assert not doc.parse_id_text(value).recognised


def test_passport_photographed_without_its_mrz():
    reading = doc.parse_id_text("中華民國護照\nREPUBLIC OF CHINA (TAIWAN)\nPASSPORT\n"
                                "護照號碼 Passport No.\n300012345\n姓名 Name\nLIN, MEI-HUA")
    assert (reading.doc_type, reading.last4) == ("passport", "2345")
    assert doc.FLAG_CHECKSUM_FAILED in reading.flags, "no check digit without the MRZ"
