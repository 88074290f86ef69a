{
    "name": "Pickup Codes - Pay at Pickup",
    "summary": "Orders paid at the pickup point (取貨付款): the counter takes the payment "
               "before the hand-over; cash-up per point and clerk",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/pickup_payment_rules.xml",
        "views/pickup_payment_views.xml",
        "views/sale_order_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "pickup_pay_at_point/static/src/counter/**/*",
        ],
        "web.assets_tests": [
            "pickup_pay_at_point/static/tests/tours/**/*",
        ],
    },
}
