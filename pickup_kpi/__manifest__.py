{
    "name": "Pickup Codes - KPIs",
    "summary": "Pickup KPIs and analysis: dashboard (rates, lead times, trends, outliers), "
               "pickup and scan analysis reports, KPI alert rules and alerts",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge"],
    "data": [
        "security/ir.model.access.csv",
        "security/pickup_kpi_rules.xml",
        "data/ir_cron_data.xml",
        "views/pickup_kpi_views.xml",
    ],
    "demo": ["demo/pickup_kpi_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "pickup_kpi/static/src/kpi_dashboard/**/*",
        ],
        "web.assets_tests": [
            "pickup_kpi/static/tests/tours/**/*",
        ],
    },
    # Optional for a seller (the pickups work without analysis): installed on purpose.
}
