from . import test_stock_warehouse
from . import test_arrival_and_handover
from . import test_point_dashboard
from . import test_pickup_kpi
from . import test_counter_tour
from . import test_inventory_anomalies
from . import test_plain_odoo_users
from . import test_parcel_per_order
