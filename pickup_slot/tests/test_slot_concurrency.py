import logging
import random
import threading
import time
from datetime import timedelta

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)

BUYERS = 20
CAPACITY = 5
TRIES = 10


@tagged("post_install", "-at_install")
class TestSlotConcurrency(TransactionCase):
    """20 buyers book the same slot of 5 at the same instant, each in its own thread with
    its own database cursor and transaction (committed, as requests are), retried on a
    serialization failure as Odoo's request loop retries them: exactly 5 get it."""

    def _env(self, cr):
        # The transaction made here, not by api.Environment: that would look the registry up
        # under the lock the test runner holds while tests run (threads would wait forever).
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _committed(self, func):
        with self.registry.cursor() as cr:  # commits as the block ends
            return func(self._env(cr))

    def _book_as_a_request(self, entitlement_id, slot_id):
        """One buyer's booking as Odoo serves a request: its own cursor and transaction,
        committed; a serialization failure rolls back and tries again after a random
        back-off, as ``odoo.service.model.retrying`` does.

        :return: ``"booked"`` or ``"full"``
        """
        for tryno in range(1, TRIES + 1):
            try:
                with self.registry.cursor() as cr:  # commits as the block ends
                    env = self._env(cr)
                    env["pickup.entitlement"].browse(entitlement_id)._pickup_book_slot(
                        env["pickup.slot"].browse(slot_id))
                    env.flush_all()
                return "booked"
            except UserError:
                return "full"
            except OperationalError as err:
                if not isinstance(err, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY) or tryno == TRIES:
                    raise
                time.sleep(random.uniform(0.0, 0.05 * 2 ** tryno))
        raise AssertionError("unreachable")

    def _setup(self, env):
        point = env["stock.warehouse"].search([
            ("is_pickup_point", "=", True), ("pickup_calendar_id", "!=", False)], limit=1)
        if not point:
            return None
        env = env(context={"allowed_company_ids": point.company_id.ids})
        partner = env["res.partner"].create({"name": "Slot race buyer"})
        orders = env["sale.order"].create([
            {"partner_id": partner.id, "warehouse_id": point.id} for _ in range(BUYERS)])
        pairs = [(order, point) for order in orders]
        entitlements = env["pickup.entitlement"]._get_or_create(pairs)
        # A start no generated slot has (minute 13), far enough not to pass meanwhile.
        start = fields.Datetime.now().replace(minute=13, second=0, microsecond=0) \
            + timedelta(days=400)
        slot = env["pickup.slot"].create({
            "warehouse_id": point.id, "company_id": point.company_id.id, "start": start,
            "stop": start + timedelta(minutes=30), "capacity": CAPACITY,
        })
        was_enabled = point.pickup_slot_enabled
        point.pickup_slot_enabled = True
        return {
            "point": point.id, "was_enabled": was_enabled, "partner": partner.id,
            "orders": orders.ids, "slot": slot.id,
            "entitlements": [entitlements[(o.id, point.id)].id for o in orders],
        }

    def _cleanup(self, env, data):
        env["pickup.entitlement"].browse(data["entitlements"]).unlink()
        env["pickup.slot"].browse(data["slot"]).unlink()
        env["sale.order"].browse(data["orders"]).unlink()
        env["res.partner"].browse(data["partner"]).unlink()
        env["stock.warehouse"].browse(data["point"]).pickup_slot_enabled = data["was_enabled"]

    def test_twenty_parallel_bookings_of_five_places(self):
        data = self._committed(self._setup)
        if not data:
            self.skipTest("no pickup point with opening hours in this database")
        self.addCleanup(self._committed, lambda env: self._cleanup(env, data))
        barrier = threading.Barrier(BUYERS, timeout=60)
        outcomes = [None] * BUYERS

        def book(index):
            try:
                barrier.wait()
                outcomes[index] = self._book_as_a_request(data["entitlements"][index],
                                                          data["slot"])
            except Exception as err:  # noqa: BLE001 - reported by the assertion below
                _logger.exception("booking %s failed", index)
                outcomes[index] = repr(err)

        threads = [threading.Thread(target=book, args=(i,)) for i in range(BUYERS)]
        # The losers' serialization failures are expected (and retried): not logged as errors.
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        self.assertEqual(outcomes.count("booked"), CAPACITY, outcomes)
        self.assertEqual(outcomes.count("full"), BUYERS - CAPACITY, outcomes)

        def check(env):
            slot = env["pickup.slot"].browse(data["slot"])
            booked = env["pickup.entitlement"].search_count(
                [("id", "in", data["entitlements"]), ("pickup_slot_id", "=", slot.id)])
            return slot.booked, booked

        self.assertEqual(self._committed(check), (CAPACITY, CAPACITY))
