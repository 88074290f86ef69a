from markupsafe import Markup, escape

from odoo import models


class PickupCode(models.Model):
    _inherit = "pickup.code"

    def _get_notify_context(self):
        """Override of `pickup_code`: the amount due of an order paid at the pickup point
        (``pickup_amount_due``, formatted; empty when nothing is due)."""
        ctx = super()._get_notify_context()
        ctx["pickup_amount_due"] = self._pickup_amount_due_text()
        return ctx

    def _pickup_amount_due_text(self):
        """The amount due at the counter, formatted, or '' (notices and portal show it)."""
        self.ensure_one()
        order = self.sudo().sale_order_id
        due = order._pickup_get_amount_due() if order.pickup_pay_at_point else 0.0
        return order.currency_id.format(due) if due else ""

    def _pickup_amount_due_notice(self, amount):
        """The line a notice adds, in the buyer's language."""
        env = self.with_context(lang=self.partner_id.lang or "en_US").env
        return env._("Pay %(amount)s at the pickup point (cash or card).", amount=amount)

    def _render_pickup_sms(self, template_kind, ctx):
        """Override of `pickup_code`: the SMS of an order paid at the pickup point says
        what to pay (one more segment only for these orders)."""
        body = super()._render_pickup_sms(template_kind, ctx)
        amount = ctx.get("pickup_amount_due")
        if body and amount:
            body = "%s %s" % (body, self._pickup_amount_due_notice(amount))
        return body

    def _send_pickup_mail(self, kind, ctx, now=False):
        """Override of `pickup_code`: the e-mail of an order paid at the pickup point
        starts with what to pay (the templates stay those of `pickup_code`)."""
        mail = super()._send_pickup_mail(kind, ctx, now=now)
        amount = ctx.get("pickup_amount_due")
        if mail and amount:
            notice = Markup('<p class="pickup-amount-due"><strong>%s</strong></p>') % escape(
                self._pickup_amount_due_notice(amount))
            mail.body_html = notice + Markup(mail.body_html or "")
        return mail
