import { registry } from "@web/core/registry";
import { getTourParam, scanCodeStep, selectPointStep } from "./pickup_counter_tour_steps";

/** One buyer, three ready orders: one scan and one "Hand over" give all three. */
let tourCode = "";

registry.category("web_tour.tours").add("pickup_counter_together_tour", {
    steps: () => [
        {
            content: "Fetch the code of the buyer's first order",
            trigger: ".o_pickup_counter_input:enabled",
            async run() {
                tourCode = await getTourParam("stock_pickup_bridge.tour_code");
                if (!tourCode) {
                    throw new Error("No tour code was set by the test");
                }
            },
        },
        selectPointStep("TOUR", "Select the tour pickup point"),
        scanCodeStep(() => tourCode, "Scan one of the buyer's codes"),
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
