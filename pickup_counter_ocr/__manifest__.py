{
    "name": "Pickup Codes - ID Document OCR",
    "summary": "Counter ID step: read the collector's ID document from a photo (Tesseract OCR), "
               "and keep ID photos for a set retention period",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["stock_pickup_bridge"],
    # The Tesseract binary itself (Debian: tesseract-ocr, -chi-tra, -eng) is optional: without
    # it the button is hidden and the ID step is typed (`make ocr` installs it).
    "external_dependencies": {"python": ["pytesseract"]},
    "data": [
        "data/ir_cron_data.xml",
        "views/pickup_handover_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "pickup_counter_ocr/static/src/counter/**/*",
        ],
        "web.assets_tests": [
            "pickup_counter_ocr/static/tests/tours/**/*",
        ],
    },
    # Optional for a seller (a Python dependency, photos of ID documents): installed on purpose.
}
