"""A tiny JSON-RPC client for Odoo's /jsonrpc endpoint (external API)."""

import itertools
import os
import re

import requests

URL = os.environ.get("PICKUP_URL", "")
DB = os.environ.get("PICKUP_DB", "")
_ids = itertools.count(1)


class RpcError(Exception):
    pass


def call(service, method, *args, timeout=120):
    payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids),
               "params": {"service": service, "method": method, "args": list(args)}}
    reply = requests.post(URL + "/jsonrpc", json=payload, timeout=timeout).json()
    if "error" in reply:
        raise RpcError(reply["error"]["data"].get("message", reply["error"]))
    return reply.get("result")  # Odoo leaves "result" out when the method returned None


class Client:
    def __init__(self, login, password):
        self.login, self.password = login, password
        self.uid = call("common", "login", DB, login, password)
        assert self.uid, "cannot log in as %s" % login

    def __call__(self, model, method, args, kwargs=None):
        return call("object", "execute_kw", DB, self.uid, self.password, model, method, args,
                    kwargs or {})


def portal_short_code(login, password, code_id):
    """Read the short code the way a buyer does: from their portal page."""
    session = requests.Session()
    session.post(URL + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": DB, "login": login, "password": password}})
    page = session.get("%s/my/pickups/%s" % (URL, code_id), timeout=60).text
    match = re.search(r'data-pickup-short-code="([^"]+)"', page)
    assert match, "the portal page shows no short code"
    return match.group(1)


def web_session(login, password):
    """A logged-in browser-like session (for flows that need one, e.g. the identity check)."""
    session = requests.Session()
    reply = session.post(URL + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": DB, "login": login, "password": password}},
        timeout=60).json()
    assert reply.get("result", {}).get("uid"), "cannot log in as %s" % login
    return session


def call_kw(session, model, method, args, kwargs=None):
    reply = session.post("%s/web/dataset/call_kw/%s/%s" % (URL, model, method), json={
        "jsonrpc": "2.0", "method": "call", "params": {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}}},
        timeout=120).json()
    if "error" in reply:
        raise RpcError(reply["error"]["data"].get("message", reply["error"]))
    return reply.get("result")


def make_api_key(login, password, name="e2e"):
    """Create an Odoo API key the way a user does (Preferences → New API Key): the wizard,
    then the password check Odoo asks for; returns the key (valid one day)."""
    session = web_session(login, password)
    wizard = call_kw(session, "res.users.apikeys.description", "create",
                     [{"name": name, "duration": "1"}])
    action = call_kw(session, "res.users.apikeys.description", "make_key", [[wizard]])
    if action.get("res_model") == "res.users.identitycheck":
        check = action["res_id"]
        call_kw(session, "res.users.identitycheck", "write", [[check], {"password": password}])
        action = call_kw(session, "res.users.identitycheck", "run_check", [[check]])
    return action["context"]["default_key"]
