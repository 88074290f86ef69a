"""What a clerk reading the counter in Traditional Chinese is shown (found by looking at the
offline counter on a phone in zh_TW)."""

import json
import os
import time

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.pickup_code.tests.browser import PHONE, ScreensMixin, open_page

from .test_offline_counter_tour import COUNTER_URL, SHOT_DIR, OfflineCounterCommon


@tagged("post_install", "-at_install")
class TestPickupAdversarialCounter(TransactionCase):

    def test_id_document_types_and_relations_are_translated(self):
        """Finding: the ID check's document types and the delegate relations came from the
        English constants, so a zh_TW clerk read "National ID card" on the counter."""
        self.env["res.lang"]._activate_lang("zh_TW")
        point = self.env["stock.warehouse"].create(
            {"name": "Adversary point", "code": "ADVP", "is_pickup_point": True})
        clerk = new_test_user(
            self.env, "adv_counter",
            groups="pickup_code.group_pickup_counter,stock.group_stock_user",
            pickup_warehouse_ids=[Command.set(point.ids)], lang="zh_TW")
        # As the web client calls it: the clerk's language in the context.
        context = self.env["pickup.counter"].with_user(clerk).with_context(
            lang="zh_TW").get_counter_context()
        doc_types = dict((t["value"], t["label"]) for t in context["doc_types"])
        relations = dict((r["value"], r["label"]) for r in context["relations"])
        self.assertEqual(doc_types["national_id"], "國民身分證")
        self.assertNotIn("Family", relations.values())
        english = self.env["pickup.counter"].with_user(clerk).with_context(
            lang="en_US").get_counter_context()
        self.assertIn("National ID card", [t["label"] for t in english["doc_types"]])


@tagged("post_install", "-at_install")
class TestPickupAdversarialOfflineScreen(ScreensMixin, OfflineCounterCommon, HttpCase):
    """The offline counter on a 390 px phone after the network is back and the queue synced
    with a conflict (found by looking, in zh_TW and en_US)."""

    def _type(self, page, text):
        page.eval("""(() => {
            const input = document.querySelector(".o_pickup_counter_input");
            input.value = %s;
            input.dispatchEvent(new Event("input", {bubbles: true}));
            input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
            return true;
        })()""" % json.dumps(text))

    def test_synced_conflict_fits_the_phone_and_no_queued_banner_stays(self):
        self._synced_conflict("zh_TW", "已排入佇列")

    def test_synced_conflict_fits_the_phone_en_us(self):
        self._synced_conflict("en_US", "Queued")

    def _synced_conflict(self, lang, queued_word):
        """Findings: (1) a conflict's message (who collected it, the clerk's name) did not
        wrap and made the page wider than the phone; (2) after every item was answered, the
        big amber banner still said "Queued, not yet confirmed ... sent when the network is
        back" although the network was back and the item had been answered."""
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
        self.clerk.lang = lang
        code = self._ready_code()
        token = code._get_signed_token()
        with open_page(self, COUNTER_URL, login="offline_counter", size=PHONE) as page:
            self._wait_for(page, ".o_pickup_counter_input")
            page.eval("""(() => {
                const mod = odoo.loader.modules.get("@web/core/network/rpc");
                window.__onlineRpc = mod.rpc._rpc;
                mod.rpc._rpc = (url) => Promise.reject(new mod.ConnectionLostError(url));
                window.dispatchEvent(new Event("offline"));
                return true;
            })()""")
            self._type(page, token)
            self._wait_for(page, ".o_pickup_counter_queue_handover")
            page.eval("document.querySelector('.o_pickup_counter_queue_handover').click(); true")
            self._wait_for(page, ".o_pickup_counter_offline_item[data-status='queued']")
            # Collected at another desk meanwhile: the sync answers a conflict.
            self.env["pickup.service"].with_user(self.clerk).redeem(
                token, "OFFL", station="other-desk")
            page.eval("""(() => {
                const mod = odoo.loader.modules.get("@web/core/network/rpc");
                mod.rpc._rpc = window.__onlineRpc;
                window.dispatchEvent(new Event("online"));
                return true;
            })()""")
            self._wait_for(page, ".o_pickup_counter_offline_item[data-status='conflict']")
            self.assertLessEqual(page.page_width(), PHONE[0] + 1, "nothing wider than the phone")
            banner = page.eval("(document.querySelector('.o_pickup_counter_verdict') || {})"
                               ".textContent || ''")
            self.assertNotIn(queued_word, banner, "no 'queued' banner once it was answered")
            os.makedirs(SHOT_DIR, exist_ok=True)
            with open(os.path.join(SHOT_DIR, "counter_synced_conflict_390_%s.png" % lang),
                      "wb") as shot:
                shot.write(page.screenshot(full_page=True))

    def test_one_refused_request_does_not_hold_back_the_rest_of_the_queue(self):
        """Finding: an item the server refused as a request (malformed, or the clerk no
        longer serves its point) stopped the sync: every later queued hand-over stayed
        unsent, so the server still offered those orders as ready to be collected again."""
        code = self._ready_code()
        now = int(time.time())
        queue = [
            {"key": "not a key!", "token": "PC1T.garbage", "point": "OFFL",
             "station": "desk", "steps": {}, "queuedAt": now - 120, "status": "queued",
             "message": ""},
            {"key": "adv-good-0001", "token": code._get_signed_token(), "point": "OFFL",
             "station": "desk", "steps": {}, "queuedAt": now - 60, "status": "queued",
             "message": ""},
        ]
        with open_page(self, "/web/health", login="offline_counter", size=PHONE) as page:
            page.eval("localStorage.setItem(%s, %s); true" % (
                json.dumps("stock_pickup_bridge.offline_queue.%s.OFFL" % self.env.cr.dbname),
                json.dumps(json.dumps(queue))))
            page.open(COUNTER_URL)
            self._wait_for(page, ".o_pickup_counter_offline_item[data-status='confirmed']")
            # The malformed one stays queued, saying why.
            self.assertIn("malformed", page.eval(
                "document.querySelector(\".o_pickup_counter_offline_item[data-status='queued']\")"
                ".textContent"))
        code.invalidate_recordset()
        self.assertEqual(code.state, "redeemed")
