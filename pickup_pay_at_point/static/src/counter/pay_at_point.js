import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { PickupCounterStore } from "@stock_pickup_bridge/counter/counter_store";

/**
 * Pay at pickup (取貨付款) on the counter screen: a code refused with ``payment_required``
 * shows the amount due and "Paid in cash" / "Paid by card"; the server posts the invoice
 * and registers the payment (``pickup.counter.record_payment``), then the screen checks
 * the code again, which now answers ``ok`` and loads the hand-over as usual.
 */
patch(PickupCounterStore.prototype, {
    setup(services) {
        super.setup(services);
        // The pay-at-pickup order waiting for its payment: {codeId, text, amountText, order}.
        this.payment = null;
        this.lastScan = "";
    },

    async submitCode(text) {
        if (!this.busy) {
            this.lastScan = (text || "").trim();
        }
        return super.submitCode(text);
    },

    _showVerdict(result, action) {
        super._showVerdict(result, action);
        this.payment =
            result.reason === "payment_required" && result.code_id
                ? {
                      codeId: result.code_id,
                      text: this.lastScan,
                      amountText: result.amount_due_text || "",
                      order: result.order || "",
                  }
                : null;
    },

    reset() {
        if (!this.busy) {
            this.payment = null;
        }
        super.reset();
    },

    /**
     * The clerk took the money: record it, then check the code again for the hand-over.
     *
     * @param {"cash"|"card"} method
     */
    async recordPayment(method) {
        const payment = this.payment;
        if (!payment || this.busy) {
            return;
        }
        this.busy = true;
        let result;
        try {
            result = await this.orm.call("pickup.counter", "record_payment", [
                payment.codeId,
                this.point,
                method,
            ]);
        } finally {
            this.busy = false;
        }
        this.payment = null;
        this.notification.add(
            _t("%(amount)s received for order %(order)s.", {
                amount: result.amount_text,
                order: payment.order,
            }),
            { type: "success" }
        );
        await this.submitCode(payment.text);
    },
});
