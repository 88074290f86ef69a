"""The leader and the member redeem the same order at the same instant, at two counters of
the point: each in its own thread with its own database cursor and transaction (committed,
as requests are), retried on a serialization failure as Odoo's request loop retries them.
Exactly one hand-over happens; the other is told "already collected"."""

import logging
import random
import threading
import time
import uuid

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)

TRIES = 10
ROUNDS = 3


@tagged("post_install", "-at_install")
class TestPickupLeaderConcurrency(TransactionCase):

    def _env(self, cr):
        # The transaction made here, not by api.Environment: that would look the registry up
        # under the lock the test runner holds while tests run (threads would wait forever).
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _committed(self, func):
        with self.registry.cursor() as cr:  # commits as the block ends
            return func(self._env(cr))

    def _redeem_as_a_request(self, user_id, short, point_code):
        """One counter's redeem as Odoo serves a request (own cursor, committed, retried on
        a serialization failure after a random back-off).

        :return: the verdict's reason
        """
        for tryno in range(1, TRIES + 1):
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr)
                    result = env["pickup.service"].with_user(user_id).redeem(
                        short, point_code, station="race-%s" % user_id)
                    env.flush_all()
                return result["reason"]
            except OperationalError as err:
                if not isinstance(err, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY) or tryno == TRIES:
                    raise
                time.sleep(random.uniform(0.0, 0.05 * 2 ** tryno))
        raise AssertionError("unreachable")

    def _setup(self, env):
        """Committed data, in a company of its own: what stays (hand-overs and the
        append-only attempt log) is counted by no other test's company figures."""
        suffix = uuid.uuid4().hex[:4].upper()
        company = env["res.company"].create({
            "name": "Leader race %s" % suffix, "pickup_sms_enabled": False,
            "country_id": env.ref("base.tw").id})
        env = env(context={"allowed_company_ids": company.ids})
        # The company's own warehouse (Odoo makes one per company), made a pickup point.
        point = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        point.write({"code": "L%s" % suffix, "is_pickup_point": True})
        product = env["product.product"].create({
            "name": "Leader race box %s" % suffix, "is_storable": True, "list_price": 100,
            "taxes_id": False})
        env["stock.quant"]._update_available_quantity(product, point.lot_stock_id, 10 * ROUNDS)
        team = env["crm.team"].create({"name": "Race campaign %s" % suffix,
                                       "company_id": company.id,
                                       "pickup_leader_mode": "optional"})
        leader = env["res.partner"].create({"name": "Race leader %s" % suffix})
        member = env["res.partner"].create({"name": "Race member %s" % suffix,
                                            "pickup_leader_id": leader.id})
        counters = [new_test_user(
            env, "pk_race_%s_%s" % (suffix.lower(), n),
            groups="pickup_code.group_pickup_counter,stock.group_stock_user",
            company_id=company.id, company_ids=[Command.set(company.ids)],
            pickup_warehouse_ids=[Command.set(point.ids)]) for n in (1, 2)]
        pairs = []
        for _round in range(ROUNDS):
            order = env["sale.order"].create({
                "partner_id": member.id, "warehouse_id": point.id, "team_id": team.id,
                "company_id": company.id,
                "order_line": [Command.create({"product_id": product.id,
                                               "product_uom_qty": 1})]})
            order.action_confirm()
            env["pickup.code"]._issue_for_orders(order)  # whatever the company's trigger
            codes = order.pickup_code_ids
            member_code = codes.filtered(lambda c: not c.leader_id)
            leader_code = codes.filtered("leader_id")
            assert len(member_code) == len(leader_code) == 1, codes
            assert set(codes.mapped("state")) == {"ready"}, codes.mapped("state")
            pairs.append({"entitlement": member_code.entitlement_id.id,
                          "order": order.id,
                          "member": member_code._get_credentials().short_code,
                          "leader": leader_code._get_credentials().short_code})
        return {"point": point.id, "point_code": point.code, "company": company.id,
                "counters": [u.id for u in counters], "pairs": pairs}

    def _cleanup(self, env, data):
        # The hand-overs and the hash-chained attempt log stay (append-only), in their own
        # company; the point is no pickup point any more, so no other test finds it.
        env["stock.warehouse"].browse(data["point"]).is_pickup_point = False
        env["res.users"].browse(data["counters"]).active = False

    def test_leader_and_member_at_the_same_instant_hand_over_once(self):
        data = self._committed(self._setup)
        self.addCleanup(self._committed, lambda env: self._cleanup(env, data))
        for pair in data["pairs"]:
            barrier = threading.Barrier(2, timeout=60)
            outcomes = [None, None]
            who = [(data["counters"][0], pair["leader"]), (data["counters"][1], pair["member"])]

            # Defaults bind this round's objects (not the loop's last ones).
            def redeem(index, barrier=barrier, outcomes=outcomes, who=who):  # pylint: disable=dangerous-default-value
                # As Odoo's test threads: an e-mail is sent on this cursor, not after its
                # commit (that would need the registry the test runner holds).
                threading.current_thread().testing = True
                try:
                    barrier.wait()
                    user_id, short = who[index]
                    outcomes[index] = self._redeem_as_a_request(user_id, short,
                                                                data["point_code"])
                except Exception as err:  # noqa: BLE001 - reported by the assertion below
                    _logger.exception("redeem %s failed", index)
                    outcomes[index] = repr(err)

            threads = [threading.Thread(target=redeem, args=(i,)) for i in (0, 1)]
            # The loser's serialization failure is expected (and retried): not an error.
            with mute_logger("odoo.sql_db"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
            self.assertEqual(sorted(outcomes), ["already_redeemed", "ok"], outcomes)

            def check(env, pair=pair):
                entitlement = env["pickup.entitlement"].browse(pair["entitlement"])
                order = env["sale.order"].browse(pair["order"])
                return (len(entitlement.handover_ids), entitlement.handover_count,
                        set(entitlement.code_ids.mapped("state")),
                        order.picking_ids.mapped("state"))

            self.assertEqual(self._committed(check), (1, 1, {"redeemed"}, ["done"]))
