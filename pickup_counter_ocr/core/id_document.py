"""Read an identity document from OCR text: document type, name and last 4 characters.

The counter's ID step may photograph the collector's document; Tesseract turns the photo
into text and this module turns the text into what staff confirm: the document type (values
of ``pickup_code.const.ID_DOC_TYPES``), the name (shown for comparison) and the last 4
characters of the document number (what the pickup policy compares, DESIGN.md "Policies").
The full number is validated here but never returned.

Documents: the Taiwan national ID card (中華民國國民身分證: a letter and 9 digits with a
check digit), the resident certificate (居留證 / ARC: the same scheme, or the older two
letters and 8 digits), the passport (machine-readable zone, ICAO 9303 TD3, with its check
digits), the driver licence (駕駛執照, numbered with the holder's ID number) and the health
insurance card (全民健康保險). OCR noise is expected: full-width characters, stray spaces,
``O``/``0``, ``I``/``1``, ``S``/``5``, ``B``/``8`` confusions, ``«`` for ``<<``. A repair
is kept only when the check digit then holds.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass, field

# The document kinds are pickup_code's (one list, pickup_code/const.py, which imports
# nothing). Found beside this package the way this package was imported:
# odoo.addons.pickup_counter_ocr.core inside Odoo, pickup_counter_ocr.core in tier 1
# (tests/conftest.py registers the addons' folders bare).
_id_documents = importlib.import_module(
    __package__.rsplit("pickup_counter_ocr", 1)[0] + "pickup_code.const")
NATIONAL_ID, RESIDENT, PASSPORT, DRIVER, HEALTH = (
    _id_documents.NATIONAL_ID, _id_documents.RESIDENT, _id_documents.PASSPORT,
    _id_documents.DRIVER, _id_documents.HEALTH)
ID_DOC_TYPES = _id_documents.ID_DOC_TYPES

DOC_TYPES = tuple(value for value, _label in ID_DOC_TYPES)  # the ones this reader may answer

# Flags explaining a reading to staff (and to tests).
FLAG_DOC_TYPE_GUESSED = "doc_type_guessed"  # no title read, type inferred from the number
FLAG_NO_DOC_TYPE = "no_doc_type"
FLAG_NO_NUMBER = "no_number"
FLAG_CHECKSUM_FAILED = "checksum_failed"  # a number was read but its check digit fails
FLAG_NUMBER_REPAIRED = "number_repaired"  # OCR confusions (O/0, I/1…) were corrected
FLAG_NO_NAME = "no_name"

# Letter codes of the Taiwan ID scheme (內政部): A=10 … Z=33, I, O, W… out of order.
TW_LETTER_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34,
    "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25,
    "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}
_TW_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1, 1)

# OCR confusions: what a character read where a digit (or a letter) belongs may really be.
_AS_DIGIT = {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "|": "1",
             "!": "1", "Z": "2", "S": "5", "G": "6", "T": "7", "B": "8"}
_AS_LETTER = {"0": "ODQ", "1": "I", "2": "Z", "5": "S", "6": "G", "7": "T", "8": "B",
              "4": "A"}

# Titles and labels, compared with spaces removed (OCR splits CJK text freely).
_TYPE_KEYWORDS = (
    (DRIVER, ("駕駛執照", "駕照", "DRIVERLICENSE", "DRIVER'SLICENSE", "DRIVINGLICENCE",
              "DRIVERLICENCE")),
    (RESIDENT, ("居留證", "居留", "RESIDENTCERTIFICATE", "ALIENRESIDENT", "RESIDENCE")),
    (HEALTH, ("全民健康保險", "健保", "健康保險", "HEALTHINSURANCE")),
    (PASSPORT, ("護照", "PASSPORT")),
    # The title's last character is often misread (證 → 論, 誼…): its start is enough.
    (NATIONAL_ID, ("國民身分", "國民身份", "身分證", "身份證", "中華民國國民",
                   "REPUBLICOFCHINA")),
)
_NUMBER_LABELS = ("統一編號", "統一證號", "身分證號", "身分證字號", "證號", "IDNO", "UINO",
                  "PERSONALID")
_NAME_LABELS_CJK = ("姓名",)
_NAME_LABELS_LATIN = ("NAME",)
_OTHER_LABELS = ("出生", "性別", "發證", "住址", "國籍", "有效", "生日", "DATE", "SEX",
                 "BIRTH", "NATIONALITY", "統一", "證號", "編號", "卡號")

_MRZ_FILLER_VARIANTS = {"«": "<<", "‹": "<", "〈": "<", "く": "<", "＜": "<", "{": "<"}
_MRZ_WEIGHTS = (7, 3, 1)
_MRZ_LINE_RE = re.compile(r"^[A-Z0-9<]{30,50}$")
_LATIN_NAME_RE = re.compile(r"[A-Z][A-Z ,.'\-]*[A-Z]")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class IdReading:
    """What OCR found on a document, for staff to confirm.

    :param doc_type: one of ``DOC_TYPES`` or None.
    :param name: the holder's name as printed (CJK or Latin), or None.
    :param last4: last 4 characters of the document number (uppercase ASCII), or None.
    :param confidence: 0.0–1.0; 1.0 needs a title, a number whose check digit holds and a name.
    :param flags: ``FLAG_*`` values explaining what is missing or was corrected.
    """

    doc_type: str | None = None
    name: str | None = None
    last4: str | None = None
    confidence: float = 0.0
    flags: tuple = field(default_factory=tuple)

    @property
    def recognised(self):
        """:return: True when the reading can fill anything at all."""
        return bool(self.doc_type or self.last4)

    def as_dict(self):
        """:return: JSON-able dict (never the full document number)."""
        return {"doc_type": self.doc_type, "name": self.name, "last4": self.last4,
                "confidence": round(self.confidence, 2), "flags": list(self.flags),
                "recognised": self.recognised}


@dataclass(frozen=True)
class _Number:
    """A document number candidate (kept inside this module)."""

    value: str
    valid: bool
    repaired: bool
    labelled: bool


# === TEXT CLEAN-UP === #

def normalise_text(text):
    """NFKC (full-width → ASCII), uppercase Latin, unify MRZ fillers; lines are kept.

    :param str text: OCR output.
    :return: list of stripped, non-empty lines.
    """
    if not isinstance(text, str):
        return []
    text = unicodedata.normalize("NFKC", text)
    for variant, filler in _MRZ_FILLER_VARIANTS.items():
        text = text.replace(variant, filler)
    lines = []
    for line in text.upper().splitlines():
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return lines


def _compact(line):
    """The line without whitespace (OCR puts spaces between CJK characters at random)."""
    return "".join(line.split())


# === TAIWAN ID NUMBERS === #

def tw_id_checksum_ok(number):
    """Check digit of a Taiwan ID number: national ID, new resident (letter + 8/9 + 8
    digits) or old resident certificate (two letters + 8 digits).

    :param str number: 10 characters, uppercase.
    :return: True when the check digit holds.
    """
    if not isinstance(number, str) or len(number) != 10 or number[0] not in TW_LETTER_CODES:
        return False
    second = number[1]
    if second.isdigit():
        if second not in "1289":
            return False
        second_value = int(second)
    elif second in "ABCD":  # old resident certificate: the letter's code, last digit
        second_value = TW_LETTER_CODES[second] % 10
    else:
        return False
    if not number[2:].isdigit() or not number[2:].isascii():
        return False
    code = TW_LETTER_CODES[number[0]]
    digits = (second_value,) + tuple(int(c) for c in number[2:])
    weighted = sum(w * d for w, d in zip(_TW_WEIGHTS, digits, strict=True))
    total = code // 10 + 9 * (code % 10) + weighted
    return total % 10 == 0


def tw_id_check_digit(first9):
    """The check digit completing a 9-character Taiwan ID prefix (for tests and fixtures).

    :param str first9: e.g. ``"A12345678"``.
    :return: the digit as a one-character string.
    :raises ValueError: on a prefix that is not of the scheme.
    """
    for digit in "0123456789":
        if tw_id_checksum_ok(first9 + digit):
            return digit
    raise ValueError("not a Taiwan ID prefix")


def _id_kind(number):
    """:return: NATIONAL_ID (second digit 1/2) or RESIDENT (8/9 or a letter)."""
    return NATIONAL_ID if number[1] in "12" else RESIDENT


def _repair_tw_id(raw):
    """Candidates for a 10-character OCR token as a Taiwan ID number.

    :return: list of (number, repaired) with valid shape, most literal first.
    """
    first_options = [raw[0]] if raw[0] in TW_LETTER_CODES else list(_AS_LETTER.get(raw[0], ""))
    second = raw[1]
    if second in "1289" or second in "ABCD":
        second_options = [second]
    else:
        second_options = [d for d in _AS_DIGIT.get(second, "") if d in "1289"]
    rest = "".join(c if c.isdigit() else _AS_DIGIT.get(c, "?") for c in raw[2:])
    if "?" in rest or not rest.isascii():
        return []
    return [(f + s + rest, (f + s + rest) != raw)
            for f in first_options for s in second_options]


def _tw_id_tokens(line):
    """10-character runs of the line that could be an ID number, allowing single spaces.

    :return: list of raw 10-character strings (uppercase, no spaces).
    """
    tokens = []
    chars = line
    for start, char in enumerate(chars):
        if not (char.isalnum() or char == "|") or not char.isascii():
            continue
        if start and chars[start - 1].isascii() and chars[start - 1].isalnum():
            continue  # not at the start of a word
        token, pos = [], start
        while pos < len(chars) and len(token) < 10:
            c = chars[pos]
            if c == " " and token and pos + 1 < len(chars) and chars[pos + 1] != " ":
                pos += 1
                continue
            if not c.isascii() or not (c.isalnum() or c in "|!"):
                break
            token.append(c)
            pos += 1
        if len(token) == 10 and not (pos < len(chars) and chars[pos].isascii()
                                     and chars[pos].isalnum()):
            tokens.append("".join(token))
    return tokens


def find_tw_id_numbers(lines):
    """Taiwan ID number candidates in OCR lines, best first.

    Best: check digit holds, on a labelled line (統一編號…), read without repair.

    :param list lines: from ``normalise_text``.
    :return: list of ``_Number``.
    """
    found = []
    seen = set()
    for index, line in enumerate(lines):
        previous = _compact(lines[index - 1]) if index else ""
        labelled = any(label in _compact(line) or label in previous
                       for label in _NUMBER_LABELS)
        for raw in _tw_id_tokens(line):
            candidates = _repair_tw_id(raw)
            valid = [(n, r) for n, r in candidates if tw_id_checksum_ok(n)]
            if valid:
                number, repaired = valid[0]
                item = _Number(number, True, repaired, labelled)
            elif candidates:
                number, repaired = candidates[0]
                item = _Number(number, False, repaired, labelled)
            else:
                continue
            if item.value not in seen:
                seen.add(item.value)
                found.append(item)
    found.sort(key=lambda n: (not n.valid, not n.labelled, n.repaired))
    return found


# === PASSPORT MACHINE-READABLE ZONE === #

def mrz_check_digit(text):
    """ICAO 9303 check digit: weights 7, 3, 1; digits as is, A–Z = 10–35, ``<`` = 0.

    :param str text: MRZ characters.
    :return: the check digit as a one-character string.
    :raises ValueError: on a character outside ``0-9A-Z<``.
    """
    total = 0
    for index, char in enumerate(text):
        if char.isdigit() and char.isascii():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char == "<":
            value = 0
        else:
            raise ValueError("not an MRZ character: %r" % char)
        total += value * _MRZ_WEIGHTS[index % 3]
    return str(total % 10)


def _mrz_field_ok(value, check):
    try:
        return mrz_check_digit(value) == check
    except ValueError:
        return False


def _mrz_name(line1):
    """``P<TWNLIN<<MEI<HUA<<<…`` → ``"LIN MEI HUA"`` (None when unreadable)."""
    names = line1[5:].strip("<")
    if not names:
        return None
    surname, _sep, given = names.partition("<<")
    parts = [p for p in (surname.split("<") + given.split("<")) if p]
    # A "K" standing for a filler is common at the end; letters only, anyway.
    name = " ".join(p for p in parts if p.isalpha())
    return name or None


def parse_mrz(lines):
    """Read a TD3 (passport) machine-readable zone.

    :param list lines: from ``normalise_text``.
    :return: dict ``{"number", "valid", "repaired", "name", "country"}`` or None.
    """
    compact = [_compact(line) for line in lines]
    mrz = [(i, c) for i, c in enumerate(compact) if _MRZ_LINE_RE.match(c)]
    first = next(((i, c) for i, c in mrz if c.startswith("P") and c.count("<") >= 2
                  and c[2:5].replace("<", "").isalpha()), None)
    line1 = first[1] if first else None
    for index, line2 in mrz:
        if (first and index <= first[0]) or len(line2) < 28:
            continue
        number_raw, check, nationality = line2[0:9], line2[9], line2[10:13]
        if not nationality.replace("<", "").isalpha():
            continue
        options = [(number_raw, False)]
        repaired = "".join(c if c.isdigit() or c == "<" else _AS_DIGIT.get(c, c)
                           for c in number_raw)
        if repaired != number_raw:
            options.append((repaired, True))
        check_options = [check] + ([_AS_DIGIT[check]] if check in _AS_DIGIT else [])
        hit = next(((n, r or c != check) for n, r in options for c in check_options
                    if _mrz_field_ok(n, c)), None)
        number, was_repaired = hit or (number_raw, False)
        return {
            "number": number.replace("<", ""),
            "valid": hit is not None,
            "repaired": bool(hit and was_repaired),
            "name": _mrz_name(line1) if line1 else None,
            "country": nationality,
        }
    if line1:
        return {"number": "", "valid": False, "repaired": False, "name": _mrz_name(line1),
                "country": line1[2:5]}
    return None


# === TITLE AND NAME === #

def detect_doc_type(lines):
    """:return: the document type named by the card's title or labels, or None."""
    compact = "".join(_compact(line) for line in lines)
    for doc_type, keywords in _TYPE_KEYWORDS:
        if any(keyword in compact for keyword in keywords):
            return doc_type
    return None


