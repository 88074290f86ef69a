"""ORM-free rules of the stock bridge (no Odoo imports)."""
