import { Component, useEffect, useRef } from "@odoo/owl";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";

/**
 * The counter's header: the pickup point, the code input (a keyboard-wedge scanner types
 * into it and presses Enter), "Check" and the camera. A camera read goes to ``onScan``
 * like a wedge scan, so a product barcode counts an item while items are being scanned.
 */
export class PickupCounterScanner extends Component {
    static template = "stock_pickup_bridge.PickupCounterScanner";
    static props = { store: Object, onScan: Function };

    setup() {
        this.canUseCamera = isBarcodeScannerSupported();
        this.codeInputRef = useRef("codeInput");
        // After a verdict the field is empty: clear what a fast scanner typed past t-model.
        useEffect(
            () => {
                if (!this.store.code && this.codeInputRef.el) {
                    this.codeInputRef.el.value = "";
                }
            },
            () => [this.store.focusRequest]
        );
    }

    get store() {
        return this.props.store;
    }

    onCodeKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.store.submitCode(ev.target.value);
        }
    }

    async onClickCamera() {
        let text;
        try {
            text = await scanBarcode(this.env);
        } catch (error) {
            this.store.notification.add(
                error?.message || _t("The camera could not read a code."),
                { type: "warning" }
            );
            return;
        }
        if (text) {
            if ("vibrate" in browser.navigator) {
                browser.navigator.vibrate(100);
            }
            this.props.onScan(text);
        }
    }
}
