"""The group leader (團長): the campaign's setting, the leader of an order, and the leader's
own credential for each member's order (see ``core/leader.py`` for the rules).

The leader's credential is one more code of the member's entitlement, like a delegate's:
issued with the member's code, owned by the leader (``partner_id`` and ``leader_id``, so the
leader's portal and the together hand-over find it), moved with the entitlement (ready,
collected, expired), claimed by the same conditional ``UPDATE`` — exactly once, whoever
scans first. It is never sent to anyone: the leader shows it from their portal page.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import leader as leader_rules

LEADER_MODES = [
    (leader_rules.FORBIDDEN, "Forbidden"),
    (leader_rules.OPTIONAL, "Optional"),
    (leader_rules.FORCED, "Forced"),
]


class CrmTeam(models.Model):
    _inherit = "crm.team"

    pickup_leader_mode = fields.Selection(
        LEADER_MODES, string="Group leader pickup", required=True,
        default=leader_rules.FORBIDDEN,
        help="Whether a group leader (團長) collects this campaign's orders for the members.\n"
             "Forbidden: each member collects their own order; no leader code is issued.\n"
             "Optional: the leader gets a code for each member's order; the leader or the "
             "member may collect it, and only the first one does.\n"
             "Forced: only the leader collects; the member's own code is refused at the "
             "counter (an order without a leader is collected by the member).")


class ResPartner(models.Model):
    _inherit = "res.partner"

    pickup_leader_id = fields.Many2one(
        "res.partner", string="Group leader", index="btree_not_null",
        help="Proposed as the leader of this customer's new orders (the order may change it).")

    @api.constrains("pickup_leader_id")
    def _check_pickup_leader_id(self):
        for partner in self:
            if partner.pickup_leader_id == partner:
                raise ValidationError(self.env._("A customer cannot be their own group leader."))


class SaleOrder(models.Model):
    _inherit = "sale.order"

    pickup_leader_id = fields.Many2one(
        "res.partner", string="Group leader", compute="_compute_pickup_leader_id",
        store=True, readonly=False, precompute=True, index="btree_not_null",
        help="Collects this order for the customer when the sales team's campaign allows "
             "a group leader (default: the customer's group leader).")
    pickup_leader_mode = fields.Selection(related="team_id.pickup_leader_mode")

    @api.depends("partner_id")
    def _compute_pickup_leader_id(self):
        for order in self:
            partner = order.partner_id
            order.pickup_leader_id = partner.pickup_leader_id \
                or partner.commercial_partner_id.pickup_leader_id

    @api.constrains("pickup_leader_id", "partner_id")
    def _check_pickup_leader_id(self):
        for order in self:
            if order.pickup_leader_id and order.pickup_leader_id == order.partner_id:
                raise ValidationError(self.env._("A customer cannot be their own group leader."))

    def _pickup_leader_issues(self):
        """Whether this order's codes come with a leader credential."""
        self.ensure_one()
        return leader_rules.issues_leader_code(self.team_id.pickup_leader_mode,
                                               bool(self.pickup_leader_id))


