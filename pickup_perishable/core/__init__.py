"""ORM-free rules of perishable goods (no Odoo imports)."""
