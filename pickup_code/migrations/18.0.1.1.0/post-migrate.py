"""The SMS templates were rewritten to fit one or two segments. Their data file is
``noupdate`` (an upgrade keeps the old text), so load it once more as at install time (a
user's own edits to those three templates are replaced), with their translations: an
upgrade never overwrites the translation of a ``noupdate`` record, which would pair the new
English text with the old Chinese."""

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file
from odoo.tools.translate import TranslationImporter, get_po_paths

TEMPLATES = ["pickup_code.sms_template_pickup_issued", "pickup_code.sms_template_pickup_ready",
             "pickup_code.sms_template_pickup_reminder"]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    convert_file(env, "pickup_code", "data/sms_template_data.xml", {}, mode="init",
                 noupdate=True)
    importer = TranslationImporter(cr, verbose=False)
    for lang, _name in env["res.lang"].get_installed():
        if lang == "en_US":
            continue
        for path in get_po_paths("pickup_code", lang, env):
            importer.load_file(path, lang, xmlids=TEMPLATES)
    importer.save(overwrite=True, force_overwrite=True)
