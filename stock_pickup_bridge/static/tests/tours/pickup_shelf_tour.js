import { registry } from "@web/core/registry";
import { fetchTourCodeStep, scanCodeStep, selectPointStep } from "./pickup_counter_tour_steps";

/** The short code of the test order, set by the Python test (see test_shelf_tour.py). */
const tour = { code: "" };

registry.category("web_tour.tours").add("pickup_shelf_tour", {
    steps: () => [
        fetchTourCodeStep(tour),
        selectPointStep("SHLF", "Select the shelf tour point"),
        scanCodeStep(() => tour.code),
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
