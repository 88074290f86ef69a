from odoo import api, models
from odoo.exceptions import AccessError


class PickupCounter(models.AbstractModel):
    _inherit = "pickup.counter"

    @api.model
    def record_payment(self, code_id, point, method):
        """The clerk took the payment of a pay-at-pickup order (cash or card).

        Any counter staff of the code's point may, without accounting rights: the invoice
        and the Odoo payment are made as superuser for this order only
        (``pickup.payment._take``), and record the clerk.

        :param int code_id: the code being handed over (from the verify answer)
        :param str point: the pickup point's code
        :param str method: ``cash`` or ``card``
        :return: ``{"amount", "amount_text", "payment", "invoices"}``
        :raises AccessError: outside the Counter Staff group, or the code is not at the point
        """
        self._check_counter_staff()
        warehouse = self.env["pickup.service"]._check_point_access(point)
        code = self.env["pickup.code"].sudo().browse(int(code_id)).exists()
        if not code or code.warehouse_id != warehouse:
            raise AccessError(self.env._("This code is not handed over at %(point)s.",
                                         point=warehouse.code))
        if code.state not in ("issued", "ready"):
            raise AccessError(self.env._("This code can no longer be collected."))
        record = self.env["pickup.payment"]._take(code, method)
        return {
            "amount": record.amount,
            "amount_text": record.currency_id.format(record.amount),
            "payment": record.payment_id.name,
            "invoices": record.invoice_ids.mapped("name"),
        }
