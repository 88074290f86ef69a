"""What the pickup SMS cost, run inside `odoo shell` by `make bench-sms` (and `make bench`).

Renders the real SMS templates through Odoo, as `_send_pickup_sms` hands them to the gateway,
for a demo order (the buyer's code at TPE, the short link, the deadline) in zh_TW and en_US,
and prints characters, encoding and segments per message and per order for each choice of
the company setting *Notices by SMS*. Everything is rolled back.

Goal: at most 2 segments per order in zh_TW with the default setting (goods ready by SMS).
"""

from odoo.addons.pickup_code.core import sms as sms_lib

KINDS = ("issued", "ready", "reminder")


def demo_code(env):
    """A ready buyer's code of the demo company at TPE."""
    company = env.ref("pickup_code.demo_company_tw", raise_if_not_found=False) or env.company
    point = env.ref("pickup_code.demo_warehouse_tpe", raise_if_not_found=False)
    domain = [("company_id", "=", company.id), ("state", "=", "ready"),
              ("is_delegate", "=", False)]
    code = env["pickup.code"].search(domain + [("warehouse_id", "=", point.id)] if point
                                     else domain, order="id", limit=1)
    if not code:
        raise SystemExit("No ready pickup code in the demo company: run `make run` first.")
    return code


def main(env):
    code = demo_code(env)
    goal_met = True
    print("SMS per message and per order, demo order %s at %s (rendered by Odoo, as sent):"
          % (code.sale_order_id.name, code.warehouse_id.name))
    for lang in ("zh_TW", "en_US"):
        code.partner_id.lang = lang
        ctx = code._get_notify_context()
        costs = {}
        for kind in KINDS:
            body = code._render_pickup_sms(kind, ctx)
            cost = sms_lib.measure(body)
            costs[kind] = cost
            carries = all(value and value in body for value in (
                ctx["pickup_short_code"], ctx["pickup_url"],
                ctx["pickup_deadline"] if kind != "issued" else str(ctx["pickup_window_days"])))
            print("  %-5s %-8s %3d chars  %-5s %d segment(s)  code+deadline+link: %s\n"
                  "        %s" % (lang, kind, cost.characters, cost.encoding, cost.segments,
                                  "yes" if carries else "NO", body))
            goal_met &= carries
        for choice in sms_lib.SMS_NOTICE_CHOICES:
            per_order = sum(costs[kind].segments for kind in KINDS
                            if sms_lib.goes_by_sms(kind, choice))
            default = " (default)" if choice == sms_lib.DEFAULT_SMS_NOTICES else ""
            print("  %-5s per order, notices by SMS = %-14s %d segment(s)%s"
                  % (lang, choice, per_order, default))
            if lang == "zh_TW" and choice == sms_lib.DEFAULT_SMS_NOTICES:
                goal_met &= per_order <= 2
    print("goal (<= 2 segments per order in zh_TW, code and deadline in every SMS): %s"
          % ("met" if goal_met else "NOT MET"))
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is provided by `odoo shell`
