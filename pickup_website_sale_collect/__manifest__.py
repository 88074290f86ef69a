{
    "name": "Pickup Codes - Web Shop Click & Collect",
    "summary": "Glue of stock_pickup_bridge and website_sale_collect: the store a buyer chooses "
               "at checkout is the order's pickup point, the code shows on the confirmation page",
    "version": "18.0.1.0.0",
    "category": "Website/Website",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge", "website_sale_collect"],
    "data": [
        "views/website_sale_templates.xml",
    ],
    "demo": [
        "demo/website_languages_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "pickup_website_sale_collect/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
}
