from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..const import PARTNER_RISKS
from ..core import policy

STEP_FIELDS = {
    policy.ID_CHECK: "step_id_check",
    policy.OTP: "step_otp",
    policy.SIGNATURE: "step_signature",
    policy.PHOTO: "step_photo",
    policy.APPROVAL: "step_approval",
    policy.ITEM_SCAN: "step_item_scan",
}


class PickupPolicyRule(models.Model):
    _name = "pickup.policy.rule"
    _description = "Pickup policy rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Pickup point", domain="[('company_id', '=', company_id)]",
        help="Leave empty to apply at every pickup point of the company.")
    min_amount = fields.Monetary("Order amount from", currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_category_ids = fields.Many2many("product.category", string="Product categories")
    partner_risk = fields.Selection(PARTNER_RISKS, string="Buyer risk")
    stop = fields.Boolean("Stop here", help="Ignore the rules after this one when it matches.")
    step_id_check = fields.Boolean("ID check")
    step_otp = fields.Boolean("OTP to the buyer's phone")
    step_signature = fields.Boolean("Signature")
    step_photo = fields.Boolean("Photo")
    step_approval = fields.Boolean("Second approver")
    step_item_scan = fields.Boolean("Item-by-item scan")

    @api.constrains("min_amount")
    def _check_min_amount_not_negative(self):
        if any(rule.min_amount < 0 for rule in self):
            raise ValidationError(self.env._(
                "The order amount of a pickup policy rule cannot be negative."))

    def _to_core_rule(self):
        """:return: the rule as the ORM-free ``policy.PolicyRule``."""
        self.ensure_one()
        return policy.PolicyRule(
            sequence=self.sequence,
            steps=frozenset(step for step, fname in STEP_FIELDS.items() if self[fname]),
            min_amount=self.min_amount or None,
            category_ids=frozenset(self.product_category_ids.ids),
            partner_risks=frozenset([self.partner_risk] if self.partner_risk else []),
            stop=self.stop,
        )

    @api.model
    def _get_core_rules(self, company, warehouse, cache=None):
        """Active rules of a company/point as ORM-free objects.

        :param dict cache: optional, shared by a batch so that rules are read once per point
        """
        cache = {} if cache is None else cache
        key = (company.id, warehouse.id)
        if key not in cache:
            cache[key] = list(self._get_core_rules_cached(*key))
        return cache[key]

    @api.model
    @tools.ormcache("company_id", "warehouse_id")
    def _get_core_rules_cached(self, company_id, warehouse_id):
        """The rules of a point, read once per server process until a rule changes (every
        verify needs them: no query on the scan path). Frozen objects, safe to share.

        :rtype: tuple
        """
        rules = self.sudo().search([
            ("company_id", "=", company_id),
            "|", ("warehouse_id", "=", False), ("warehouse_id", "=", warehouse_id),
        ])
        return tuple(rule._to_core_rule() for rule in rules)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _get_core_rules_cached
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()  # _get_core_rules_cached
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # _get_core_rules_cached
        return super().unlink()

    @api.model
    def _get_required_steps(self, order, warehouse, cache=None):
        """Steps a hand-over of ``order`` at ``warehouse`` needs, in ``policy.STEPS`` order.

        :param order: a ``sale.order`` record
        :param warehouse: a ``stock.warehouse`` record (the pickup point)
        :rtype: tuple
        """
        rules = self._get_core_rules(order.company_id, warehouse, cache)
        categories = order.order_line.product_id.categ_id
        facts = policy.OrderFacts(
            amount=order.amount_total,
            category_ids=frozenset(categories.ids + categories.parent_id.ids),
            partner_risk=order.partner_id.commercial_partner_id.pickup_risk or "normal",
        )
        return policy.required_steps(rules, facts)

    @api.model
    def _get_required_steps_for_total(self, orders, warehouse, risks):
        """Steps one hand-over of all ``orders`` at once needs: the rules applied to their
        total value and all their categories, for each of the risk levels involved (a
        group leader carries them all away at once).

        :param orders: ``sale.order`` records (one company)
        :param risks: the risk levels of the people involved (``core.leader.worst_risks``)
        :rtype: tuple
        """
        if not orders:
            return ()
        rules = self._get_core_rules(orders[:1].company_id, warehouse)
        categories = orders.order_line.product_id.categ_id
        category_ids = frozenset(categories.ids + categories.parent_id.ids)
        amount = sum(orders.mapped("amount_total"))
        wanted = set()
        for risk in risks:
            wanted.update(policy.required_steps(rules, policy.OrderFacts(
                amount=amount, category_ids=category_ids, partner_risk=risk)))
        return tuple(step for step in policy.STEPS if step in wanted)