class PickupCode(models.Model):
    _inherit = "pickup.code"

    leader_id = fields.Many2one(
        "res.partner", string="Group leader", readonly=True, index="btree_not_null",
        help="This code is the group leader's credential for the member's order.")
    notify_pending = fields.Selection(
        selection_add=[("leader_collected", "Collected by the group leader")],
        ondelete={"leader_collected": "set null"})

    @api.model
    def _issue_for_orders(self, orders, progress=None):
        new_codes = super()._issue_for_orders(orders, progress=progress)
        new_codes._issue_leader_codes()
        # Queued before the leaders' codes existed: in a forced campaign the member's own
        # code does not collect, so its "issued" / "ready" news is not sent (see
        # _notify_buyer); the member hears when the leader has the goods.
        new_codes.filtered(lambda c: c.notify_pending and c._pickup_leader_collects()
                           ).sudo().notify_pending = False
        return new_codes

    def _issue_leader_codes(self):
        """The leader's credential for each of these buyer's codes whose campaign allows a
        leader (one per code: the member's code and the leader's unlock the same goods)."""
        buyers = self.sudo().filtered(
            lambda c: not c.parent_id and c.sale_order_id._pickup_leader_issues())
        if not buyers:
            return self.browse()
        pepper = self._get_pepper()
        secrets = self._new_secret_vals(len(buyers), pepper)
        vals_list = []
        for code, secret_vals in zip(buyers, secrets, strict=True):
            leader = code.sale_order_id.pickup_leader_id
            vals_list.append(dict(
                self._prepare_code_vals(code.sale_order_id, code.warehouse_id), **secret_vals,
                entitlement_id=code.entitlement_id.id, parent_id=code.id,
                partner_id=leader.id, leader_id=leader.id, state=code.state,
                issue_date=code.issue_date, ready_date=code.ready_date,
                expiry_date=code.expiry_date))
        return self.sudo().with_context(mail_create_nolog=True).create(vals_list)

    def _pickup_leader_collects(self):
        """The group leader who collects this member's code's order because the member may
        not (a forced campaign with the leader's credential live), else no partner: the
        buyer's pages then name the leader instead of a code the counter refuses."""
        self.ensure_one()
        code = self.sudo()
        nobody = self.env["res.partner"]
        if code.leader_id or code.state not in ("issued", "ready") \
                or code.sale_order_id.team_id.pickup_leader_mode != leader_rules.FORCED:
            return nobody  # the common case, without reading the entitlement's codes
        live = code.entitlement_id.code_ids.filtered(
            lambda c: c.leader_id and c.state in ("issued", "ready"))
        if leader_rules.may_collect(code.sale_order_id.team_id.pickup_leader_mode, False,
                                    bool(live)):
            return nobody
        return live[:1].leader_id

    def _notify_buyer(self, kind, now=False):
        # The leader's credentials are shown on the leader's portal page, never sent: one
        # message per member's order would flood the leader, and the member must not get it.
        # In a forced campaign the member's own code does not collect: sending it would send
        # the member to a counter that refuses it (they hear when the leader has the goods).
        return super(PickupCode, self.filtered(
            lambda c: not c.leader_id and not c._pickup_leader_collects()))._notify_buyer(
            kind, now=now)

    def _get_notify_template(self, channel, template_kind):
        if template_kind == "leader_collected":
            return self.env.ref("pickup_code.%s_template_pickup_leader_collected" % channel,
                                raise_if_not_found=False)
        return super()._get_notify_template(channel, template_kind)

    def _notify_leader_collected(self):
        """Tell the members that the leader collected their orders (their own codes, now
        collected: sent in this transaction, the queue drops news of collected codes)."""
        # The member's own code collected with it (not one revoked by a regeneration).
        members = self.sudo().filtered("leader_id").entitlement_id.code_ids.filtered(
            lambda c: not c.parent_id and c.state == "redeemed")
        if members:
            members._send_notifications("leader_collected", now=True)


class PickupHandover(models.Model):
    _inherit = "pickup.handover"

    collected_by = fields.Selection(selection_add=[("leader", "Group leader")],
                                    ondelete={"leader": "set default"})
    leader_id = fields.Many2one(related="code_id.leader_id", store=True,
                                index="btree_not_null")
    member_handed_date = fields.Datetime(
        "Handed to member on", readonly=True,
        help="When the group leader said they gave the goods to the member.")
    member_handed_by_id = fields.Many2one("res.users", string="Handed to member by",
                                          readonly=True)
    member_received_date = fields.Datetime(
        "Receipt confirmed on", readonly=True,
        help="When the member confirmed they received the goods from the group leader.")
    member_received_by_id = fields.Many2one("res.users", string="Receipt confirmed by",
                                            readonly=True)

    def _leader_mark_handed(self, user):
        """The leader gave the goods to the member (once: the first time stands)."""
        todo = self.filtered(lambda h: h.leader_id and not h.member_handed_date)
        todo.sudo().write({"member_handed_date": fields.Datetime.now(),
                           "member_handed_by_id": user.id})
        return todo

    def _member_confirm_receipt(self, user):
        """The member got the goods from the leader (once)."""
        todo = self.filtered(lambda h: h.leader_id and not h.member_received_date)
        todo.sudo().write({"member_received_date": fields.Datetime.now(),
                           "member_received_by_id": user.id})
        return todo


class PickupDispute(models.Model):
    _inherit = "pickup.dispute"

    # Which hand-over went wrong: the counter's to the leader, or the leader's to the member.
    leader_id = fields.Many2one(related="handover_id.leader_id", string="Group leader")
    member_handed_date = fields.Datetime(related="handover_id.member_handed_date")
    member_received_date = fields.Datetime(related="handover_id.member_received_date")
