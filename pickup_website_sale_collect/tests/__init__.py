from . import test_collect_checkout
from . import test_collect_tour
from . import test_collect_adversarial
