from . import pickup_code_revoke_wizard
from . import pickup_bulk_issue_wizard
from . import pickup_delegate_wizard
from . import pickup_approval_pin_wizard