def _clean_cjk_name(text):
    """Keep the CJK characters (and the middle dot of transliterated names) up to the
    next label; 2–8 characters make a name."""
    text = _compact(text).lstrip(":：")
    for label in _OTHER_LABELS:
        cut = text.find(label)
        if cut > 0:
            text = text[:cut]
    name = "".join(c for c in text if _CJK_RE.match(c) or c in "·‧・")
    return name if 2 <= len(_CJK_RE.findall(name)) <= 8 else None


def _clean_latin_name(text):
    match = _LATIN_NAME_RE.search(text.replace(":", " "))
    if not match:
        return None
    name = " ".join(match.group(0).split())
    for label in ("DATE", "SEX", "BIRTH", "NATIONALITY"):
        cut = name.find(" " + label)
        if cut > 0:
            name = name[:cut]
    return name if len(name) >= 3 else None


def find_name(lines):
    """The holder's name after a 姓名 / NAME label (same line, else the next one).

    :return: the name or None.
    """
    for index, line in enumerate(lines):
        compact = _compact(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        for label in _NAME_LABELS_CJK:
            at = compact.find(label)
            if at < 0:
                continue
            rest = compact[at + len(label):]
            name = _clean_cjk_name(rest) or _clean_cjk_name(following)
            if name:
                return name
            # A foreign resident's name is printed in Latin letters after 姓名 / Name.
            latin_rest = line.split(label[-1], 1)[-1].replace("NAME", " ")
            name = _clean_latin_name(latin_rest) or _clean_latin_name(following)
            if name:
                return name
        for label in _NAME_LABELS_LATIN:
            words = line.replace(":", " ").split()
            if label in words:
                rest = " ".join(words[words.index(label) + 1:])
                name = _clean_latin_name(rest) or _clean_latin_name(following)
                if name:
                    return name
    return None


# === ENTRY POINT === #

def parse_id_text(text):
    """Read document type, name and last 4 characters from OCR text.

    :param str text: Tesseract output (any noise); anything else reads as nothing.
    :return: ``IdReading`` (never the full number).
    """
    lines = normalise_text(text)
    flags = []
    title_type = detect_doc_type(lines)
    mrz = parse_mrz(lines)
    numbers = find_tw_id_numbers(lines)
    name = find_name(lines)
    doc_type = title_type
    last4 = None
    number_valid = False
    if mrz:
        # The MRZ is the passport's own proof; its number is the one to compare.
        doc_type = PASSPORT
        name = mrz["name"] or name
        if len(mrz["number"]) >= 4:
            last4 = mrz["number"][-4:]
            number_valid = mrz["valid"]
            if mrz["repaired"]:
                flags.append(FLAG_NUMBER_REPAIRED)
        else:
            last4 = _labelled_passport_last4(lines)
    elif title_type == PASSPORT:
        last4 = _labelled_passport_last4(lines)
    elif numbers and (numbers[0].valid or numbers[0].labelled or title_type):
        # A number whose check digit fails counts only on a recognised card or after its
        # label: anything 10 characters long would do otherwise (a phone number…).
        best = numbers[0]
        last4 = best.value[-4:]
        number_valid = best.valid
        if best.repaired:
            flags.append(FLAG_NUMBER_REPAIRED)
        if doc_type is None:
            doc_type = _id_kind(best.value)
            flags.append(FLAG_DOC_TYPE_GUESSED)
    if doc_type is None:
        flags.append(FLAG_NO_DOC_TYPE)
    if last4 is None:
        flags.append(FLAG_NO_NUMBER)
    elif not number_valid:
        flags.append(FLAG_CHECKSUM_FAILED)
    if not name:
        flags.append(FLAG_NO_NAME)
    confidence = 0.0
    if doc_type:
        confidence += 0.1 if FLAG_DOC_TYPE_GUESSED in flags else 0.3
    if last4:
        confidence += 0.5 if number_valid else 0.2
    if name:
        confidence += 0.2
    return IdReading(doc_type=doc_type, name=name or None, last4=last4,
                     confidence=round(min(1.0, confidence), 2), flags=tuple(flags))


def _labelled_passport_last4(lines):
    """A passport photographed without its MRZ: the number after 護照號碼 / PASSPORT NO."""
    for index, line in enumerate(lines):
        compact = _compact(line)
        if "護照號碼" in compact or "PASSPORTNO" in compact:
            candidates = (line + " " + (lines[index + 1] if index + 1 < len(lines) else ""))
            for word in candidates.replace(":", " ").split():
                if 8 <= len(word) <= 9 and word.isascii() and word.isalnum() \
                        and sum(c.isdigit() for c in word) >= 6:
                    return word[-4:]
    return None
