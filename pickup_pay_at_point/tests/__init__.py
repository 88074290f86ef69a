from . import test_pay_at_point
from . import test_pay_at_point_tour
