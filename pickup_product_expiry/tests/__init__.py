from . import test_goods_expired
