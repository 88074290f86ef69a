from odoo.addons.pickup_code.controllers.portal import PickupPortal
from odoo.addons.pickup_code.core import credential
from odoo.addons.website_sale.controllers.main import WebsiteSale


class PickupWebsiteSale(WebsiteSale):

    def _prepare_shop_payment_confirmation_values(self, order):
        """Override of `website_sale`: the paid order's pickup codes (QR and short code) for
        the confirmation page, or a note that they come once the payment is confirmed."""
        values = super()._prepare_shop_payment_confirmation_values(order)
        codes = order._pickup_collect_shown_codes()
        values["pickup_collect_codes"] = [self._pickup_collect_code_values(code)
                                          for code in codes]
        leaders = order._pickup_collect_leaders() if order.state == "sale" else []
        values["pickup_collect_leaders"] = [leader.name for leader in leaders]
        values["pickup_collect_waiting"] = not codes and not leaders \
            and order.state != "cancel" and bool(order.sudo()._pickup_get_points())
        return values

    @staticmethod
    def _pickup_collect_code_values(code_sudo):
        """What the page shows of one code: the QR and short code as the portal draws them
        (``PickupPortal._qr_markup``); a rotating code only links to its page, where it
        changes every 30 seconds."""
        values = {"point": code_sudo.warehouse_id, "link": code_sudo._get_link_url()}
        if not code_sudo.rotating:
            qr_text = code_sudo._get_qr_text()
            values.update({
                "short_code": credential.format_short_code(
                    code_sudo._get_credentials().short_code),
                "qr_text": qr_text,
                "qr_svg": PickupPortal._qr_markup(qr_text),
            })
        return values
