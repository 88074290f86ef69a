"""The leader, the member and the member's delegate redeem the same order at the same
instant, at three counters (each in its own thread, cursor and committed transaction, as
requests are): exactly one hand-over, the two others told "already collected"."""

import threading

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

# The module, not the class: a class imported here would be collected and run again.
from . import test_pickup_leader_concurrency as leader_race


@tagged("post_install", "-at_install")
class TestPickupAdversarialRace(leader_race.TestPickupLeaderConcurrency):

    # The two-way race is the parent's own test: not run twice.
    test_leader_and_member_at_the_same_instant_hand_over_once = None

    def _setup(self, env):
        data = super()._setup(env)
        point = env["stock.warehouse"].browse(data["point"])
        company = env["res.company"].browse(data["company"])
        third = new_test_user(
            env, "pk_race3_%s" % point.code.lower(),
            groups="pickup_code.group_pickup_counter,stock.group_stock_user",
            company_id=company.id, company_ids=[Command.set(company.ids)],
            pickup_warehouse_ids=[Command.set(point.ids)])
        data["counters"].append(third.id)
        for pair in data["pairs"]:
            entitlement = env["pickup.entitlement"].browse(pair["entitlement"])
            member_code = entitlement.code_ids.filtered(
                lambda c: not c.leader_id and not c.parent_id)
            delegate = member_code._create_delegate("Race delegate", "0933555777", "family")
            pair["delegate"] = delegate._get_credentials().short_code
        return data

    def test_leader_member_and_delegate_at_the_same_instant_hand_over_once(self):
        data = self._committed(self._setup)
        self.addCleanup(self._committed, lambda env: self._cleanup(env, data))
        for pair in data["pairs"]:
            barrier = threading.Barrier(3, timeout=60)
            outcomes = [None, None, None]
            who = list(zip(data["counters"], (pair["leader"], pair["member"],
                                              pair["delegate"]), strict=True))

            # Defaults bind this round's objects (not the loop's last ones).
            def redeem(index, barrier=barrier, outcomes=outcomes, who=who):  # pylint: disable=dangerous-default-value
                threading.current_thread().testing = True
                try:
                    barrier.wait()
                    user_id, short = who[index]
                    outcomes[index] = self._redeem_as_a_request(user_id, short,
                                                                data["point_code"])
                except Exception as err:  # noqa: BLE001 - reported by the assertion below
                    leader_race._logger.exception("redeem %s failed", index)
                    outcomes[index] = repr(err)

            threads = [threading.Thread(target=redeem, args=(i,)) for i in range(3)]
            with mute_logger("odoo.sql_db"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
            self.assertEqual(sorted(outcomes), ["already_redeemed", "already_redeemed", "ok"],
                             outcomes)

            def check(env, pair=pair):
                entitlement = env["pickup.entitlement"].browse(pair["entitlement"])
                return (len(entitlement.handover_ids), entitlement.handover_count,
                        set(entitlement.code_ids.mapped("state")))

            self.assertEqual(self._committed(check), (1, 1, {"redeemed"}))
