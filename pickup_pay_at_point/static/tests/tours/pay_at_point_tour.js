import { registry } from "@web/core/registry";
import {
    fetchTourCodeStep,
    scanCodeStep,
    selectPointStep,
} from "@stock_pickup_bridge/../tests/tours/pickup_counter_tour_steps";

/** The short code of the test order, set by the Python test (test_pay_at_point_tour.py). */
const tour = { code: "" };

registry.category("web_tour.tours").add("pickup_pay_at_point_tour", {
    steps: () => [
        fetchTourCodeStep(tour),
        selectPointStep("PAYT", "Select the pay tour point"),
        scanCodeStep(() => tour.code),
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
