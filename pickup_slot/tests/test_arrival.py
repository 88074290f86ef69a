import re

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SlotCommon


@tagged("post_install", "-at_install")
class TestArrival(SlotCommon):

    def _bus_messages(self, kind):
        self.env.cr.precommit.run()  # the bus writes its rows as the transaction commits
        return self.env["bus.bus"].sudo().search([("message", "like", kind)])

    def test_im_here_once_while_ready_and_told_to_the_point(self):
        order = self._create_order()
        entitlement = self._entitlement(order)
        self.assertEqual(entitlement.state, "ready")
        self.assertEqual(entitlement._pickup_mark_arrived(), "ok")
        first = entitlement.pickup_arrival_date
        self.assertTrue(first)
        self.assertEqual(entitlement._pickup_mark_arrived(), "already", "idempotent")
        self.assertEqual(entitlement.pickup_arrival_date, first)
        messages = self._bus_messages("pickup_slot/arrival")
        self.assertEqual(len(messages), 1, "one message for one arrival")
        self.assertIn('"pickup_slot.arrivals",%d]' % self.point_a.id, messages.channel)
        self.assertIn(entitlement.package_id.name or order.name, messages.message)

    def test_im_here_refused_when_not_ready(self):
        order = self._create_order(point=self.empty_point)  # goods still on their way
        entitlement = self._entitlement(order)
        self.assertEqual(entitlement.state, "issued")
        self.assertEqual(entitlement._pickup_mark_arrived(), "not_ready")
        self.assertFalse(entitlement.pickup_arrival_date)

    def test_queue_and_wait_stored_at_hand_over(self):
        order = self._create_order()
        entitlement = self._entitlement(order)
        entitlement._pickup_mark_arrived()
        counter = self.env["pickup.counter"].with_user(self.counter_a)
        queue = counter.get_arrivals("PTA")
        self.assertEqual([row["id"] for row in queue["arrivals"]], [entitlement.id])
        self.assertEqual(queue["channel"], "pickup_slot.arrivals_%d" % self.point_a.id)
        with self.assertRaises(AccessError):
            self.env["pickup.counter"].with_user(self.counter_b).get_arrivals("PTA")
        # The queue carries no code secret: the buyer shows the code, the clerk scans it.
        self.assertNotIn(self._qr(self._code_of(order)), str(queue))
        self.assertNotIn(self._short(self._code_of(order)), str(queue))
        text = self._short(self._code_of(order))
        result = self._service().verify(text, "PTA")
        self.assertEqual(result["verdict"], "ok")
        result = self._service().redeem(text, "PTA", handle=result.get("handle"))
        self.assertEqual(result["verdict"], "ok", result)
        self.assertTrue(entitlement.pickup_served_date)
        self.assertGreaterEqual(entitlement.pickup_arrival_wait, 0.0)
        self.assertFalse(counter.get_arrivals("PTA")["arrivals"], "served: off the queue")
        self.assertTrue(self._bus_messages("pickup_slot/served"))

    def test_bus_channel_only_for_the_points_staff(self):
        name = "pickup_slot.arrivals_%d" % self.point_a.id
        granted = self.env["ir.websocket"].with_user(self.counter_a)._pickup_slot_channels(
            [name, "other"])
        self.assertIn("other", granted)
        self.assertIn((self.env.cr.dbname, "pickup_slot.arrivals", self.point_a.id), granted)
        self.assertNotIn(name, granted, "the name itself subscribes to nothing")
        refused = self.env["ir.websocket"].with_user(self.counter_b)._pickup_slot_channels(
            [name])
        self.assertFalse([c for c in refused if isinstance(c, tuple)
                          and "pickup_slot.arrivals" in c])

    def test_short_link_im_here_and_rate_limit(self):
        order = self._create_order(point=self.empty_point)
        code = self._code_of(order)
        link = "/p/%s" % code._get_link_token()
        page = self.url_open(link)
        self.assertNotIn("pickup-here-button", page.text, "no button before the goods arrive")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(link + "/here", data={"csrf_token": csrf},
                                 allow_redirects=False)
        self.assertIn("here=not_ready", response.headers["Location"])
        response = self.url_open(link + "/here", data={"csrf_token": csrf},
                                 allow_redirects=False)
        self.assertIn("here=wait", response.headers["Location"], "rate-limited")

    def test_portal_im_here_button_for_the_buyer(self):
        new_test_user(self.env, "pk_here_portal", groups="base.group_portal",
                      partner_id=self.buyer.id, name=self.buyer.name)
        code = self._code_of(self._create_order())
        self.authenticate("pk_here_portal", "pk_here_portal")
        page = self.url_open("/my/pickups/%s" % code.id)
        self.assertIn("pickup-here-button", page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        for _tap in range(2):
            response = self.url_open("/my/pickups/%s/here" % code.id,
                                     data={"csrf_token": csrf})
            self.assertIn("pickup-here-done", response.text)
        self.assertTrue(code.entitlement_id.pickup_arrival_date)
        self.assertIn("here=already", response.url, "the second tap changes nothing")
