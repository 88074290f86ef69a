from . import api
from . import portal
from . import portal_leader
