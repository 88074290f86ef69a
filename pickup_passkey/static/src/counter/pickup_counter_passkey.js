import { startAuthentication } from "@auth_passkey/../lib/simplewebauthn";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { PickupCounter } from "@stock_pickup_bridge/counter/pickup_counter";

/**
 * Passkey approval on the counter screen: the second person touches "Approve with passkey"
 * and confirms with a fingerprint or face on their phone (or any passkey authenticator).
 * The signed assertion is sent with the hand-over as ``{"method": "passkey", ...}``; the
 * password + PIN fields stay for supervisors without a passkey.
 */
patch(PickupCounter.prototype, {
    _emptyForm() {
        return { ...super._emptyForm(), passkeyResponse: "" };
    },

    isStepReady(step) {
        if (step === "approval" && this.state.form.passkeyResponse) {
            return true;
        }
        return super.isStepReady(step);
    },

    _buildSteps() {
        const steps = super._buildSteps();
        if (this.steps.includes("approval") && this.state.form.passkeyResponse) {
            steps.approval = {
                method: "passkey",
                webauthn_response: this.state.form.passkeyResponse,
            };
        }
        return steps;
    },

    _afterStepRefusal(result) {
        super._afterStepRefusal(result);
        // The server spends the session's challenge with every hand-over attempt: a refused
        // hand-over needs a fresh touch of the passkey.
        this.state.form.passkeyResponse = "";
    },

    async onClickPasskeyApproval() {
        if (!this.state.pickup || this.state.busy) {
            return;
        }
        this.state.busy = true;
        let options;
        try {
            options = await this.orm.call("pickup.counter", "start_passkey_approval", [
                this.state.point,
            ]);
        } finally {
            this.state.busy = false;
        }
        let assertion;
        try {
            // simplewebauthn converts base64url <-> ArrayBuffer both ways.
            assertion = await startAuthentication(options);
        } catch {
            this.notification.add(
                _t(
                    "No passkey approval: it was cancelled or this device has no passkey. Try again, or use the login, password and PIN."
                ),
                { type: "warning" }
            );
            return;
        }
        this.state.form.passkeyResponse = JSON.stringify(assertion);
        this.sound.play("green");
    },

    clearPasskeyApproval() {
        this.state.form.passkeyResponse = "";
    },
});
