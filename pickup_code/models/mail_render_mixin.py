import logging

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval

_logger = logging.getLogger(__name__)


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None,
                              options=None):
        """Override of `mail`: with ``pickup_render_once`` in the context (the pickup
        notices' batches, rendered as the superuser) the template is compiled once per call
        and evaluated per record. Odoo compiles a raw template again for every record (an
        element has no compile cache), which costs more than the rest of a notice.

        Anything unusual (one record, another user, a template that fails) takes Odoo's own
        path, which also raises Odoo's own errors.
        """
        if not (self.env.context.get("pickup_render_once") and self.env.su
                and template_src and len(res_ids) > 1
                and self._has_unsafe_expression_template_qweb(template_src, model)):
            return super()._render_template_qweb(template_src, model, res_ids,
                                                 add_context=add_context, options=options)
        variables = self._render_eval_context()
        if add_context:
            variables.update(**add_context)
        try:
            qweb = self.env["ir.qweb"].with_context(**(options or {}))._prepare_environment(
                variables)
            safe_eval.check_values(variables)
            functions, name = qweb._compile(
                html.fragment_fromstring(template_src, create_parent="div"))
            results = {}
            for record in self.env[model].browse(res_ids):
                rendered = Markup("".join(functions[name](qweb, dict(variables, object=record))))
                # Without the <div> that wrapped the template's nodes into one.
                results[record.id] = rendered[5:-6]
        except Exception:  # noqa: BLE001 - Odoo's path renders again and raises its error
            _logger.info("Batch render failed, rendering per record", exc_info=True)
            return super()._render_template_qweb(template_src, model, res_ids,
                                                 add_context=add_context, options=options)
        return results
