{
    "name": "Pickup Codes - Stock Bridge",
    "summary": "Pickup points on warehouses, arrival scan-in and the pickup point overview",
    "version": "18.0.0.1.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["pickup_code", "stock", "barcodes"],
    "data": [
        "security/ir.model.access.csv",
        "views/stock_warehouse_views.xml",
    ],
    "installable": True,
    "auto_install": False,
}
