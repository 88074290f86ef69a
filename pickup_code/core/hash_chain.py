"""Tamper-evident chain for the append-only attempt log.

Each row stores the hash of the previous row and its own digest over that hash plus its
fields, so editing, deleting or reordering any row breaks every digest after it. This
detects tampering by anyone who cannot recompute the chain; it is not a signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

GENESIS = "0" * 64
_HEX = frozenset("0123456789abcdef")


def _canonical_json(fields: dict) -> str:
    """One text per field set: sorted keys, no spaces, UTF-8 kept, non-JSON types as str.

    The verifier must pass the same Python types as the writer did (e.g. a datetime or a
    float, not its string), because ``default=str`` and float repr are part of the text.
    """
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def row_digest(prev_hash: str, fields: dict) -> str:
    """Digest of one row.

    :param prev_hash: the previous row's digest, or ``GENESIS`` for the first row.
    :param fields: the row's logged fields (JSON-serialisable, keys of one type).
    :return: lowercase hex SHA-256 of ``prev_hash + canonical JSON(fields)``.
    :raises ValueError: when ``prev_hash`` is not 64 lowercase hex characters.
    """
    if not isinstance(prev_hash, str) or len(prev_hash) != 64 or not _HEX.issuperset(prev_hash):
        raise ValueError("prev_hash must be 64 lowercase hex characters")
    return hashlib.sha256((prev_hash + _canonical_json(fields)).encode("utf-8")).hexdigest()


def first_broken(rows: Iterable[tuple[dict, str, str]]) -> int | None:
    """Find where a chain stops verifying.

    :param rows: ``(fields, stored_prev_hash, stored_hash)`` in log order, starting at the
        first row ever written.
    :return: index of the first row whose stored previous hash is not the prior row's
        stored hash (``GENESIS`` for row 0) or whose stored hash is not its digest; None
        when the whole chain verifies.
    """
    expected_prev = GENESIS
    for index, (fields, stored_prev, stored_hash) in enumerate(rows):
        if stored_prev != expected_prev:
            return index
        try:
            digest = row_digest(stored_prev, fields)
        except (TypeError, ValueError):
            # Unserialisable or garbled fields cannot verify.
            return index
        if digest != stored_hash:
            return index
        expected_prev = stored_hash
    return None
