from . import test_dropship_connector
from . import test_dropship_flow
from . import test_dropship_access
