{
    "name": "Pickup Codes - Passkey Approval",
    "summary": "The second person approves high-value hand-overs with a passkey (fingerprint "
               "or face) instead of password + PIN",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge", "auth_passkey"],
    "assets": {
        "web.assets_backend": [
            "pickup_passkey/static/src/counter/**/*",
        ],
        "web.assets_tests": [
            "pickup_passkey/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
}
