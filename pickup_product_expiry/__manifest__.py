{
    "name": "Pickup Codes - Lot Expiry",
    "summary": "Expired lots cannot be handed over; perishable windows end with their lots",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge", "product_expiry"],
    "auto_install": True,
}
