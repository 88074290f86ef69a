{
    "name": "Pickup Codes - KPIs for Perishables",
    "summary": "Glue of pickup_kpi and pickup_perishable: the spoilage KPI counts perishable codes",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["pickup_kpi", "pickup_perishable"],
    "auto_install": True,
}
