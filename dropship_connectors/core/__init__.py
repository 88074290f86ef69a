"""ORM-free rules of the drop-ship connectors (no Odoo imports)."""
