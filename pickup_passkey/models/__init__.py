from . import pickup_counter
from . import pickup_service
