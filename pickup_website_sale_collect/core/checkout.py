"""Which stores a web-shop buyer may choose, and when the pickup code may be shown.

No Odoo imports: plain ids and states in, decisions out (tier-1 tested in tests/unit).
"""

LIVE_CODE_STATES = ("issued", "ready")


def stores_to_offer(store_ids, pickup_point_ids):
    """The stores of an in-store delivery method that the buyer is offered.

    A method with pickup points offers those only (the chosen one gets the pickup code); a
    method without any is plain Click & Collect, left as Odoo has it.

    :param store_ids: ids of the method's warehouses, in their order
    :param pickup_point_ids: ids of the warehouses that are pickup points
    :return: list of ids
    """
    points = set(pickup_point_ids)
    offered = [store_id for store_id in store_ids if store_id in points]
    return offered or list(store_ids)


def may_choose(store_id, store_ids, pickup_point_ids, store_is_pickup_point):
    """Whether a posted store id may become the order's store.

    Refused: any store the selector does not offer when the method has pickup points, and a
    pickup point the method does not offer (a forged request). A method without pickup points
    keeps Odoo's behaviour for its plain stores.
    """
    if not (set(store_ids) & set(pickup_point_ids)) and not store_is_pickup_point:
        return True
    return store_id in stores_to_offer(store_ids, pickup_point_ids)


def may_show_code(order_state, paid, code_state, overdue, delegate):
    """Whether the confirmation page shows a code: the order is confirmed and paid, the code
    is live and within its deadline, and it is the buyer's own (``delegate``: it is someone
    else's credential for the order, a delegate's or a group leader's)."""
    return (order_state == "sale" and paid and code_state in LIVE_CODE_STATES
            and not overdue and not delegate)
