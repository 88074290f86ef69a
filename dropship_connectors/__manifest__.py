{
    "name": "Pickup Codes - Drop-ship Connectors",
    "summary": "Drop-ship vendor backends that deliver to pickup points",
    "version": "18.0.1.0.0",
    "category": "Inventory/Purchase",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["pickup_code", "stock_dropshipping", "purchase_stock"],
    "data": [
        "security/dropship_security.xml",
        "security/ir.model.access.csv",
        "security/dropship_rules.xml",
        "data/ir_cron_data.xml",
        "views/dropship_connector_views.xml",
    ],
    "demo": ["demo/dropship_demo.xml"],
}
