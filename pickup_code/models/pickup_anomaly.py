from odoo import api, fields, models

from ..const import ANOMALY_TYPES


class PickupAnomaly(models.Model):
    _name = "pickup.anomaly"
    _description = "Pickup anomaly"
    _inherit = ["pickup.mail.sender.mixin", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    anomaly_type = fields.Selection(ANOMALY_TYPES, required=True, index=True, tracking=True)
    state = fields.Selection(
        [("new", "New"), ("acknowledged", "Acknowledged"), ("closed", "Closed")],
        default="new", required=True, tracking=True, index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True)
    code_id = fields.Many2one("pickup.code", index="btree_not_null")
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", index=True)
    station = fields.Char()
    user_id = fields.Many2one("res.users", string="Staff")
    detail = fields.Text()

    @api.depends("anomaly_type", "code_id", "station")
    def _compute_name(self):
        labels = dict(self._fields["anomaly_type"]._description_selection(self.env))
        for anomaly in self:
            subject = anomaly.code_id.name or anomaly.station or ""
            anomaly.name = " / ".join(p for p in (labels.get(anomaly.anomaly_type), subject) if p)

    def action_acknowledge(self):
        self.filtered(lambda a: a.state == "new").write({"state": "acknowledged"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    # === THE ONE WAY TO RAISE AN ANOMALY ===#

    @api.model
    def _raise(self, vals, repeat="window", window_minutes=60):
        """Raise one anomaly (see :meth:`_raise_many`).

        :return: the new ``pickup.anomaly`` (sudo), empty when it was a repeat
        """
        return self._raise_many([vals], repeat=repeat, window_minutes=window_minutes)

    @api.model
    def _raise_many(self, vals_list, repeat="window", window_minutes=60):
        """Create anomalies, de-duplicated per subject (type, company, point, code, station),
        and give the supervisor of each new one's point an activity. Every addon raises
        anomalies through here, so who hears of them is decided once.

        :param list vals_list: ``pickup.anomaly`` values (``anomaly_type`` and ``company_id``
            required)
        :param str repeat: when the same subject raises again:
            ``"window"``: not while one is still new from the last ``window_minutes`` (a burst
            of failed scans alerts a supervisor once, not once per scan);
            ``"open"``: not while one is not closed; the new detail is posted on the open one
            (a condition that lasts, e.g. stock that does not match);
            ``"never"``: one per subject ever (an hourly cron must not repeat it).
        :return: the new anomalies (sudo)
        """
        Anomaly = self.sudo()
        if not vals_list:
            return Anomaly.browse()

        def key(rec_or_vals):
            get = (lambda f: rec_or_vals[f].id if f.endswith("_id") else rec_or_vals[f]) \
                if isinstance(rec_or_vals, models.BaseModel) else rec_or_vals.get
            return (get("anomaly_type"), get("company_id"), get("warehouse_id") or False,
                    get("code_id") or False, get("station") or False)

        # One query for all subjects: the candidates of these types, then matched by key.
        domain = [("anomaly_type", "in", list({v["anomaly_type"] for v in vals_list})),
                  ("company_id", "in", list({v["company_id"] for v in vals_list}))]
        if repeat == "window":
            since = fields.Datetime.subtract(fields.Datetime.now(), minutes=window_minutes)
            domain += [("state", "=", "new"), ("create_date", ">=", since)]
        elif repeat == "open":
            domain.append(("state", "!=", "closed"))
        existing = {key(a): a for a in Anomaly.search(domain, order="id")}
        todo, seen = [], set()
        for vals in vals_list:
            subject = key(vals)
            if subject in existing:
                if repeat == "open" and vals.get("detail"):
                    existing[subject].message_post(body=vals["detail"])
            elif subject not in seen:
                seen.add(subject)
                todo.append(vals)
        anomalies = Anomaly.create(todo)
        anomalies._notify_supervisor()
        return anomalies

    def _notify_supervisor(self):
        """The point's supervisor (``stock.warehouse._get_pickup_supervisor``) gets an
        activity for each new anomaly of the point."""
        for anomaly in self.filtered("warehouse_id"):
            supervisor = anomaly.warehouse_id._get_pickup_supervisor()
            if supervisor:
                anomaly.activity_schedule(
                    "mail.mail_activity_data_warning", user_id=supervisor.id,
                    summary=self.env._("Pickup alert: %(name)s", name=anomaly.name),
                    note=anomaly.detail or "")

    @api.model
    def _raise_for_codes(self, codes, anomaly_type, detail, repeat="never"):
        """One anomaly per code (see :meth:`_raise_many`), at the code's point.

        :param detail: function code -> text of its anomaly
        """
        return self._raise_many([{
            "anomaly_type": anomaly_type, "company_id": code.company_id.id,
            "code_id": code.id, "warehouse_id": code.warehouse_id.id, "detail": detail(code),
        } for code in codes], repeat=repeat)

    @api.model
    def _raise_for_point(self, warehouse, anomaly_type, detail):
        """One open anomaly per point and type; a repeat is posted on the open one."""
        return self._raise({
            "anomaly_type": anomaly_type, "company_id": warehouse.company_id.id,
            "warehouse_id": warehouse.id, "detail": detail,
        }, repeat="open")
