from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import format_datetime

from odoo.addons.stock_pickup_bridge.tests.common import BridgeCommon


@tagged("post_install", "-at_install")
class TestPerishables(BridgeCommon):
    """Short windows, earlier reminders, overdue and temperature alerts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fresh = cls.env["product.category"].create({
            "name": "Fresh", "pickup_perishable": True, "pickup_window_hours": 24,
            "pickup_temp_controlled": True, "pickup_temp_min": 0.0, "pickup_temp_max": 7.0,
        })
        cls.bread = cls.env["product.product"].create({
            "name": "Sourdough", "is_storable": True, "list_price": 180,
            "categ_id": cls.fresh.id})
        cls.salad = cls.env["product.product"].create({
            "name": "Salad box", "is_storable": True, "list_price": 150,
            "categ_id": cls.fresh.id, "pickup_window_hours": 12})
        Quant = cls.env["stock.quant"]
        for product in (cls.bread, cls.salad):
            Quant._update_available_quantity(product, cls.point_a.lot_stock_id, 50)

    def _fresh_code(self, lines=None):
        return self._code_of(self._create_order(lines=lines or [(self.bread, 1)]))

    def _anomalies(self, anomaly_type, code=None):
        domain = [("anomaly_type", "=", anomaly_type)]
        if code:
            domain.append(("code_id", "=", code.id))
        return self.env["pickup.anomaly"].search(domain)

    def test_category_makes_products_perishable_with_their_own_window(self):
        self.assertTrue(self.bread.pickup_perishable)
        self.assertEqual(self.bread.pickup_window_hours, 24)
        self.assertEqual(self.salad.pickup_window_hours, 12, "a product may shorten it")
        self.assertFalse(self.cake.pickup_perishable)

    def test_short_window_in_hours(self):
        code = self._fresh_code()
        self.assertEqual(code.state, "ready")
        self.assertTrue(code.pickup_perishable)
        self.assertEqual(code.expiry_date, code.ready_date + timedelta(hours=24))
        mixed = self._fresh_code(lines=[(self.bread, 1), (self.salad, 1), (self.cake, 1)])
        self.assertEqual(mixed.pickup_window_hours, 12, "the most perishable product decides")
        self.assertEqual(mixed.expiry_date, mixed.ready_date + timedelta(hours=12))
        # What the buyer is told before the goods arrive: the hours, rounded up to days.
        self.assertEqual(code._get_notify_context()["pickup_window_days"], 1)
        plain = self._code_of(self._create_order())
        self.assertFalse(plain.pickup_perishable)
        self.assertEqual(plain.expiry_date, plain.ready_date + timedelta(days=7))

    def test_company_window_for_perishables_without_their_own(self):
        self.fresh.pickup_window_hours = 0
        self.company.pickup_perishable_window_hours = 36
        code = self._fresh_code()
        self.assertEqual(code.expiry_date, code.ready_date + timedelta(hours=36))

    def test_reminders_earlier_and_more_often(self):
        # Reminders go by SMS only when the company chose it (by default: e-mail).
        self.company.pickup_sms_notices = "ready_reminder"
        code = self._fresh_code()
        plain = self._code_of(self._create_order())
        Code = self.env["pickup.code"]
        ready = code.ready_date
        with freeze_time(ready + timedelta(hours=5)), self.mockSMSGateway(sms_allow_unlink=True):
            self.assertNotIn(code, Code._cron_remind(), "not yet: half the window is 12 h")
        with freeze_time(ready + timedelta(hours=12, minutes=1)), \
                self.mockSMSGateway(sms_allow_unlink=True):
            self.assertIn(code, Code._cron_remind())
            self.assertEqual(code.pickup_reminder_count, 1)
            self.assertNotIn(code, Code._cron_remind(), "the same reminder is sent once")
            self.assertNotIn(plain, Code._cron_remind(), "7-day codes wait for their day")
        with freeze_time(ready + timedelta(hours=20)), self.mockSMSGateway(sms_allow_unlink=True):
            self.assertIn(code, Code._cron_remind())
            self.assertEqual(code.pickup_reminder_count, 2)
            self.assertEqual([sms["number"] for sms in self._sms_of(code)], ["+886912345678"],
                             "the buyer gets the reminder by SMS")
        with freeze_time(ready + timedelta(hours=23)), self.mockSMSGateway(sms_allow_unlink=True):
            self.assertNotIn(code, Code._cron_remind(), "two reminders, no more")

    def test_overdue_perishable_alerts_the_point_supervisor_once(self):
        code = self._fresh_code()
        Code = self.env["pickup.code"]
        with freeze_time(code.ready_date + timedelta(hours=23)):
            self.assertFalse(Code._cron_pickup_perishable_overdue().filtered(
                lambda a: a.code_id == code))
        with freeze_time(code.ready_date + timedelta(hours=25)):
            Code._cron_expire()
            # Demo parcels may be overdue too: look at this one.
            alerts = Code._cron_pickup_perishable_overdue().filtered(lambda a: a.code_id == code)
            self.assertEqual(len(alerts), 1)
            self.assertEqual(alerts.anomaly_type, "perishable_overdue")
            self.assertEqual(alerts.activity_ids.user_id, self.supervisor,
                             "the point's supervisor gets the activity")
            self.assertFalse(Code._cron_pickup_perishable_overdue(), "once per parcel")
        self.assertEqual(len(self._anomalies("perishable_overdue", code)), 1)

    def test_out_of_range_temperature_raises_one_alert(self):
        self.point_a.partner_id.tz = "Asia/Taipei"
        code = self._fresh_code()
        Event = self.env["pickup.event"]
        Event._log(code, "in_transit", **Event._reading_values(
            {"lat": 25.0478, "lon": 121.5170}, 4.5))
        self.assertFalse(self._anomalies("temperature_excursion", code), "4.5 °C is fine")
        event = Event._log(code, "in_transit", **Event._reading_values(
            {"lat": 24.1477, "lon": 120.6736}, 12.0))
        self.assertIn("mlat=24.147700", event.map_url)
        alerts = self._anomalies("temperature_excursion", code)
        self.assertEqual(len(alerts), 1)
        self.assertIn("12.0", alerts.detail)
        self.assertIn(format_datetime(self.env, event.event_date, tz="Asia/Taipei",
                                      dt_format="short"), alerts.detail, "the point's time")
        self.assertTrue(alerts.activity_ids)
        Event._log(code, "in_transit", **Event._reading_values(None, -3.0))
        self.assertEqual(len(self._anomalies("temperature_excursion", code)), 1,
                         "one alert while the first is open")
        alerts.action_close()
        Event._log(code, "in_transit", **Event._reading_values(None, 9.0))
        self.assertEqual(len(self._anomalies("temperature_excursion", code)), 2,
                         "a later excursion, after staff closed the first, alerts again")
        cake_code = self._code_of(self._create_order())
        Event._log(cake_code, "in_transit", **Event._reading_values(None, 30.0))
        self.assertFalse(self._anomalies("temperature_excursion", cake_code),
                         "goods without a range never alert")

    def test_a_later_setting_change_keeps_issued_codes_as_told(self):
        code = self._fresh_code()
        window, deadline = code.pickup_window_hours, code.expiry_date
        category = code._get_pickup_products().filtered("pickup_perishable")[:1].categ_id
        category.pickup_window_hours = window + 48
        self.company.pickup_perishable_window_hours = 96
        self.env.flush_all()
        code.invalidate_recordset()
        self.assertEqual((code.pickup_window_hours, code.expiry_date), (window, deadline),
                         "the buyer's window does not move")
        self.assertTrue(code.pickup_perishable)
        newer = self._fresh_code()
        self.assertNotEqual(newer.pickup_window_hours, window, "new codes follow the setting")

    def test_delivery_delay_alert(self):
        order = self._create_order(point=self.empty_point, confirm=False)
        order.commitment_date = fields.Datetime.now() + timedelta(hours=2)
        order.action_confirm()
        code = self._code_of(order)
        self.assertEqual(code.state, "issued", "no goods at the empty point")
        Code = self.env["pickup.code"]
        self.assertFalse(Code._cron_pickup_delivery_late().filtered(lambda a: a.code_id == code))
        with freeze_time(fields.Datetime.now() + timedelta(hours=7)):
            late = Code._cron_pickup_delivery_late().filtered(lambda a: a.code_id == code)
            self.assertEqual(late.anomaly_type, "delivery_late")
            with self.mockSMSGateway(sms_allow_unlink=True):
                delegate = code._create_delegate("Neighbour", "0955111333", "family")
            self.assertFalse(Code._cron_pickup_delivery_late().filtered(
                lambda a: a.code_id == delegate), "the delegate's code shares the parcel")
            self.assertFalse(Code._cron_pickup_delivery_late().filtered(
                lambda a: a.code_id == code), "once per code")
