{
    "name": "Pickup Codes - Demo Payment",
    "summary": "Demo story that can be paid: Taiwan chart of accounts, Odoo's demo payment "
               "provider, a quotation the buyer pays on the portal to receive the code",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "author": "Pickup Codes Team",
    "website": "https://github.com/pickup-codes/odoo-pickup-codes",
    "license": "LGPL-3",
    "depends": ["pickup_code", "l10n_tw", "payment_demo"],
    "demo": ["demo/pickup_demo_payment.xml"],
}
