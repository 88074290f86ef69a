{
    "name": "Pickup Codes - Slots and Arrivals",
    "summary": "Pickup slots with capacity (orders or volume) chosen by the buyer, reminders, "
               "no-shows, and \"I'm here\": a live arrival queue on the counter screen",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge", "bus"],
    "data": [
        "security/ir.model.access.csv",
        "security/pickup_slot_rules.xml",
        "data/ir_cron_data.xml",
        "data/notify_template_data.xml",
        "views/pickup_slot_views.xml",
        "views/stock_warehouse_views.xml",
        "views/pickup_entitlement_views.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/pickup_slot_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "pickup_slot/static/src/counter/**/*",
        ],
        "web.assets_tests": [
            "pickup_slot/static/tests/tours/**/*",
        ],
    },
    # Optional for a seller (a point without queues needs none of it): installed on purpose.
}
