from . import pickup_kpi_fact
