"""Constants shared by the models, the controllers and the tests."""

from .core import id_documents

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

ID_DOC_TYPES = list(id_documents.ID_DOC_TYPES)

PARTNER_RISKS = [("low", "Low"), ("normal", "Normal"), ("high", "High")]

CHANNELS = [("counter", "Counter"), ("api", "API"), ("portal", "Portal"), ("lookup", "Lookup")]

# Bulk issuing works in batches of this many orders (one commit and progress line each).
ISSUE_BATCH_SIZE = 1000
