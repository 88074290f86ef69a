import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { readPhoto } from "../counter_utils";

/** The photo step: a picture of the hand-over, downscaled in the browser. */
export class PickupCounterPhotoStep extends Component {
    static template = "stock_pickup_bridge.PickupCounterPhotoStep";
    static props = { store: Object };

    get store() {
        return this.props.store;
    }

    async onPhotoChange(ev) {
        const file = ev.target.files && ev.target.files[0];
        if (!file) {
            return;
        }
        const form = this.store.form;
        try {
            form.photo = await readPhoto(file);
            form.photoPreview = `data:image/jpeg;base64,${form.photo}`;
        } catch {
            form.photo = "";
            form.photoPreview = "";
            this.store.notification.add(_t("This file is not a readable image."), {
                type: "danger",
            });
        }
        ev.target.value = "";
    }

    clearPhoto() {
        this.store.form.photo = "";
        this.store.form.photoPreview = "";
    }
}
