from odoo import _, api, models


class PickupAnomaly(models.Model):
    """Alerts of the stock side (perishables, temperature, delays, inventory) for the
    supervisors of the pickup point concerned."""

    _inherit = "pickup.anomaly"

    @api.model
    def _pickup_raise_for_codes(self, codes, anomaly_type, detail, again_after_close=False):
        """One anomaly per code and type, with an activity for the point's supervisor.

        :param detail: function code -> text for the anomaly
        :param bool again_after_close: raise again once the previous one was closed
            (else one per code, ever: a cron running hourly must not repeat it)
        :return: the new anomalies
        """
        if not codes:
            return self.browse()
        domain = [("anomaly_type", "=", anomaly_type), ("code_id", "in", codes.ids)]
        if again_after_close:
            domain.append(("state", "!=", "closed"))
        alerted = self.sudo().search(domain).code_id
        todo = codes - alerted
        anomalies = self.sudo().create([{
            "anomaly_type": anomaly_type, "company_id": code.company_id.id,
            "code_id": code.id, "warehouse_id": code.warehouse_id.id, "detail": detail(code),
        } for code in todo])
        anomalies._pickup_notify_supervisor()
        return anomalies

    @api.model
    def _pickup_raise_for_point(self, warehouse, anomaly_type, detail):
        """One open anomaly per point and type (a new one once the last was closed)."""
        open_one = self.sudo().search([
            ("anomaly_type", "=", anomaly_type), ("warehouse_id", "=", warehouse.id),
            ("code_id", "=", False), ("state", "!=", "closed")], limit=1)
        if open_one:
            open_one.message_post(body=detail)
            return self.browse()
        anomaly = self.sudo().create({
            "anomaly_type": anomaly_type, "company_id": warehouse.company_id.id,
            "warehouse_id": warehouse.id, "detail": detail,
        })
        anomaly._pickup_notify_supervisor()
        return anomaly

    def _pickup_notify_supervisor(self):
        for anomaly in self.filtered("warehouse_id"):
            supervisor = anomaly.warehouse_id._get_pickup_supervisor()
            if supervisor:
                anomaly.activity_schedule(
                    "mail.mail_activity_data_warning", user_id=supervisor.id,
                    summary=_("Pickup alert: %(name)s", name=anomaly.name),
                    note=anomaly.detail or "")
