from datetime import timedelta

from odoo import api, fields, models

from ..core import kpi

KPI_SELECTION = [(name, definition["label"]) for name, definition in kpi.KPI_DEFINITIONS.items()]


class PickupKpiAlertRule(models.Model):
    """A threshold on a KPI, evaluated by a cron: one alert per breach, closed on recovery."""

    _name = "pickup.kpi.alert.rule"
    _description = "Pickup KPI alert rule"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    kpi = fields.Selection(KPI_SELECTION, string="KPI", required=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point",
                                   help="Empty: the whole company.")
    window_days = fields.Integer("Window (days)", default=7, required=True)
    comparison = fields.Selection([(">", "above"), ("<", "below")], default=">", required=True)
    threshold = fields.Float(required=True, digits=(16, 6))
    group_id = fields.Many2one("res.groups", string="Responsible group", required=True,
                               default=lambda self: self.env.ref(
                                   "pickup_code.group_pickup_supervisor", raise_if_not_found=False))
    alert_ids = fields.One2many("pickup.kpi.alert", "rule_id")
    last_value = fields.Float(readonly=True, digits=(16, 6))
    last_evaluated = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("window_positive", "CHECK(window_days > 0)", "The window must be at least one day."),
    ]

    def _is_breach(self, value):
        if value is None:
            return False
        return value > self.threshold if self.comparison == ">" else value < self.threshold

    def _evaluate(self):
        """Compute each rule's KPI; open one alert per breach, close it on recovery.

        :return: (opened alerts, closed alerts)
        """
        Alert = self.env["pickup.kpi.alert"].sudo()
        opened, closed = Alert, Alert
        now = fields.Datetime.now()
        Kpi = self.env["pickup.kpi"]
        for rule in self:
            # The last window_days local days, today included (the daily aggregates' days).
            today = Kpi._company_today(rule.company_id)
            values = Kpi._compute_kpis_days(
                rule.company_id, today - timedelta(days=rule.window_days - 1), today,
                rule.warehouse_id)
            value = values.get(rule.kpi)
            rule.write({"last_value": value or 0.0, "last_evaluated": now})
            current = rule.alert_ids.filtered(lambda a: a.state == "open")
            if rule._is_breach(value) and not current:
                opened |= Alert.create({"rule_id": rule.id, "value": value})._notify_group()
            elif not rule._is_breach(value) and current:
                current.write({"state": "closed", "closed_date": now, "closing_value": value})
                for alert in current:
                    alert.message_post(body=self.env._("Recovered: %(kpi)s is %(value)s.",
                                              kpi=rule.kpi, value=value))
                current.activity_ids.action_feedback(feedback=self.env._("KPI recovered."))
                closed |= current
        return opened, closed

    @api.model
    def _cron_evaluate(self):
        """Hourly: evaluate every active rule (archived rules are skipped by the domain)."""
        return self.search([("active", "=", True)])._evaluate()


class PickupKpiAlert(models.Model):
    _name = "pickup.kpi.alert"
    _description = "Pickup KPI alert"
    _inherit = ["pickup.mail.sender.mixin", "mail.activity.mixin"]
    _order = "id desc"

    rule_id = fields.Many2one("pickup.kpi.alert.rule", required=True, ondelete="cascade",
                              index=True)
    name = fields.Char(related="rule_id.name", store=True)
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    state = fields.Selection([("open", "Open"), ("closed", "Closed")], default="open",
                             required=True, tracking=True)
    value = fields.Float(digits=(16, 6), readonly=True)
    closing_value = fields.Float(digits=(16, 6), readonly=True)
    opened_date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    closed_date = fields.Datetime(readonly=True)

    def _notify_group(self):
        """An activity for the group's first user and an e-mail to everyone in the group."""
        for alert in self:
            users = alert.rule_id.group_id.users.filtered(lambda u: u.active and not u.share)
            body = self.env._(
                "%(rule)s: %(kpi)s is %(value).4f (threshold %(comparison)s %(threshold)s).",
                     rule=alert.rule_id.name, kpi=alert.rule_id.kpi, value=alert.value,
                     comparison=alert.rule_id.comparison, threshold=alert.rule_id.threshold)
            if users:
                alert.activity_schedule("mail.mail_activity_data_warning", user_id=users[0].id,
                                        summary=self.env._("KPI alert"), note=body)
            alert.message_post(body=body, partner_ids=users.partner_id.ids,
                               message_type="comment", subtype_xmlid="mail.mt_comment")
        return self
