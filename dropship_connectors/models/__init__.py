from . import dropship_connector
