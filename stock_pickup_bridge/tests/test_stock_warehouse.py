from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPickupPointWarehouse(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls.env["stock.warehouse"].create({
            "name": "Bridge point", "code": "BRP", "is_pickup_point": True,
        })

    def test_closing_days_close_the_point(self):
        self.point.pickup_closing_days = "2026-02-16  # Lunar New Year\n\n2026-02-17"
        self.assertFalse(self.point._pickup_is_open(date(2026, 2, 16)))
        self.assertTrue(self.point._pickup_is_open(date(2026, 2, 18)))

    def test_closing_days_refuse_text_that_is_not_a_date(self):
        with self.assertRaises(ValidationError):
            self.point.pickup_closing_days = "next monday"

    def test_negative_pickup_window_is_refused(self):
        with self.assertRaises(ValidationError):
            self.point.pickup_window_days = -1
