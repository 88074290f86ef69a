from . import pickup_code
from . import pickup_service
