"""What a clerk reading the counter in Traditional Chinese is shown (found by looking at the
offline counter on a phone in zh_TW)."""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged


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
