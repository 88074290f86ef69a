"""Schemathesis against the published OpenAPI document, on the running multi-worker server.

Every operation of ``/pickup/api/v1/openapi.json`` gets schema-valid and schema-violating
requests (schemathesis' positive and negative generation), authenticated with a real Odoo API
key of a counter user (made through Odoo's own key wizard). One check: no 5xx. Bounded by
``SCHEMATHESIS_MAX_EXAMPLES`` per operation and mode (default 40: 360 requests for the three
operations, about 15 s on 2 cores); derandomized, so every run sends the same requests.
"""

import os

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from odoo_rpc import URL, make_api_key
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "40"))


def _operations():
    schema = schemathesis.openapi.from_url(URL + "/pickup/api/v1/openapi.json", timeout=60)
    operations = []
    for result in schema.get_all_operations():
        operations.append(result.ok())  # an operation schemathesis cannot read fails here
    return operations


def _at_demo_point(case):
    if isinstance(case.body, dict):
        case.body = dict(case.body, point="TPE")
    return case


def test_openapi_document_loads_in_schemathesis():
    paths = {(op.method.upper(), op.path) for op in _operations()}
    # Schemathesis leaves out the operation that serves the document itself.
    assert paths == {("POST", "/verify"), ("POST", "/redeem"), ("POST", "/together")}


def test_schemathesis_finds_no_server_error():
    key = make_api_key("counter_tpe", "counter_tpe", "schemathesis")
    headers = {"Authorization": "Bearer %s" % key, "X-Pickup-Station": "schemathesis"}
    base_url = URL + "/pickup/api/v1"
    operations = _operations()
    strategies = [op.as_strategy(generation_mode=mode) for op in operations
                  for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    # Valid bodies at a real point too, so that the verdict path runs (parse, lookup, log).
    strategies += [op.as_strategy(generation_mode=GenerationMode.POSITIVE).map(_at_demo_point)
                   for op in operations]
    calls = []

    @settings(max_examples=MAX_EXAMPLES * len(strategies), deadline=None, database=None,
              derandomize=True, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(*strategies))
    def call(case):
        response = case.call_and_validate(base_url=base_url, headers=headers,
                                          checks=[not_a_server_error], timeout=60)
        calls.append(response.status_code)

    call()
    assert calls, "schemathesis made no request"
    assert 200 in calls, "some generated requests got through the API key to a verdict"
    # 401 comes from schemathesis' negative cases that leave the API key out.
    print("schemathesis: %d requests, statuses %s" % (len(calls), sorted(set(calls))))
