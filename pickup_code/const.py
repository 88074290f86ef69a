"""Constants shared by the models, the controllers and the tests."""

# Lifecycle (DESIGN.md "Entitlement and credentials"): draft → issued → ready → redeemed,
# exits below. A partly collected entitlement stays ready (``is_partial``).
STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("ready", "Ready for pickup"),
    ("redeemed", "Collected"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
]
ACTIVE_STATES = ("issued", "ready")
# States of the goods, shared by every credential of an entitlement (revoking is not).
ENTITLEMENT_STATES = ("ready", "redeemed", "expired")

# The kernel's anomaly types; each addon adds its own with ``selection_add``.
ANOMALY_TYPES = [
    ("scan_burst", "Burst of failed scans"),
    ("id_mismatch", "ID mismatch"),
    ("lockout", "Code locked"),
    ("expired_attempt", "Expired code presented"),
    ("replay", "Collected code presented again"),
    ("rate_limited", "Station rate-limited"),
    ("transfer_failed", "Transfer not validated after a hand-over"),
    ("offline_conflict", "Offline hand-over refused on sync"),
]

DISPUTE_TYPES = [
    ("not_collected", "I did not collect this"),
    ("wrong_items", "Wrong or missing items"),
    ("damaged", "Damaged goods"),
    ("other", "Other"),
]

DELEGATE_RELATIONS = [
    ("family", "Family"),
    ("friend", "Friend"),
    ("colleague", "Colleague"),
    ("courier", "Courier"),
    ("other", "Other"),
]

# The kinds of identity document a clerk may check: the one list (the hand-over's and the
# partner's selections and the counter's OCR, pickup_counter_ocr/core/id_document.py, read
# it; this file imports nothing, so data/generate_history.py loads it on its own).
NATIONAL_ID = "national_id"
RESIDENT = "resident"
PASSPORT = "passport"
DRIVER = "driver"
HEALTH = "health"
ID_DOC_TYPES = [
    (NATIONAL_ID, "National ID card"),
    (RESIDENT, "Resident certificate"),
    (PASSPORT, "Passport"),
    (DRIVER, "Driver licence"),
    (HEALTH, "Health insurance card"),
]

PARTNER_RISKS = [("low", "Low"), ("normal", "Normal"), ("high", "High")]

# ``offline``: a hand-over the counter queued while the network was down, synced later.
CHANNELS = [("counter", "Counter"), ("api", "API"), ("portal", "Portal"), ("lookup", "Lookup"),
            ("offline", "Offline counter")]

# Bulk issuing works in batches of this many orders (one commit and progress line each).
ISSUE_BATCH_SIZE = 1000
