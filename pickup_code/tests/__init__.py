from . import test_pickup_lifecycle
from . import test_pickup_notify
from . import test_pickup_verdicts
from . import test_pickup_security
from . import test_pickup_http
from . import test_pickup_hostile_input
from . import test_pickup_access_matrix
from . import test_pickup_approval
