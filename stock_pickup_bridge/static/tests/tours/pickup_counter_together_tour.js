import { registry } from "@web/core/registry";
import { fetchTourCodeStep, scanCodeStep, selectPointStep } from "./pickup_counter_tour_steps";

/** One buyer, three ready orders: one scan and one "Hand over" give all three. */
const tour = { code: "" };

registry.category("web_tour.tours").add("pickup_counter_together_tour", {
    steps: () => [
        fetchTourCodeStep(tour, "Fetch the code of the buyer's first order"),
        selectPointStep("TOUR", "Select the tour pickup point"),
        scanCodeStep(() => tour.code, "Scan one of the buyer's codes"),
        {
            content: "The buyer's two other ready orders are offered, ticked",
            trigger:
                ".o_pickup_counter_together .o_pickup_counter_together_order:nth-child(2) input:checked",
        },
        {
            content: "Hand over all three",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "The banner names the orders handed over with it",
            trigger: ".o_pickup_counter_verdict:contains('Handed over with it')",
        },
    ],
});
