from . import test_pickup_kpi
from . import test_kpi_local_time
from . import test_readonly_routes
from . import test_screens
from . import test_kpi_daily
from . import test_kpi_leader
