"""ORM-free rules of the counter's ID-document OCR (no Odoo imports)."""
