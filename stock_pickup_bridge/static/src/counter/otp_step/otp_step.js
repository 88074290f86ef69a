import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

/** The OTP step: send a one-time password to the buyer's phone, type what is read out. */
export class PickupCounterOtpStep extends Component {
    static template = "stock_pickup_bridge.PickupCounterOtpStep";
    static props = { store: Object };

    get store() {
        return this.props.store;
    }

    async onClickSendOtp() {
        const store = this.store;
        if (!store.pickup || store.busy) {
            return;
        }
        store.busy = true;
        try {
            await store.orm.call("pickup.counter", "send_otp", [store.pickup.codeId, store.point]);
        } finally {
            store.busy = false;
        }
        store.form.otpSent = true;
        store.notification.add(_t("A one-time password was sent to the buyer's phone."), {
            type: "info",
        });
    }
}
