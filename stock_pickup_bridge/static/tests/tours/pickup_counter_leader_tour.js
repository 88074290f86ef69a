import { registry } from "@web/core/registry";
import { fetchTourCodeStep, scanCodeStep, selectPointStep } from "./pickup_counter_tour_steps";

/**
 * A group leader collects two members' orders: one scan of the leader's code, the other
 * member's order offered with it, one "Hand over" (then the portal tours of pickup_code:
 * the leader marks one handed out, the member confirms receipt).
 */
const tour = { code: "" };

registry.category("web_tour.tours").add("pickup_counter_leader_tour", {
    steps: () => [
        fetchTourCodeStep(tour, "Fetch the leader's code for the first member's order"),
        selectPointStep("TOUR", "Select the tour pickup point"),
        scanCodeStep(() => tour.code, "Scan the leader's code"),
        {
            content: "The second member's order is offered with it, ticked",
            trigger:
                ".o_pickup_counter_together .o_pickup_counter_together_order:nth-child(1) input:checked",
        },
        {
            content: "Hand over both",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "The banner names the order handed over with it",
            trigger: ".o_pickup_counter_verdict:contains('Handed over with it')",
        },
    ],
});
