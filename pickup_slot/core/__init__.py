"""ORM-free rules of pickup slots and arrivals (no Odoo imports)."""
