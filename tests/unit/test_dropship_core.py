import random

import pytest

from dropship_connectors.core import signature
from pickup_code.core import retry

SECRET = b"s3cret-for-tests"
BODY = b'{"event_id": "e1", "event": "arrived"}'


def test_signature_round_trip():
    header = signature.sign(SECRET, 1_700_000_000, BODY)
    assert signature.verify([SECRET], header, BODY, 1_700_000_100) == 1_700_000_000


@pytest.mark.parametrize("index", range(len(BODY)))
def test_any_changed_byte_is_refused(index):
    header = signature.sign(SECRET, 1_700_000_000, BODY)
    changed = bytearray(BODY)
    changed[index] ^= 0x01
    with pytest.raises(signature.SignatureError) as err:
        signature.verify([SECRET], header, bytes(changed), 1_700_000_000)
    assert err.value.reason == "mismatch"


def test_wrong_secret_and_old_timestamp_are_refused():
    header = signature.sign(SECRET, 1_700_000_000, BODY)
    with pytest.raises(signature.SignatureError) as err:
        signature.verify([b"other"], header, BODY, 1_700_000_000)
    assert err.value.reason == "mismatch"
    with pytest.raises(signature.SignatureError) as err:
        signature.verify([SECRET], header, BODY, 1_700_000_000 + 301)
    assert err.value.reason == "stale"


def test_rotated_secret_accepts_old_and_new():
    old, new = b"old-secret", b"new-secret"
    for secret in (old, new):
        header = signature.sign(secret, 10, BODY)
        assert signature.verify([new, old], header, BODY, 10) == 10


@pytest.mark.parametrize("header", ["", "t=abc,v1=00", "v1=00", "t=10", "garbage"])
def test_malformed_header_is_a_format_error(header):
    with pytest.raises(signature.SignatureError) as err:
        signature.verify([SECRET], header, BODY, 10)
    assert err.value.reason == "format"


def test_backoff_grows_exponentially_and_is_capped():
    rng = random.Random(7)
    ceilings = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    for attempt, ceiling in enumerate(ceilings, start=1):
        samples = [retry.jittered_delay_seconds(attempt, rng=rng) for _ in range(200)]
        assert 0 <= min(samples) and max(samples) <= ceiling
        assert max(samples) > ceiling * 0.8  # full jitter reaches near the ceiling


def test_backoff_refuses_attempt_zero():
    with pytest.raises(ValueError):
        retry.jittered_delay_seconds(0)
