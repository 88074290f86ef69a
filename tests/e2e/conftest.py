"""End-to-end suite: drives a running multi-worker Odoo over HTTP (started by `make test`)."""

import os

import pytest

URL = os.environ.get("PICKUP_URL")
DB = os.environ.get("PICKUP_DB")


def pytest_collection_modifyitems(config, items):
    if URL and DB:
        return
    skip = pytest.mark.skip(reason="no running Odoo (PICKUP_URL/PICKUP_DB unset)")
    for item in items:
        item.add_marker(skip)
