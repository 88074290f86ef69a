"""A dump of the database collects no goods: after codes were issued, sent (SMS and e-mail,
both refused here: no gateway, no SMTP server) and handed over, ``pg_dump`` of the whole
database holds no short code, QR secret, portal token, short link or the server pepper."""

import configparser
import os
import re
import subprocess

import pytest
from faults import new_ready_order
from odoo_rpc import DB, URL
import requests


def _dump():
    return subprocess.run(["pg_dump", "--data-only", "--no-owner", DB], check=True,
                          capture_output=True, timeout=600).stdout.decode("utf-8", "replace")


def _portal_secrets(code_id):
    session = requests.Session()
    session.post(URL + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": DB, "login": "buyer_lin", "password": "buyer_lin"}})
    page = session.get("%s/my/pickups/%s" % (URL, code_id), timeout=60).text
    short = re.search(r'data-pickup-short-code="([^"]+)"', page).group(1)
    qr = re.search(r'data-pickup-qr="([^"]+)"', page).group(1)
    return short, short.replace("-", ""), qr


def test_dump_holds_no_secret(admin, counter):
    conf = os.environ.get("PICKUP_CONF")
    if not conf or not os.path.exists(conf):
        pytest.skip("the server runs without the project's config file (PICKUP_CONF)")
    parser = configparser.ConfigParser()
    parser.read(conf)
    pepper = parser.get("options", "pickup_code_pepper")
    _order, live_id, ctx = new_ready_order(admin)
    wizard = admin("pickup.delegate.wizard", "create", [{
        "code_id": live_id, "name": "Aunt May", "phone": "0955111222", "relation": "family"}],
        {"context": ctx})
    admin("pickup.delegate.wizard", "action_create_delegate", [[wizard]], {"context": ctx})
    admin("pickup.code", "action_resend", [[live_id]], {"context": ctx})
    admin("mail.mail", "process_email_queue", [], {"context": ctx})  # SMTP refuses them
    token = admin("pickup.code", "read", [[live_id], ["access_token"]],
                  {"context": ctx})[0]["access_token"]
    secrets = dict(zip(("short", "short_plain", "qr"), _portal_secrets(live_id), strict=True))
    _done_order, done_id, _ctx = new_ready_order(admin)
    done_short = _portal_secrets(done_id)[0]
    assert counter("pickup.service", "redeem", [done_short, "TPE"])["reason"] == "ok"

    dump = _dump()
    found = [name for name, secret in dict(secrets, pepper=pepper, portal_token=token).items()
             if secret and secret in dump]
    assert not found, "the dump holds %s" % found
    links = re.findall(r"/p/[A-Za-z0-9_-]{16,}", dump)  # 16 symbols (24: earlier)
    assert not links, "the dump holds live short links: %s" % links[:3]
    assert "pickup_code.pepper" not in dump, "the pepper is a system parameter"
    # The Ed25519 key that signs offline tokens is derived from the pepper: a private key in
    # the dump would mint a token for any order.
    assert "pickup_code.signing_key" not in dump, "the signing key is a system parameter"
