from . import test_stock_warehouse
