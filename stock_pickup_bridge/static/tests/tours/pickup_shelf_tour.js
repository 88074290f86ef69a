import { registry } from "@web/core/registry";
import { getTourParam, scanCodeStep, selectPointStep } from "./pickup_counter_tour_steps";

/** The short code of the test order, set by the Python test (see test_shelf_tour.py). */
let tourCode = "";

registry.category("web_tour.tours").add("pickup_shelf_tour", {
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
        selectPointStep("SHLF", "Select the shelf tour point"),
        scanCodeStep(() => tourCode),
        {
            content: "The counter says which shelf to fetch the parcel from",
            trigger:
                ".o_pickup_counter_verdict[data-reason='ok'][data-action='verify'] .o_pickup_counter_verdict_extra:contains('B-07')",
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
