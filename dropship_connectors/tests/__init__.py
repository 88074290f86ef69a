from . import test_dropship_connector
from . import test_dropship_flow
