def post_init_hook(env):
    """Codes still waiting for their goods when this addon is installed (and the demo's, whose
    categories the demo data has just marked perishable) get the window of their goods once
    they are ready; codes already ready keep the deadline their buyer was told."""
    waiting = env["pickup.code"].search([("state", "=", "issued")])
    env.add_to_compute(waiting._fields["pickup_perishable"], waiting)
    waiting._recompute_recordset()
