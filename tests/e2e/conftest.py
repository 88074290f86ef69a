"""End-to-end suite: drives a running multi-worker Odoo over HTTP (started by `make test`)."""

import os

import pytest
from odoo_rpc import Client

URL = os.environ.get("PICKUP_URL")
DB = os.environ.get("PICKUP_DB")


@pytest.fixture(scope="module")
def admin():
    """JSON-RPC as the demo administrator."""
    return Client("admin", "admin")


@pytest.fixture(scope="module")
def counter():
    """JSON-RPC as the demo counter clerk of Taipei (TPE)."""
    return Client("counter_tpe", "counter_tpe")


def pytest_collection_modifyitems(config, items):
    if URL and DB:
        return
    skip = pytest.mark.skip(reason="no running Odoo (PICKUP_URL/PICKUP_DB unset)")
    for item in items:
        item.add_marker(skip)
