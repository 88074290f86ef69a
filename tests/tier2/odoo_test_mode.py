"""pytest plugin for tier 2: Odoo 18's test mode, as Odoo's own runner sets it, under pytest-odoo.

scripts/test.sh loads it next to pytest-odoo (``-p pytest_odoo -p odoo_test_mode``) to run our
addons' TransactionCase/HttpCase tests in pytest's terms. pytest-odoo 2.x loads the registry,
starts Odoo's HTTP server (``--odoo-http``) and turns ``test_enable`` on per test module, but for
Odoo 18 it leaves out marks that Odoo's runner sets and that Odoo's code reads:

* ``odoo.modules.module.current_test``: Odoo's suite (odoo/tests/suite.py, ``TestSuite.run``)
  sets it to the running test before its class set-up and the test itself. pytest-odoo sets it
  for Odoo >= 19 only. Without it ``ir.mail_server`` really connects to an SMTP server and
  really sends (odoo/addons/base/models/ir_mail_server.py, ``connect`` and ``send_email``: "Do
  not actually send emails in testing mode"), so every e-mail fails, stays in the queue and the
  mail tests differ; test cursors also skip ``HttpCase.check_test_cursor``.
* ``threading.current_thread().dbname`` on the main thread (odoo/service/server.py
  ``preload_registries``; Odoo's database log handler and ``get_db_name`` read it). ``testing``
  (odoo/tests/loader.py ``run_suite``), which ``mail.mail.send_after_commit`` needs to send on
  the test's cursor, pytest-odoo does set (its ``load_registry``); it is set here again so that
  the whole mode is in one place.
* ``config['test_enable']`` from the first test on (pytest-odoo turns it on and off around
  each test module; only the gaps between modules, where nothing runs, are left off), and the asset
  bundles generated before the first HttpCase (``preload_registries`` does both before the
  post-install suite), so that the first tour does not spend its time limit building them.

The registry itself is loaded with ``test_enable`` off (as pytest-odoo intends): with it on,
loading an installed database runs every at-install test of every module
(odoo/modules/loading.py ``load_module_graph``), outside pytest.
No production code knows about this: only the test process is put in Odoo's test mode.
"""

import threading

import pytest

import odoo
from odoo.tools import config as odoo_config


def pytest_configure(config):
    # pytest-odoo has parsed Odoo's options in its pytest_cmdline_main (test.sh passes
    # --test-enable so that odoo.tests imports in test mode, without Odoo's "not in test mode"
    # error); the registry loads without it, see the module's docstring.
    config._odoo_test_enable = odoo_config["test_enable"]
    odoo_config["test_enable"] = False
    threading.current_thread().dbname = odoo_config["db_name"]


@pytest.fixture(scope="session", autouse=True)
def odoo_test_mode(request, load_registry):
    """Odoo's test mode for the whole session, once the registry is loaded (load_registry is
    pytest-odoo's session fixture)."""
    from odoo.modules import module
    from odoo.tests.common import HttpCase

    odoo_config["test_enable"] = True
    thread = threading.current_thread()
    thread.testing = True
    module.current_test = True  # loader.run_suite: "in a test run", before the first test
    if any(issubclass(getattr(item, "cls", None) or object, HttpCase)
           for item in request.session.items):
        registry = odoo.modules.registry.Registry(odoo_config["db_name"])
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["ir.qweb"]._pregenerate_assets_bundles()
    yield
    module.current_test = False
    thread.testing = False
    odoo_config["test_enable"] = request.config._odoo_test_enable


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item):
    """Before the item's fixtures (so before its class's setUpClass too), like TestSuite.run."""
    from odoo.modules import module
    from odoo.tests.common import BaseCase

    instance = getattr(item, "instance", None)
    if isinstance(instance, BaseCase):
        module.current_test = instance
    return (yield)
