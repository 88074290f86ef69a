import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { PickupCounterStore } from "@stock_pickup_bridge/counter/counter_store";
import { readPhoto } from "@stock_pickup_bridge/counter/counter_utils";
import { PickupCounterIdStep } from "@stock_pickup_bridge/counter/id_step/id_step";

/**
 * "Read from photo" on the counter's ID step: the server reads the collector's ID document
 * (OCR) and fills the document type and last 4 characters for the clerk to confirm. When the
 * company keeps ID photos, the photo goes with the hand-over's ID step
 * (``steps.id_check.photo``); otherwise it never leaves this screen after the reading.
 *
 * The store knows whether OCR is offered and sends the kept photo; the ID step component
 * reads the photo.
 */
patch(PickupCounterStore.prototype, {
    setup(services) {
        super.setup(services);
        Object.assign(this, { ocrAvailable: false, keepIdPhoto: false });
    },

    _onCounterContext(context) {
        super._onCounterContext(context);
        this.ocrAvailable = Boolean(context.ocr_available);
        this.keepIdPhoto = Boolean(context.keep_id_photo);
    },

    _emptyForm() {
        return { ...super._emptyForm(), idName: "", idPhoto: "", ocrNotice: null };
    },

    _buildSteps() {
        const steps = super._buildSteps();
        if (steps.id_check && this.keepIdPhoto && this.form.idPhoto) {
            // Kept on the hand-over for the company's retention period only.
            steps.id_check.photo = this.form.idPhoto;
        }
        return steps;
    },
});

patch(PickupCounterIdStep.prototype, {
    /**
     * "Read from photo": the server reads the ID document (OCR) and the ID step is filled
     * for the clerk to confirm against the document. Nothing is handed over from here.
     */
    async onIdPhotoChange(ev) {
        const store = this.store;
        const file = ev.target.files && ev.target.files[0];
        ev.target.value = "";
        const form = store.form;
        if (!file || store.busy) {
            return;
        }
        let photo;
        try {
            photo = await readPhoto(file);
        } catch {
            form.ocrNotice = {
                type: "danger",
                message: _t("This file is not a readable image."),
            };
            return;
        }
        store.busy = true;
        let result;
        try {
            result = await store.orm.call("pickup.counter", "read_id_document", [photo]);
        } finally {
            store.busy = false;
        }
        if (!result.available) {
            store.ocrAvailable = false;
            form.ocrNotice = {
                type: "warning",
                message: _t("Reading documents from a photo is not available: type the details."),
            };
            return;
        }
        form.idPhoto = result.error ? "" : photo;
        if (!result.recognised) {
            form.ocrNotice = {
                type: "warning",
                message:
                    result.message ||
                    _t("Nothing could be read from this photo: take it again or type the details."),
            };
            return;
        }
        if (result.doc_type && store.docTypes.some((d) => d.value === result.doc_type)) {
            form.docType = result.doc_type;
        }
        if (result.last4) {
            form.last4 = result.last4;
        }
        form.idName = result.name || "";
        form.ocrNotice = {
            type: result.confidence >= 0.8 ? "info" : "warning",
            message: result.message,
        };
    },
});
