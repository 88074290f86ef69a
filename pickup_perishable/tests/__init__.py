from . import test_perishables
