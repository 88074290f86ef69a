import { registry } from "@web/core/registry";
import {
    getTourParam,
    scanCodeStep,
    selectPointStep,
} from "@stock_pickup_bridge/../tests/tours/pickup_counter_tour_steps";

/** The short code of the test order, set by the Python test (test_pay_at_point_tour.py). */
let tourCode = "";

registry.category("web_tour.tours").add("pickup_pay_at_point_tour", {
    steps: () => [
        {
            content: "Fetch the code of the test order",
            trigger: ".o_pickup_counter_input:enabled",
            async run() {
                tourCode = await getTourParam("stock_pickup_bridge.tour_code");
                if (!tourCode) {
                    throw new Error("No tour code was set by the test");
                }
            },
        },
        selectPointStep("PAYT", "Select the pay tour point"),
        scanCodeStep(() => tourCode),
        {
            content: "Refused until paid (amber), with the shelf to fetch the parcel from",
            trigger:
                ".o_pickup_counter_verdict[data-reason='payment_required'][data-colour='amber'] .o_pickup_counter_verdict_extra:contains('C-03')",
        },
        {
            content: "The amount due is shown",
            trigger: ".o_pickup_counter_amount_due:contains('700')",
        },
        {
            content: "The clerk takes the cash",
            trigger: ".o_pickup_counter_pay_cash:enabled",
            run: "click",
        },
        {
            content: "Paid: the code is checked again and may be handed over",
            trigger: ".o_pickup_counter_verdict[data-reason='ok'][data-action='verify']",
        },
        {
            content: "Hand over",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "Collected",
            trigger: ".o_pickup_counter_verdict[data-reason='ok'][data-action='redeem']",
        },
    ],
});
