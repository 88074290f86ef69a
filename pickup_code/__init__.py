from . import controllers
from . import openapi
from . import models
from . import wizards
