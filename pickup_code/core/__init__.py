"""Pure decision logic for pickup codes; imports nothing from Odoo (see DESIGN.md)."""
