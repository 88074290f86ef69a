from . import test_pay_at_point

