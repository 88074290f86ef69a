"""ORM-free KPI formulas and statistics (no Odoo imports)."""
