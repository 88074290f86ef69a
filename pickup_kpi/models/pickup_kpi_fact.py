from odoo import fields, models, tools
from odoo.tools import SQL


from .pickup_kpi_daily import HOUR_SLOTS

WEEKDAYS = [("0", "Sunday"), ("1", "Monday"), ("2", "Tuesday"), ("3", "Wednesday"),
            ("4", "Thursday"), ("5", "Friday"), ("6", "Saturday")]
# Hour slots and weekdays are read at each point's own clock: its time zone column
# (``w`` is the joined stock_warehouse; a scan without a point reads UTC).
LOCAL_SQL = "({col} AT TIME ZONE 'UTC' AT TIME ZONE coalesce(w.pickup_tz, 'UTC'))"
SLOT_SQL = ("CASE WHEN extract(hour FROM " + LOCAL_SQL + ") < 12 THEN 'morning' "
            "WHEN extract(hour FROM " + LOCAL_SQL + ") < 17 THEN 'afternoon' ELSE 'evening' END")
WEEKDAY_SQL = "extract(dow FROM " + LOCAL_SQL + ")::int::varchar"


class PickupKpiCodeFact(models.Model):
    """One row per pickup code: the facts behind pickup, lead-time and dispute KPIs."""

    _name = "pickup.kpi.code.fact"
    _description = "Pickup KPI facts: codes"
    _auto = False
    _order = "issue_date desc"

    code_id = fields.Many2one("pickup.code", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    city = fields.Char(readonly=True)
    categ_id = fields.Many2one("product.category", string="Product category", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    leader_id = fields.Many2one(
        "res.partner", string="Group leader", readonly=True,
        help="The group leader who had a code for this order (empty: the buyer collects).")
    state = fields.Selection(
        selection=lambda self: self.env["pickup.code"]._fields["state"].selection,
        readonly=True)
    issue_date = fields.Datetime(readonly=True)
    ready_date = fields.Datetime(readonly=True)
    redeem_date = fields.Datetime("Collected on", readonly=True)
    weekday = fields.Selection(WEEKDAYS, readonly=True,
                               help="Weekday of the pickup (of the issue when not collected).")
    hour_slot = fields.Selection(HOUR_SLOTS, readonly=True)
    redeem_day = fields.Date("Collected on (day at the point)", readonly=True)
    ready_count = fields.Integer("Ready", readonly=True)
    collected_count = fields.Integer("Collected", readonly=True)
    no_show_count = fields.Integer("No-shows", readonly=True)
    perishable_ready_count = fields.Integer("Perishables ready", readonly=True)
    spoiled_count = fields.Integer(
        "Perishables spoiled", readonly=True,
        help="Perishables that became ready and were never collected (returned or written off).")
    dispute_count = fields.Integer("Disputes", readonly=True)
    wrongful_count = fields.Integer("Confirmed false pickups", readonly=True)
    paid_ready_hours = fields.Float("Paid → ready (h)", readonly=True, aggregator="avg")
    ready_collected_hours = fields.Float("Ready → collected (h)", readonly=True, aggregator="avg")

    def _select_perishable(self):
        """Extension point: the SQL condition on ``pickup_code c`` for perishable goods (the
        spoilage KPI); none without `pickup_perishable`, which overrides it."""
        return SQL("FALSE")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        pickup_time = "coalesce(c.redeem_date, c.issue_date, c.create_date)"
        perishable = self._select_perishable()
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %s AS (
                SELECT c.id AS id, c.id AS code_id, c.company_id, c.warehouse_id,
                       wp.state_id, wp.city, cat.categ_id, so.campaign_id, ldr.leader_id,
                       c.state,
                       c.issue_date, c.ready_date, c.redeem_date,
                       %s AS weekday, %s AS hour_slot, %s::date AS redeem_day,
                       (c.ready_date IS NOT NULL)::int AS ready_count,
                       (c.state = 'redeemed')::int AS collected_count,
                       (c.state = 'expired' AND c.ready_date IS NOT NULL)::int AS no_show_count,
                       (%s AND c.ready_date IS NOT NULL)::int
                           AS perishable_ready_count,
                       (%s AND c.ready_date IS NOT NULL
                        AND c.state = 'expired')::int AS spoiled_count,
                       coalesce(d.disputes, 0) AS dispute_count,
                       coalesce(d.wrongful, 0) AS wrongful_count,
                       extract(epoch FROM c.ready_date - c.issue_date) / 3600.0
                           AS paid_ready_hours,
                       extract(epoch FROM c.redeem_date - c.ready_date) / 3600.0
                           AS ready_collected_hours
                  FROM pickup_code c
                  JOIN sale_order so ON so.id = c.sale_order_id
                  JOIN stock_warehouse w ON w.id = c.warehouse_id
             LEFT JOIN res_partner wp ON wp.id = w.partner_id
             LEFT JOIN LATERAL (
                       SELECT pt.categ_id FROM sale_order_line sol
                         JOIN product_product pp ON pp.id = sol.product_id
                         JOIN product_template pt ON pt.id = pp.product_tmpl_id
                        WHERE sol.order_id = so.id AND sol.display_type IS NULL
                     ORDER BY sol.price_subtotal DESC, sol.id LIMIT 1) cat ON TRUE
             LEFT JOIN LATERAL (
                       SELECT lc.leader_id FROM pickup_code lc
                        WHERE lc.parent_id = c.id AND lc.leader_id IS NOT NULL
                     ORDER BY lc.id LIMIT 1) ldr ON TRUE
             LEFT JOIN (
                       -- A dispute of a delegate's or a group leader's code counts on the
                       -- buyer's code (the one row of the order here).
                       SELECT coalesce(dc.parent_id, dc.id) AS code_id, count(*) AS disputes,
                              count(*) FILTER (WHERE pd.state = 'confirmed'
                                               AND pd.dispute_type = 'not_collected')
                                  AS wrongful
                         FROM pickup_dispute pd JOIN pickup_code dc ON dc.id = pd.code_id
                     GROUP BY 1) d ON d.code_id = c.id
                 WHERE c.parent_id IS NULL
            )""", SQL.identifier(self._table), SQL(WEEKDAY_SQL.format(col=pickup_time)),
            SQL(SLOT_SQL.format(col=pickup_time)), SQL(LOCAL_SQL.format(col="c.redeem_date")),
            perishable, perishable))


class PickupKpiAttemptFact(models.Model):
    """Scans per point-local day, point, hour, action and reason (the scan report).

    Read from the daily aggregate ``pickup.kpi.daily.scan`` (refreshed hourly), not from the
    attempt log: a year of scans is a few hundred thousand rows here whatever the log's size.
    Count with *Scans* (``scan_count``), not with the number of rows.
    """

    _name = "pickup.kpi.attempt.fact"
    _description = "Pickup KPI facts: scans"
    _auto = False
    _order = "attempt_date desc"

    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Pickup point", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    city = fields.Char(readonly=True)
    attempt_date = fields.Date("Date (at the point)", readonly=True)
    weekday = fields.Selection(WEEKDAYS, readonly=True)
    hour_slot = fields.Selection(HOUR_SLOTS, readonly=True)
    attempt_day = fields.Date("Day (at the point)", readonly=True)
    hour = fields.Integer("Hour (at the point)", readonly=True)
    action = fields.Char(readonly=True)
    reason = fields.Char(readonly=True)
    scan_count = fields.Integer("Scans", readonly=True)
    failed_count = fields.Integer("Failed scans", readonly=True,
                                  help="Unknown or malformed input (possible guessing).")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %s AS (
                SELECT s.id, s.company_id, s.warehouse_id, wp.state_id, wp.city,
                       s.day AS attempt_date, extract(dow FROM s.day)::int::varchar AS weekday,
                       CASE WHEN s.hour < 12 THEN 'morning' WHEN s.hour < 17 THEN 'afternoon'
                            ELSE 'evening' END AS hour_slot,
                       s.day AS attempt_day, s.hour, s.action, s.reason, s.scan_count,
                       s.failed_count
                  FROM pickup_kpi_daily_scan s
             LEFT JOIN stock_warehouse w ON w.id = s.warehouse_id
             LEFT JOIN res_partner wp ON wp.id = w.partner_id
            )""", SQL.identifier(self._table)))
