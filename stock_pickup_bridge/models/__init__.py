from . import stock_warehouse
from . import stock_picking
from . import pickup_code
from . import pickup_counter
from . import sale_order
from . import pickup_kpi_fact
from . import pickup_kpi
from . import pickup_kpi_alert
