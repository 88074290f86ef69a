import json
import random

from odoo import fields
from odoo.tests import tagged

from ..core.verdicts import REASONS
from .common import PickupCommon

KNOWN_REASONS = set(REASONS)


def _hostile_corpus(seed=20261125, size=120):
    """Seeded hostile inputs: random bytes and text, look-alikes, injections, huge strings."""
    rng = random.Random(seed)
    corpus = [
        "", " ", "\x00", "\x00" * 10, "'; DROP TABLE pickup_code; --", "<script>alert(1)</script>",
        "PC1.", "PC1." + "A" * 27, "PC1T.", "PC1T.a.b", "PC1T." + "A" * 500, "\u202eXYZ",
        "ＡＢＣＤ-ＥＦＧＨ-Ｊ", "ΑΒΓΔ-ΕΖΗΘ-Ι", "0" * 9, "I" * 9, "\ufeff" + "1" * 9,
        "A" * 100_000, "%s%s%s%n", "{{7*7}}", "${jndi:ldap://x}", "\r\n\r\nHTTP/1.1 200",
    ]
    for _i in range(size):
        length = rng.randint(0, 64)
        corpus.append("".join(chr(rng.randint(0, 0x2FFF)) for _j in range(length)))
        corpus.append(bytes(rng.getrandbits(8) for _j in range(length)).decode("latin-1"))
    return corpus


@tagged("post_install", "-at_install")
class TestPickupHostileInput(PickupCommon):

    def test_service_answers_every_hostile_input_with_a_verdict_and_changes_nothing(self):
        code = self._code_of(self._create_order())
        self.company.pickup_rate_limit = 100000  # measure the parser, not the rate limit
        before = (code.state, code.failed_check_count, code.write_date)
        service = self._service()
        for text in _hostile_corpus():
            for call in (service.verify, service.redeem):
                result = call(text, "PTA", station="fuzz")
                self.assertIn(result["reason"], KNOWN_REASONS, repr(text[:40]))
                self.assertEqual(result["verdict"], "refused", repr(text[:40]))
        code.invalidate_recordset()
        self.assertEqual((code.state, code.failed_check_count, code.write_date), before)
        self.assertFalse(code.attempt_ids, "no hostile input matched the real code")

    def test_hostile_steps_and_lines_are_refused_cleanly(self):
        code = self._code_of(self._create_order(lines=[(self.cooker, 1)]))
        short = self._short(code)
        hostile_steps = [None, [], "x", {"id_check": "x"}, {"id_check": {"last4": None}},
                         {"approval": {"login": {"$ne": 1}}}, {"signature": "%%%"},
                         {"photo": 12}, {"otp": ["1"]}]
        hostile_lines = [None, "x", [1], [{"product_id": "abc"}], [{"qty": "NaN"}],
                         [{"product_id": self.cooker.id, "qty": -1}],
                         [{"barcode": "' OR 1=1 --"}], [{}] * 1000]
        for steps in hostile_steps:
            for lines in hostile_lines:
                try:
                    result = self._service().redeem(short, "PTA", steps=steps, lines=lines)
                except (ValueError, TypeError) as err:  # a crash would be a bug: report it
                    self.fail("redeem raised %r for steps=%r lines=%r" % (err, steps, lines))
                self.assertEqual(result["verdict"], "refused")
        self.assertEqual(code.state, "ready")
        self.assertFalse(code.handover_ids)

    def test_tampered_attempt_chain_is_found_after_fuzzing(self):
        self._service().verify("garbage", "PTA", station="fuzz2")
        self.assertFalse(self.env["pickup.attempt"]._find_chain_breaks())
        attempt = self.env["pickup.attempt"].search([("station", "=", "fuzz2")], limit=1)
        self.env.cr.execute("UPDATE pickup_attempt SET attempt_date = %s WHERE id = %s",
                            [fields.Datetime.add(attempt.attempt_date, seconds=1), attempt.id])
        attempt.invalidate_recordset()
        self.assertIn(attempt, self.env["pickup.attempt"]._find_chain_breaks())

    def test_api_never_answers_5xx_to_garbage(self):
        key = self.env["res.users.apikeys"].with_user(self.counter_a)._generate(
            None, "fuzz", fields.Datetime.add(fields.Datetime.now(), days=1))
        rng = random.Random(7)
        bodies = [b"", b"null", b"[]", b"{}", b'{"code": null, "point": "PTA"}',
                  b'{"code": "x", "point": ["PTA"]}', b'{"code": "x", "point": "PTA", "steps": 1}',
                  b'{"code": "x", "point": "PTA", "lines": {}}', b"\xff" * 100,
                  json.dumps({"code": "x" * 600, "point": "PTA"}).encode(),
                  # NUL (PostgreSQL text cannot hold it; schemathesis found a 500 with it)
                  b'{"code": "x", "point": "P\\u0000"}',
                  b'{"code": "x", "point": "PTA", "lines": [{"barcode": "\\u0000"}]}']
        bodies += [bytes(rng.getrandbits(8) for _j in range(rng.randint(1, 300)))
                   for _i in range(40)]
        for path in ("/pickup/api/v1/verify", "/pickup/api/v1/redeem"):
            for body in bodies:
                answer = self.url_open(path, data=body, headers={
                    "Authorization": "Bearer %s" % key, "Content-Type": "application/json"})
                self.assertLess(answer.status_code, 500, (path, body[:40]))
