from odoo import fields, models


class PickupAttemptChain(models.Model):
    """Head of one hash chain of the attempt log (one chain per company and station).

    Every append updates this row; two concurrent appends to one chain collide on it and
    PostgreSQL's repeatable-read isolation makes one of them retry, so the chain never forks.
    """

    _name = "pickup.attempt.chain"
    _description = "Pickup attempt chain head"

    company_id = fields.Many2one("res.company", required=True, index=True)
    station = fields.Char(required=True)
    last_hash = fields.Char(required=True)
    chain_length = fields.Integer(default=0)

    _sql_constraints = [
        ("chain_unique", "unique(company_id, station)", "One chain per company and station."),
    ]
