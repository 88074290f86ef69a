from . import res_company
from . import product
from . import pickup_anomaly
from . import pickup_code
from . import pickup_event
