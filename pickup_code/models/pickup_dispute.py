import base64

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import DISPUTE_TYPES


def _label(record, field):
    """The translated label of a selection field's value ("" when empty)."""
    return dict(record._fields[field]._description_selection(record.env)).get(record[field], "")


class PickupDispute(models.Model):
    """A claim about a hand-over, e.g. "I did not collect this" (counts for 冒領率/糾紛率)."""

    _name = "pickup.dispute"
    _description = "Pickup dispute"
    _inherit = ["pickup.mail.sender.mixin", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default=lambda self: self.env._(
        "New"), copy=False)
    dispute_type = fields.Selection(DISPUTE_TYPES, required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("confirmed", "Confirmed wrongful"), ("rejected", "Rejected")],
        default="open", required=True, tracking=True, index=True,
    )
    code_id = fields.Many2one("pickup.code", required=True, index=True)
    company_id = fields.Many2one(related="code_id.company_id", store=True, index=True)
    warehouse_id = fields.Many2one(related="code_id.warehouse_id", store=True)
    partner_id = fields.Many2one(related="code_id.partner_id", store=True)
    description = fields.Text()
    resolution = fields.Text(tracking=True)
    resolved_date = fields.Datetime(readonly=True)
    handover_id = fields.Many2one(
        "pickup.handover", string="Disputed hand-over", readonly=True, index="btree_not_null",
        help="The hand-over the buyer disputes: who collected, when, at which station, how "
             "the identity was checked, who approved, signature and photo.")
    photo = fields.Image("Buyer's photo", max_width=1920, max_height=1920, attachment=True)
    source = fields.Selection([("staff", "Staff"), ("portal", "Buyer (portal)")],
                              default="staff", required=True, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("pickup.dispute") or self.env._(
                    "New")
        return super().create(vals_list)

    @api.model
    def _create_from_portal(self, code, dispute_type, description, photo=False):
        """A buyer who was told "collected" reports it from the portal.

        One open dispute per entitlement: a second report is added to the open one. The
        dispute carries the disputed hand-over, and the point's supervisor gets an activity
        with its evidence in the chatter.

        :param code: the buyer's ``pickup.code`` (already access-checked by the caller)
        :param str photo: base64 image, or False
        :return: the (new or open) dispute, sudo
        """
        code = code.sudo()
        if code.state != "redeemed" and not code.entitlement_id.handover_ids:
            raise UserError(self.env._("Only a collected pickup can be disputed."))
        if dispute_type not in dict(DISPUTE_TYPES):
            raise UserError(self.env._("Choose what went wrong."))
        Dispute = self.sudo()
        entitlement_codes = code.entitlement_id.code_ids or code
        existing = Dispute.search([("code_id", "in", entitlement_codes.ids),
                                   ("state", "=", "open")], limit=1)
        if existing:
            existing.message_post(body=self.env._(
                "The buyer wrote again (%(type)s): %(text)s",
                type=dict(self._fields["dispute_type"]._description_selection(self.env))[
                    dispute_type], text=description or ""),
                author_id=self.env.user.partner_id.id,
                attachments=[("buyer-photo.jpg", base64.b64decode(photo))] if photo else None)
            return existing
        handover = code.entitlement_id.handover_ids.sorted("id")[-1:]
        dispute = Dispute.create({
            "code_id": code.id, "dispute_type": dispute_type, "description": description,
            "photo": photo or False, "handover_id": handover.id, "source": "portal",
        })
        dispute._post_handover_evidence()
        supervisor = code.warehouse_id._get_pickup_supervisor()
        if supervisor:
            dispute.activity_schedule(
                "mail.mail_activity_data_todo", user_id=supervisor.id,
                summary=self.env._("Buyer disputes a hand-over: %(name)s", name=dispute.name),
                # The buyer's text, escaped (Markup's % escapes), never markup nor links.
                note=Markup("<p>%s</p>") % (description or ""))
        return dispute

    def _post_handover_evidence(self):
        """Put the disputed hand-over's evidence in the chatter, signature and photo attached,
        so the supervisor decides from the dispute alone."""
        for dispute in self.filtered("handover_id"):
            handover = dispute.handover_id
            lines = [
                self.env._("Handed over on %(date)s at %(point)s, station %(station)s, by "
                           "%(clerk)s.", date=dispute.code_id._pickup_format_local(
                               handover.handover_date, show_zone=True),
                           point=handover.warehouse_id.name, station=handover.station or "-",
                           clerk=handover.user_id.name),
                self.env._("Collected by: %(who)s (%(kind)s).", who=handover.collector_name or "",
                           kind=_label(handover, "collected_by")),
                self.env._("ID checked: %(doc)s. Steps: %(steps)s.",
                           doc=_label(handover, "id_doc_type") or "-",
                           steps=handover.steps_done or "-"),
            ]
            if handover.approver_id:
                lines.append(self.env._("Approved by %(user)s (%(method)s).",
                                        user=handover.approver_id.name,
                                        method=_label(handover, "approval_method")))
            attachments = [(name, base64.b64decode(image)) for name, image in (
                ("signature.png", handover.signature), ("handover-photo.jpg", handover.photo),
                ("buyer-photo.jpg", dispute.photo)) if image]
            dispute.message_post(body=Markup("<br/>").join(lines), attachments=attachments,
                                 subtype_xmlid="mail.mt_note")

    def _resolve(self, state):
        if any(dispute.state != "open" for dispute in self):
            raise UserError(self.env._("Only open disputes can be resolved."))
        self.write({"state": state, "resolved_date": fields.Datetime.now()})
        return True

    def action_confirm_wrongful(self):
        """The hand-over was wrong (a false pickup, 冒領)."""
        return self._resolve("confirmed")

    def action_reject(self):
        return self._resolve("rejected")
