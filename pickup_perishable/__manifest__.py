{
    "name": "Pickup Codes - Perishables",
    "summary": "Perishable goods: pickup windows in hours, earlier reminders, overdue, "
               "temperature and late-delivery alerts",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge"],
    "data": [
        "data/ir_cron_data.xml",
        "views/perishable_views.xml",
    ],
    "demo": ["demo/pickup_perishable_demo.xml"],
    "post_init_hook": "post_init_hook",
    # Optional for a seller (only fresh goods need it): installed on purpose.
}
