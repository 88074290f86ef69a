import { startAuthentication } from "@auth_passkey/../lib/simplewebauthn";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { PickupCounterApprovalStep } from "@stock_pickup_bridge/counter/approval_step/approval_step";
import { PickupCounterStore } from "@stock_pickup_bridge/counter/counter_store";

/**
 * Passkey approval on the counter screen: the second person touches "Approve with passkey"
 * and confirms with a fingerprint or face on their phone (or any passkey authenticator).
 * The signed assertion is sent with the hand-over as ``{"method": "passkey", ...}``; the
 * password + PIN fields stay for supervisors without a passkey.
 *
 * The store keeps the assertion (``form.passkeyResponse``) and sends it; the approval step
 * component asks for it.
 */
patch(PickupCounterStore.prototype, {
    _emptyForm() {
        return { ...super._emptyForm(), passkeyResponse: "" };
    },

    isStepReady(step) {
        if (step === "approval" && this.form.passkeyResponse) {
            return true;
        }
        return super.isStepReady(step);
    },

    _buildSteps() {
        const steps = super._buildSteps();
        if (this.steps.includes("approval") && this.form.passkeyResponse) {
            steps.approval = {
                method: "passkey",
                webauthn_response: this.form.passkeyResponse,
            };
        }
        return steps;
    },

    _afterStepRefusal(result) {
        super._afterStepRefusal(result);
        // The server spends the session's challenge with every hand-over attempt: a refused
        // hand-over needs a fresh touch of the passkey.
        this.form.passkeyResponse = "";
    },
});

patch(PickupCounterApprovalStep.prototype, {
    async onClickPasskeyApproval() {
        const store = this.store;
        if (!store.pickup || store.busy) {
            return;
        }
        store.busy = true;
        let options;
        try {
            options = await store.orm.call("pickup.counter", "start_passkey_approval", [
                store.point,
            ]);
        } finally {
            store.busy = false;
        }
        let assertion;
        try {
            // simplewebauthn converts base64url <-> ArrayBuffer both ways.
            assertion = await startAuthentication(options);
        } catch {
            store.notification.add(
                _t(
                    "No passkey approval: it was cancelled or this device has no passkey. Try again, or use the login, password and PIN."
                ),
                { type: "warning" }
            );
            return;
        }
        store.form.passkeyResponse = JSON.stringify(assertion);
        store.sound.play("green");
    },

    clearPasskeyApproval() {
        this.store.form.passkeyResponse = "";
    },
});
