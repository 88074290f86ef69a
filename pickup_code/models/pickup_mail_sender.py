from odoo import models


class PickupMailSender(models.AbstractModel):
    """Chatter and notifications of pickup records work for staff without an e-mail address.

    Counter clerks and supervisors often have no personal e-mail. Odoo refuses to post a
    message whose author has none ("Unable to send message, please configure the sender's
    email address"), which would block an unlock, a re-send or naming a delegate. The author
    stays the user; the address falls back to the pickup point's, then the company's, then
    Odoo's default sender.
    """

    _name = "pickup.mail.sender.mixin"
    _inherit = ["mail.thread"]
    _description = "Pickup sender address fallback"

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        author_id, email_from = super()._message_compute_author(
            author_id, email_from, raise_on_email=False)
        return author_id, email_from or self._pickup_sender_address()

    def _pickup_sender_address(self):
        """The formatted address messages of these records go out from when the user has none."""
        point = self[:1].warehouse_id if "warehouse_id" in self._fields else None
        company = (self[:1].company_id if "company_id" in self._fields else None) \
            or self.env.company
        return (point and point.sudo().partner_id.email_formatted) \
            or company.email_formatted \
            or self.env["ir.mail_server"].sudo()._get_default_from_address() or False
