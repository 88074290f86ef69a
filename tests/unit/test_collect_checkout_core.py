"""Web-shop Click & Collect core (pickup_website_sale_collect): the stores offered, the stores
accepted, and when the confirmation page may show a code."""
from pickup_website_sale_collect.core import checkout

POINTS = [1, 2]


def test_a_method_with_pickup_points_offers_those_only():
    assert checkout.stores_to_offer([3, 1, 2], POINTS) == [1, 2]


def test_a_method_without_pickup_points_is_left_as_odoo_has_it():
    assert checkout.stores_to_offer([3, 4], POINTS) == [3, 4]
    assert checkout.may_choose(4, [3, 4], POINTS, store_is_pickup_point=False)
    # Odoo's own flow may post a plain store outside the method: still Odoo's business.
    assert checkout.may_choose(5, [3, 4], POINTS, store_is_pickup_point=False)


def test_a_store_that_is_no_pickup_point_is_refused_where_points_are_offered():
    assert checkout.may_choose(1, [3, 1, 2], POINTS, store_is_pickup_point=True)
    assert not checkout.may_choose(3, [3, 1, 2], POINTS, store_is_pickup_point=False)


def test_a_pickup_point_the_method_does_not_offer_is_refused():
    assert not checkout.may_choose(9, [3, 1], POINTS + [9], store_is_pickup_point=True)
    assert not checkout.may_choose(9, [3, 4], [9], store_is_pickup_point=True)


def test_the_code_shows_only_once_confirmed_and_paid():
    assert checkout.may_show_code("sale", True, "ready", False, False)
    assert checkout.may_show_code("sale", True, "issued", False, False)
    assert not checkout.may_show_code("sale", False, "ready", False, False), "unpaid"
    assert not checkout.may_show_code("draft", True, "ready", False, False), "not confirmed"


def test_no_dead_overdue_or_delegate_code_shows():
    for state in ("draft", "redeemed", "expired", "revoked"):
        assert not checkout.may_show_code("sale", True, state, False, False)
    assert not checkout.may_show_code("sale", True, "ready", True, False), "past its deadline"
    assert not checkout.may_show_code("sale", True, "ready", False, True), "a delegate's"
