from . import test_dropship_connector
