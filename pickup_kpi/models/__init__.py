# The daily aggregates first: the scan report's view reads their table.
from . import pickup_kpi_daily
from . import pickup_kpi_fact
from . import pickup_kpi
from . import pickup_kpi_alert
