from . import sale_order
from . import pickup_payment
from . import pickup_service
from . import pickup_counter
from . import pickup_code
