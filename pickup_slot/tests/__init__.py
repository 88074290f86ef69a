from . import test_arrival, test_slot_booking, test_slot_concurrency, test_slot_tours
