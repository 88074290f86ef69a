from . import pickup_anomaly
from . import pickup_code
from . import pickup_service
