{
    "name": "Pickup Codes - Stock Bridge",
    "summary": "Pickup points, arrival scan-in, the counter screen, point dashboard and receipts",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["pickup_code", "stock", "barcodes", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/stock_warehouse_views.xml",
        "views/stock_picking_views.xml",
        "views/pickup_entitlement_views.xml",
        "views/sale_order_views.xml",
        "views/pickup_counter_views.xml",
        "report/pickup_handover_report.xml",
    ],
    "demo": ["demo/pickup_bridge_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "stock_pickup_bridge/static/src/counter/**/*",
        ],
        "web.assets_tests": [
            "stock_pickup_bridge/static/tests/tours/**/*",
        ],
    },
}
