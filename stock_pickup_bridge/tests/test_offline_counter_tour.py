"""The offline counter in Chromium: the network is cut, two signed QR codes are handed over
and queued, the network comes back and the queue syncs: one confirmed, one conflict (the
order was collected at another counter meanwhile) that the supervisor hears of."""

import json
import logging
import os

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.pickup_code.tests.browser import PHONE, ScreensMixin, open_page
from odoo.addons.sms.tests.common import SMSCase

_logger = logging.getLogger(__name__)

COUNTER_URL = "/odoo/action-stock_pickup_bridge.action_pickup_counter"
# Where the screenshots of the offline state go (looked at by hand; not committed).
SHOT_DIR = os.environ.get("PICKUP_OFFLINE_SHOTS", "/tmp/pickup_offline_shots")


class OfflineCounterCommon(SMSCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.pickup_issue_trigger = "confirmed"
        env.company.pickup_offline_qr = True
        cls.point = env["stock.warehouse"].create({
            "name": "Offline tour point", "code": "OFFL", "is_pickup_point": True,
        })
        cls.product = env["product.product"].create({
            "name": "Offline tour tea", "is_storable": True, "list_price": 300,
        })
        env["stock.quant"]._update_available_quantity(cls.product, cls.point.lot_stock_id, 10)
        cls.buyer = env["res.partner"].create({
            "name": "Offline Buyer", "mobile": "0912345600", "email": "offline@example.com",
        })
        cls.clerk = new_test_user(
            env, "offline_counter", password="offline_counter",
            groups="pickup_code.group_pickup_counter,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(cls.point.ids)])
        cls.supervisor = new_test_user(
            env, "offline_sup", password="offline_sup",
            groups="pickup_code.group_pickup_supervisor,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(cls.point.ids)])

    def _ready_code(self):
        order = self.env["sale.order"].create({
            "partner_id": self.buyer.id,
            "warehouse_id": self.point.id,
            "order_line": [Command.create({
                "product_id": self.product.id, "product_uom_qty": 1, "price_unit": 300,
            })],
        })
        with self.mockSMSGateway(sms_allow_unlink=True):
            order.action_confirm()
        code = order.pickup_code_ids
        self.assertEqual(code.state, "ready")
        self.assertEqual(code._get_required_steps_tuple(), (), "no step the tour would skip")
        return code


@tagged("post_install", "-at_install")
class TestOfflineCounterTour(OfflineCounterCommon):

    def test_offline_counter_tour(self):
        first, second = self._ready_code(), self._ready_code()
        self.env["ir.config_parameter"].sudo().set_param(
            "stock_pickup_bridge.tour_offline_tokens",
            json.dumps([first._get_signed_token(), second._get_signed_token()]))
        # As the administrator, like the other counter tours (the tokens travel as system
        # parameters, which a clerk may not read).
        admin = self.env.ref("base.user_admin")
        self.start_tour(COUNTER_URL, "pickup_offline_counter_tour", login="admin")
        _logger.info("pickup_offline_counter_tour ran in Chromium")
        first.invalidate_recordset()
        second.invalidate_recordset()
        self.assertEqual(first.state, "redeemed")
        self.assertEqual(len(first.handover_ids), 1)
        self.assertTrue(first.handover_ids.offline_date, "the counter's time is kept")
        self.assertEqual(first.handover_ids.user_id, admin)
        attempts = self.env["pickup.attempt"].search(
            [("code_id", "=", first.id), ("action", "=", "redeem")])
        self.assertEqual(attempts.mapped("channel"), ["offline"])
        # The second was collected at the other desk: once, and the conflict is an anomaly.
        self.assertEqual(second.state, "redeemed")
        self.assertEqual(second.handover_ids.station, "other-desk")
        self.assertEqual(len(second.handover_ids), 1)
        anomaly = self.env["pickup.anomaly"].search(
            [("anomaly_type", "=", "offline_conflict"), ("code_id", "=", second.id)])
        self.assertEqual(len(anomaly), 1)
        self.assertEqual(anomaly.user_id, admin)
        self.assertIn(self.supervisor, anomaly.activity_ids.user_id)
        self.assertFalse(self.env["pickup.anomaly"].search(
            [("anomaly_type", "=", "offline_conflict"), ("code_id", "=", first.id)]))


@tagged("post_install", "-at_install")
class TestOfflineCounterScreens(ScreensMixin, OfflineCounterCommon, HttpCase):
    """The counter offline with one queued hand-over, at 1280 px and on a 390 px phone:
    written to ``PICKUP_OFFLINE_SHOTS`` (default ``/tmp/pickup_offline_shots``) to look at."""

    def _offline_with_a_queued_item(self, size, name, pending_name=None):
        token = self._ready_code()._get_signed_token()
        with open_page(self, COUNTER_URL, login="offline_counter", size=size) as page:
            self._wait_for(page, ".o_pickup_counter_input")
            page.eval("""(() => {
                const { rpc, ConnectionLostError } = odoo.loader.modules.get(
                    "@web/core/network/rpc");
                rpc._rpc = (url) => Promise.reject(new ConnectionLostError(url));
                window.dispatchEvent(new Event("offline"));
                const input = document.querySelector(".o_pickup_counter_input");
                input.value = %s;
                input.dispatchEvent(new Event("input", {bubbles: true}));
                input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
                return true;
            })()""" % json.dumps(token))
            self._wait_for(page, ".o_pickup_counter_queue_handover")
            if pending_name:
                self._save(pending_name, page.screenshot(full_page=True))
            page.eval("document.querySelector('.o_pickup_counter_queue_handover').click(); true")
            self._wait_for(page, ".o_pickup_counter_offline_item[data-status='queued']")
            self.assertLessEqual(page.page_width(), size[0] + 1, "nothing wider than the screen")
            self._save(name, page.screenshot(full_page=True))

    def _save(self, name, png):
        os.makedirs(SHOT_DIR, exist_ok=True)
        path = os.path.join(SHOT_DIR, name)
        with open(path, "wb") as f:
            f.write(png)
        _logger.info("Offline counter screenshot: %s", path)

    def test_offline_counter_desktop(self):
        self._offline_with_a_queued_item((1280, 860), "counter_offline_1280.png")

    def test_offline_counter_phone(self):
        self._offline_with_a_queued_item(PHONE, "counter_offline_390.png")

    def test_offline_counter_phone_zh_tw(self):
        """The same in Traditional Chinese, with the authentic token before it is queued."""
        self.env["res.lang"]._activate_lang("zh_TW")
        self.clerk.lang = "zh_TW"
        self._offline_with_a_queued_item(PHONE, "counter_offline_390_zh_TW.png",
                                         pending_name="counter_offline_pending_390_zh_TW.png")
