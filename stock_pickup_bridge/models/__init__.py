from . import stock_warehouse
