import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.pickup_code.core import local_time

from .common import SlotCommon


@tagged("post_install", "-at_install")
class TestSlotBooking(SlotCommon):

    def test_slots_follow_opening_hours_in_the_points_time(self):
        slots = self.point_a._pickup_slot_ensure()
        self.assertTrue(slots)
        for slot in slots:
            start = local_time.to_local(slot.start, "Asia/Taipei")
            self.assertTrue(9 <= start.hour <= 20, "a slot starts within 09:00-21:00 Taipei")
            self.assertEqual(slot.stop - slot.start, timedelta(hours=1))
            self.assertGreater(slot.start, fields.Datetime.now())
        again = self.point_a._pickup_slot_ensure()
        self.assertEqual(again, slots, "laid out once: a second call adds nothing")

    def test_book_until_full_then_refused(self):
        slot = self._slot(capacity=2)
        first, second, third = (self._entitlement(self._create_order()) for _ in range(3))
        first._pickup_book_slot(slot)
        second._pickup_book_slot(slot)
        self.assertEqual(slot.booked, 2)
        self.assertTrue(slot.is_full)
        with self.assertRaisesRegex(UserError, "full"):
            third._pickup_book_slot(slot)
        self.assertFalse(third.pickup_slot_id)
        self.assertTrue(first._pickup_book_slot(slot), "booking the same slot again is a no-op")
        self.assertEqual(slot.booked, 2)

    def test_past_slot_refused(self):
        slot = self._slot(hours_from_now=-2)
        entitlement = self._entitlement(self._create_order())
        with self.assertRaisesRegex(UserError, "no longer"):
            entitlement._pickup_book_slot(slot)
        self.assertEqual(slot.booked, 0)

    def test_preparation_delay_on_the_portal(self):
        self.point_a.pickup_slot_prep_minutes = 240
        slot = self._slot(hours_from_now=2)
        entitlement = self._entitlement(self._create_order())
        with self.assertRaises(UserError):
            entitlement._pickup_book_slot(
                slot, earliest=self.point_a._pickup_slot_earliest())
        self.assertFalse(any(s.start < fields.Datetime.now() + timedelta(hours=4)
                             for s in self.point_a._pickup_slot_ensure()))

    def test_cancel_releases_the_place(self):
        slot = self._slot(capacity=1)
        order = self._create_order()
        entitlement = self._entitlement(order)
        entitlement._pickup_book_slot(slot)
        self.assertTrue(slot.is_full)
        order._action_cancel()
        self.assertEqual(entitlement.state, "revoked")
        self.assertFalse(entitlement.pickup_slot_id)
        self.assertEqual(slot.booked, 0)
        self._entitlement(self._create_order())._pickup_book_slot(slot)  # free again

    def test_change_of_slot_gives_the_old_one_back(self):
        early, late = self._slot(hours_from_now=3), self._slot(hours_from_now=6)
        entitlement = self._entitlement(self._create_order())
        entitlement._pickup_book_slot(early)
        entitlement._pickup_book_slot(late)
        self.assertEqual((early.booked, late.booked), (0, 1))
        self.assertEqual(entitlement.pickup_slot_id, late)

    def test_volume_units(self):
        self.point_a.pickup_slot_unit = "volume"
        self.cake.pickup_volume = 1.5
        slot = self._slot(capacity=4)
        big = self._entitlement(self._create_order(lines=[(self.cake, 2)]))  # 3 units
        small = self._entitlement(self._create_order(lines=[(self.cake, 1)]))  # 1.5
        big._pickup_book_slot(slot)
        self.assertEqual(slot.booked, 3)
        with self.assertRaisesRegex(UserError, "full"):
            small._pickup_book_slot(slot)

    def test_other_point_and_closed_entitlement_refused(self):
        slot_b = self._slot(point=self.point_b)
        entitlement = self._entitlement(self._create_order())
        with self.assertRaisesRegex(UserError, "not offered"):
            entitlement._pickup_book_slot(slot_b)

    def test_staff_books_from_the_entitlement(self):
        slot = self._slot()
        entitlement = self._entitlement(self._create_order())
        action = entitlement.with_user(self.counter_a).action_pickup_set_slot()
        self.assertEqual(action["res_model"], "pickup.slot")
        slot.with_user(self.counter_a).with_context(
            pickup_slot_entitlement_id=entitlement.id).action_pickup_book()
        self.assertEqual(entitlement.pickup_slot_id, slot)
        # Counter staff of another point neither see the slot nor book for the order.
        with self.assertRaises(AccessError):
            slot.with_user(self.counter_b).with_context(
                pickup_slot_entitlement_id=entitlement.id).action_pickup_book()

    def test_reminder_before_the_slot_through_the_code_notifications(self):
        self.company.pickup_sms_notices = "ready_reminder"  # reminders go by SMS too
        slot = self._slot(hours_from_now=0.5)
        order = self._create_order()
        entitlement = self._entitlement(order)
        self.assertEqual(entitlement.state, "ready")
        entitlement._pickup_book_slot(slot)
        with self.mockSMSGateway(sms_allow_unlink=True):
            reminded = self.env["pickup.entitlement"]._cron_pickup_slot_remind()
        self.assertIn(entitlement, reminded)
        self.assertTrue(entitlement.pickup_slot_reminded)
        code = self._code_of(order)
        label = slot.with_context(lang=self.buyer.lang)._label()
        self.assertTrue(any(label in sms["body"] for sms in self._sms_of(code)),
                        "the SMS names the slot")
        with self.mockSMSGateway(sms_allow_unlink=True):
            again = self.env["pickup.entitlement"]._cron_pickup_slot_remind()
        self.assertNotIn(entitlement, again, "one reminder per slot")

    def test_no_shows_counted_after_the_slot(self):
        slot = self._slot(hours_from_now=-3)
        came, missed = (self._entitlement(self._create_order()) for _ in range(2))
        (came | missed).sudo().write({"pickup_slot_id": slot.id, "pickup_slot_load": 1})
        code = came.code_ids[:1]
        self.env["pickup.handover"].sudo().create({
            "code_id": code.id, "warehouse_id": self.point_a.id, "user_id": self.env.uid,
            "handover_date": slot.stop - timedelta(minutes=10)})
        self.env["pickup.slot"]._cron_count_no_shows()
        self.assertFalse(came.pickup_slot_no_show)
        self.assertTrue(missed.pickup_slot_no_show)
        self.assertEqual(slot.no_show_count, 1)
        self.assertEqual(slot.entitlement_count, 2)

    def test_portal_user_books_only_own_pickup(self):
        new_test_user(self.env, "pk_slot_portal1", groups="base.group_portal",
                      partner_id=self.buyer.id, name=self.buyer.name)
        new_test_user(self.env, "pk_slot_portal2", groups="base.group_portal",
                      partner_id=self.buyer2.id, name=self.buyer2.name)
        slot = self._slot()
        code = self._code_of(self._create_order())
        # Another buyer, with a valid form token of their own, cannot book it.
        self.authenticate("pk_slot_portal2", "pk_slot_portal2")
        own = self._code_of(self._create_order(partner=self.buyer2))
        csrf = self._csrf_in(self.url_open("/my/pickups/%s" % own.id).text)
        response = self.url_open("/my/pickups/%s/slot" % code.id, data={
            "csrf_token": csrf, "slot_id": slot.id}, allow_redirects=False)
        self.assertNotIn("slot=ok", response.headers.get("Location", ""))
        self.assertFalse(code.entitlement_id.pickup_slot_id, "another buyer cannot book it")
        # The buyer sees the slot and books it.
        self.authenticate("pk_slot_portal1", "pk_slot_portal1")
        page = self.url_open("/my/pickups/%s" % code.id)
        self.assertIn('data-slot-id="%s"' % slot.id, page.text)
        response = self.url_open("/my/pickups/%s/slot" % code.id, data={
            "csrf_token": self._csrf_in(page.text), "slot_id": slot.id},
            allow_redirects=False)
        self.assertIn("slot=ok", response.headers.get("Location", ""))
        self.assertEqual(code.entitlement_id.pickup_slot_id, slot)

    @staticmethod
    def _csrf_in(html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
