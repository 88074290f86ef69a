"""Tier-1 test setup: import the addons' Odoo-free ``core`` packages without Odoo.

Each addon's ``__init__.py`` imports Odoo. Registering the addon folder as a bare package
(a module object with only ``__path__``) lets ``import pickup_code.core.credential`` find
the sub-package on disk while never running that ``__init__.py``.
"""

import sys
import types
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("pickup_code", "stock_pickup_bridge", "dropship_connectors", "pickup_product_expiry",
          "pickup_passkey", "pickup_counter_ocr", "pickup_perishable", "pickup_kpi",
          "pickup_kpi_perishable", "pickup_pay_at_point", "pickup_slot",
          "pickup_website_sale_collect")

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

for _name in ADDONS:
    _addon_dir = REPO_ROOT / _name
    # Leave an already imported package alone (e.g. a run where Odoo really loaded it).
    if _addon_dir.is_dir() and _name not in sys.modules:
        _module = types.ModuleType(_name)
        _module.__path__ = [str(_addon_dir)]
        sys.modules[_name] = _module

# Properties are checked on many generated inputs, never timed: hypothesis' per-example
# deadline (200 ms) failed honest runs on a busy 2-core machine. Timing lives in tests/bench.
try:
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # tier 1 installs it; a partial environment still collects the rest
    pass
else:
    _hypothesis_settings.register_profile("pickup", deadline=None)
    _hypothesis_settings.load_profile("pickup")
