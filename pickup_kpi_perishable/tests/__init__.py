from . import test_spoilage_kpi
