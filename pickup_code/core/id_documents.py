"""The kinds of identity document a clerk may check: the one list.

The hand-over's and the partner's ``id_doc_type`` selections (``pickup_code.const``) and the
counter's document reader (``pickup_counter_ocr.core.id_document``) read it; an addon that
checks another kind adds it to those fields with ``selection_add``.
"""

NATIONAL_ID = "national_id"
RESIDENT = "resident"
PASSPORT = "passport"
DRIVER = "driver"
HEALTH = "health"

# (value, label): the labels are the fields' selection labels, translated by Odoo.
ID_DOC_TYPES = (
    (NATIONAL_ID, "National ID card"),
    (RESIDENT, "Resident certificate"),
    (PASSPORT, "Passport"),
    (DRIVER, "Driver licence"),
    (HEALTH, "Health insurance card"),
)
