"""The counter's offline check of signed QR tokens, run in a real browser (WebCrypto)."""

import json
import time

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.pickup_code.core import b64url, signed_token


@tagged("post_install", "-at_install")
class TestOfflineQrCounter(HttpCase):

    def test_counter_tells_authentic_expired_and_forged_tokens_apart_offline(self):
        new_test_user(self.env, "pk_offline_counter",
                      groups="pickup_code.group_pickup_counter,stock.group_stock_user")
        self.env.company.pickup_offline_qr = True
        Code = self.env["pickup.code"]
        key = Code.with_user(self.env.ref("base.user_admin")).get_offline_qr_key()
        private, public = Code._get_signing_keypair()
        self.assertEqual(key["public_key"], b64url.encode(public))
        now = int(time.time())
        good = signed_token.sign_token(private, 42, now + 3600, "n")
        expired = signed_token.sign_token(private, 42, now - 1, "n")
        other_private, _other_public = signed_token.generate_keypair()
        foreign = signed_token.sign_token(other_private, 42, now + 3600, "n")
        # One signature bit flipped: the text still looks like a token.
        body, signature = good[len(signed_token.TOKEN_PREFIX):].split(".")
        raw = bytearray(b64url.decode(signature))
        raw[0] ^= 1
        tampered = signed_token.TOKEN_PREFIX + body + "." + b64url.encode(bytes(raw))
        cases = {"good": good, "expired": expired, "foreign": foreign, "tampered": tampered}
        want = {"good": "authentic", "expired": "expired", "foreign": "forged",
                "tampered": "forged"}
        module = "@stock_pickup_bridge/counter/signed_token"
        code = """
            (async () => {
                const { checkSignedToken } = odoo.loader.modules.get(%(module)s);
                const cases = %(cases)s;
                const got = {};
                for (const [name, token] of Object.entries(cases)) {
                    got[name] = await checkSignedToken(token, %(key)s);
                }
                if (JSON.stringify(got) === JSON.stringify(%(want)s)) {
                    console.log("test successful");
                } else {
                    console.error("offline check answered " + JSON.stringify(got));
                }
            })();
        """ % {"module": json.dumps(module), "cases": json.dumps(cases),
               "key": json.dumps(key["public_key"]), "want": json.dumps(want)}
        self.browser_js("/odoo", code, ready="odoo.loader.modules.has(%s)" % json.dumps(module),
                        login="pk_offline_counter")
