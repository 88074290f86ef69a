import { Component } from "@odoo/owl";
import { PickupSignaturePad } from "./signature_pad";

/** The signature step: the pad, its PNG kept in the store's form. */
export class PickupCounterSignatureStep extends Component {
    static template = "stock_pickup_bridge.PickupCounterSignatureStep";
    static components = { PickupSignaturePad };
    static props = { store: Object };

    get store() {
        return this.props.store;
    }

    onSignatureChange(data) {
        this.store.form.signature = data;
    }
}
