"""Times read at the point's clock (Asia/Taipei), and closing days / hours that act."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.pickup_code.core import local_time

from .common import BridgeCommon

TAIPEI = "Asia/Taipei"


@tagged("post_install", "-at_install")
class TestPickupLocalTime(BridgeCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point_a.pickup_tz = TAIPEI
        cls.portal_user = new_test_user(cls.env, "pk_tz_portal", groups="base.group_portal",
                                        partner_id=cls.buyer.id)

    def test_point_zone_defaults_from_its_country(self):
        partner = self.env["res.partner"].create({
            "name": "Kaohsiung point", "country_id": self.env.ref("base.tw").id})
        point = self.env["stock.warehouse"].create({
            "name": "KHH", "code": "KHH", "is_pickup_point": True, "partner_id": partner.id})
        self.assertEqual(point.pickup_tz, TAIPEI)

    def test_taipei_deadline_in_sms_portal_and_refusal_in_taipei_time(self):
        code = self._code_of(self._create_order())
        # 22:30 UTC is 06:30 the next morning at the Taipei point (the example).
        code.sudo().expiry_date = datetime(2030, 12, 2, 22, 30)
        self.assertEqual(code._get_notify_context()["pickup_deadline"], "2030-12-03 06:30")
        # A buyer whose own clock is elsewhere reads the zone with it.
        self.buyer.tz = "Europe/Brussels"
        self.assertEqual(code._get_notify_context()["pickup_deadline"],
                         "2030-12-03 06:30 (UTC+8)")
        self.buyer.tz = False
        code.company_id.pickup_sms_notices = "ready_reminder"  # reminders by SMS as well
        with self.mockSMSGateway(sms_allow_unlink=True):
            code._notify_buyer("reminder", now=True)
        body = " ".join(sms["body"] for sms in self._sms_of(code))
        self.assertIn("2030-12-03 06:30", body)
        self.assertNotIn("2030-12-02 22:30", body)

        self.authenticate("pk_tz_portal", "pk_tz_portal")
        page = self.url_open("/my/pickups/%s" % code.id).text
        self.assertIn("06:30", page)
        self.assertIn("(UTC+8)", page)
        self.assertNotIn("22:30", page)

        self.assertEqual(self._service().redeem(self._short(code), "PTA")["reason"], "ok")
        handed = code.entitlement_id.last_handover_id.handover_date
        again = self._service().redeem(self._short(code), "PTA")
        self.assertEqual(again["reason"], "already_redeemed")
        taipei = local_time.format_local(handed, TAIPEI)
        self.assertEqual(again["details"]["redeemed_at"], taipei)
        self.assertIn(taipei, again["message"])
        self.assertNotIn(handed.strftime("%Y-%m-%d %H:%M"), again["message"])

    def test_expired_refusal_in_taipei_time(self):
        code = self._code_of(self._create_order())
        code.sudo().write({"expiry_date": datetime(2020, 5, 1, 16, 0)})
        code.sudo()._cron_expire()
        refused = self._service().verify(self._short(code), "PTA")
        self.assertEqual(refused["reason"], "expired")
        self.assertEqual(refused["details"]["expiry"], "2020-05-02 00:00")


@tagged("post_install", "-at_install")
class TestPickupClosingDaysAct(BridgeCommon):
    """Mon–Sat 10:00–20:00 at a Taipei point, closed 2030-02-04/05 (Monday, Tuesday)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({
            "name": "Mon–Sat 10-20", "tz": TAIPEI,
            "attendance_ids": [Command.clear()] + [Command.create({
                "name": str(day), "dayofweek": str(day), "hour_from": 10, "hour_to": 20,
                "day_period": "afternoon"}) for day in range(6)],
        })
        cls.point_a.write({
            "pickup_tz": TAIPEI, "pickup_calendar_id": cls.calendar.id,
            "pickup_closing_days": "2030-02-04  # Lunar New Year\n2030-02-05",
            "pickup_window_days": 2,
        })

    def test_deadline_on_a_closing_day_moves_to_next_open_days_closing(self):
        # Ready Saturday 2030-02-02 11:00 Taipei (03:00 UTC); two days on is Monday 11:00,
        # a closing day, and so is Tuesday: Wednesday 20:00 Taipei (12:00 UTC).
        with freeze_time("2030-02-02 03:00:00"):
            order = self._create_order(confirm=False)
            with self.mockSMSGateway(sms_allow_unlink=True):
                order.action_confirm()
                self._send_queued_notifications()
            code = self._code_of(order)
        self.assertEqual(code.state, "ready")
        self.assertEqual(code.expiry_date, datetime(2030, 2, 6, 12, 0))
        # The buyer is told the real last day.
        self.assertEqual(code._get_notify_context()["pickup_deadline"], "2030-02-06 20:00")

    def test_deadline_after_hours_and_on_sunday_moves(self):
        code = self._code_of(self._create_order())
        # Ready Thursday 2030-03-07 21:30 Taipei: Saturday 21:30 is after hours, Sunday is
        # closed: Monday 20:00 Taipei.
        ready_at = datetime(2030, 3, 7, 13, 30)
        self.assertEqual(code._get_pickup_deadline(ready_at), datetime(2030, 3, 11, 12, 0))
        # Inside the hours it stands.
        ready_at = datetime(2030, 3, 7, 4, 0)  # Thursday 12:00 Taipei -> Saturday 12:00
        self.assertEqual(code._get_pickup_deadline(ready_at), ready_at + timedelta(days=2))

    def test_global_time_off_of_the_calendar_closes_the_point(self):
        self.env["resource.calendar.leaves"].create({
            "name": "Typhoon day", "calendar_id": self.calendar.id,
            "date_from": datetime(2030, 3, 12, 16, 0),  # Wednesday 13 00:00 Taipei
            "date_to": datetime(2030, 3, 13, 15, 59, 59)})
        self.assertFalse(self.point_a._pickup_is_open(datetime(2030, 3, 13).date()))
        self.assertTrue(self.point_a._pickup_is_open(datetime(2030, 3, 14).date()))

    def test_reminder_cron_skips_a_closed_day(self):
        code = self._code_of(self._create_order())
        # Deadline Wednesday 2030-02-06 20:00 Taipei; the reminder (one day before by the
        # company's setting) would be due on Tuesday, a closing day.
        self.company.pickup_reminder_days = 1
        code.sudo().write({"expiry_date": datetime(2030, 2, 6, 12, 0), "reminder_sent": False})
        with freeze_time("2030-02-05 13:00:00"):  # Tuesday 21:00 Taipei: closed
            with self.mockSMSGateway(sms_allow_unlink=True):
                self.assertNotIn(code, self.env["pickup.code"]._cron_remind())
        self.assertFalse(code.reminder_sent)
        with freeze_time("2030-02-06 01:00:00"):  # Wednesday 09:00 Taipei: open day
            with self.mockSMSGateway(sms_allow_unlink=True):
                self.assertIn(code, self.env["pickup.code"]._cron_remind())
        self.assertTrue(code.reminder_sent)

    def test_return_cron_skips_a_closed_day(self):
        code = self._code_of(self._create_order())
        code.sudo().write({"expiry_date": datetime(2030, 2, 1, 12, 0)})
        Warehouse = self.env["stock.warehouse"]
        with freeze_time("2030-02-04 04:00:00"):  # Monday noon Taipei, a closing day
            Warehouse._cron_propose_returns()
        self.assertFalse(code.return_picking_id)
        with freeze_time("2030-02-06 04:00:00"):  # Wednesday, open
            Warehouse._cron_propose_returns()
        self.assertTrue(code.return_picking_id)

    def test_closing_day_added_later_moves_ready_deadlines(self):
        code = self._code_of(self._create_order())
        # Thursday 2031-01-09 15:00 Taipei, inside the hours; then a typhoon closes that day.
        code.sudo().expiry_date = datetime(2031, 1, 9, 7, 0)
        self.point_a.pickup_closing_days += "\n2031-01-09  # typhoon"
        self.assertEqual(code.expiry_date, datetime(2031, 1, 10, 12, 0))  # Friday 20:00
        self.assertEqual(code._get_notify_context()["pickup_deadline"], "2031-01-10 20:00")
        # Removing it does not shorten what the buyer was told.
        self.point_a.pickup_closing_days = "2030-02-04"
        self.assertEqual(code.expiry_date, datetime(2031, 1, 10, 12, 0))
