from datetime import timedelta
from unittest.mock import patch

from odoo.sql_db import TestCursor
from odoo.tests import new_test_user, tagged

from odoo.addons.bus.models.bus import channel_with_db, dispatch, hashable
from odoo.addons.bus.websocket import WebsocketConnectionHandler

from odoo.addons.pickup_code.tests.browser import (
    ScreensMixin,
    activate_buyer_lang,
    open_page,
    png_size,
    save_screenshot,
)

from .common import SlotCommon


@tagged("post_install", "-at_install")
class TestSlotTours(ScreensMixin, SlotCommon):
    """In Chromium: buyers book a slot until it is full; "I'm here" reaches the counter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_the_bus()
        cls.buyer3 = cls.env["res.partner"].create({
            "name": "Buyer Three", "mobile": "0933444555", "email": "buyer3@example.com"})
        for login, partner in (("pk_slot_b1", cls.buyer), ("pk_slot_b2", cls.buyer2),
                               ("pk_slot_b3", cls.buyer3)):
            new_test_user(cls.env, login, password=login, groups="base.group_portal",
                          partner_id=partner.id, name=partner.name)

    @classmethod
    def _open_the_bus(cls):
        """Odoo's bus in a browser test: websockets are off in test mode (Odoo's own
        WebsocketCase turns them on the same way), and a test cursor never runs the
        ``NOTIFY imbus`` of a commit, so the websockets of the channels a request wrote to
        are told right after its commit, as the bus's listener would tell them."""
        cls.startClassPatcher(patch.object(WebsocketConnectionHandler, "websocket_allowed",
                                           return_value=True))
        commit = TestCursor.commit
        dbname = cls.env.cr.dbname

        def commit_and_notify(cursor):
            channels = list(cursor.postcommit.data.get("bus.bus.channels", ()))
            commit(cursor)
            for channel in channels:
                for websocket in list(dispatch._channels_to_ws.get(
                        hashable(channel_with_db(dbname, channel)), ())):
                    websocket.trigger_notification_dispatching()

        cls.startClassPatcher(patch.object(TestCursor, "commit", commit_and_notify))

    def _only_one_free_slot(self, capacity=2):
        """Every slot of the point full but one (the tours click what is free)."""
        slots = self.point_a._pickup_slot_ensure()
        self.assertGreater(len(slots), 1)
        target = slots[len(slots) // 2]
        (slots - target).write({"capacity": 1})
        (slots - target).flush_recordset()
        self.env.cr.execute("UPDATE pickup_slot SET booked = capacity WHERE id = ANY(%s)",
                            [(slots - target).ids])
        target.capacity = capacity
        slots.invalidate_recordset(["booked"])
        return target

    def test_booking_until_full_tour(self):
        target = self._only_one_free_slot(capacity=2)
        codes = {login: self._code_of(self._create_order(partner=partner))
                 for login, partner in (("pk_slot_b1", self.buyer), ("pk_slot_b2", self.buyer2),
                                        ("pk_slot_b3", self.buyer3))}
        for login in ("pk_slot_b1", "pk_slot_b2"):
            self.start_tour("/my/pickups/%s" % codes[login].id, "pickup_slot_book_tour",
                            login=login)
            self.assertEqual(codes[login].entitlement_id.pickup_slot_id, target)
        target.invalidate_recordset(["booked"])
        self.assertEqual(target.booked, 2)
        self.start_tour("/my/pickups/%s" % codes["pk_slot_b3"].id, "pickup_slot_full_tour",
                        login="pk_slot_b3")
        self.assertFalse(codes["pk_slot_b3"].entitlement_id.pickup_slot_id)

    def test_arrival_reaches_the_counter_tour(self):
        order = self._create_order()
        code = self._code_of(order)
        entitlement = code.entitlement_id
        self.assertEqual(entitlement.state, "ready")
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("pickup_slot.tour_link", "/p/%s" % code._get_link_token())
        params.set_param("pickup_slot.tour_parcel", entitlement.package_id.name or order.name)
        params.set_param("pickup_slot.tour_code", code._get_credentials().short_code)
        self.start_tour("/odoo/action-stock_pickup_bridge.action_pickup_counter",
                        "pickup_slot_arrival_tour", login="admin")
        self.assertTrue(entitlement.pickup_arrival_date)
        self.assertTrue(entitlement.pickup_served_date)
        self.assertEqual(entitlement.state, "redeemed")

    def test_screens(self):
        """The slot picker on a phone (390 px) and the counter's queue (desktop)."""
        target = self._only_one_free_slot(capacity=3)
        code = self._code_of(self._create_order())
        other = self._create_order(partner=self.buyer2)
        self._code_of(other).entitlement_id._pickup_book_slot(target)
        with open_page(self, "/my/pickups/%s" % code.id, login="pk_slot_b1") as page:
            self._wait_for(page, ".pickup-slot-picker")
            self.assertLessEqual(page.page_width(), 390 + 1, "no horizontal scroll at 390 px")
            png = page.screenshot(full_page=True)
            self.assertEqual(png_size(png)[0], 390 * 2)
            save_screenshot(__file__, "portal_slot_picker.png", png)
        # The buyer's own language: the page's slot picker in Traditional Chinese.
        if self.env["res.lang"]._lang_get("zh_TW"):
            activate_buyer_lang(self.env, "zh_TW")
            self.env["res.users"].search([("login", "=", "pk_slot_b1")]).lang = "zh_TW"
            with open_page(self, "/my/pickups/%s" % code.id, login="pk_slot_b1") as page:
                self._wait_for(page, ".pickup-slot-picker")
                self.assertIn("取貨時間", page.eval("document.body.innerText"))
                self.assertIn("已滿", page.eval("document.body.innerText"))
                save_screenshot(__file__, "portal_slot_picker_zh_TW.png",
                                page.screenshot(full_page=True))
        for minutes, order in ((7, other), (2, self._create_order(partner=self.buyer3))):
            entitlement = self._code_of(order).entitlement_id
            entitlement._pickup_mark_arrived()
            entitlement.pickup_arrival_date -= timedelta(minutes=minutes)
        with open_page(self, "/odoo/action-stock_pickup_bridge.action_pickup_counter",
                       login="admin", size=(1280, 800)) as page:
            self._wait_for(page, ".o_pickup_slot_arrival")
            page.eval("(() => { const s = document.querySelector("
                      "'.o_pickup_counter_point_select'); if (s && s.value !== 'PTA') { "
                      "s.value = 'PTA'; s.dispatchEvent(new Event('change')); } return true; })()")
            self._wait_for(page, ".o_pickup_slot_arrival + .o_pickup_slot_arrival")
            save_screenshot(__file__, "counter_arrivals.png", page.screenshot())
