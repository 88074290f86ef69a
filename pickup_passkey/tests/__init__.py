from . import test_passkey_approval
