from . import res_company
from . import pickup_counter
from . import pickup_handover
from . import pickup_service
