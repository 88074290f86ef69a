from . import pickup_kpi_fact
from . import pickup_kpi
from . import pickup_kpi_alert
