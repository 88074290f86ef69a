import { registry } from "@web/core/registry";
import {
    getTourParam,
    scanCodeStep,
    selectPointStep,
} from "@stock_pickup_bridge/../tests/tours/pickup_counter_tour_steps";

/**
 * "I'm here" reaches the counter over the bus: the buyer's tap (the POST their pickup page
 * sends to its short link) makes the parcel appear in the queue; clicking it marks whom the
 * clerk serves; the buyer's code is scanned as usual; the hand-over takes it off the queue.
 * Set up by test_slot_tours.py.
 */
const tour = { link: "", parcel: "", code: "" };

registry.category("web_tour.tours").add("pickup_slot_arrival_tour", {
    steps: () => [
        {
            content: "Fetch the buyer's short link and parcel",
            trigger: ".o_pickup_counter_input:enabled",
            async run() {
                tour.link = await getTourParam("pickup_slot.tour_link");
                tour.parcel = await getTourParam("pickup_slot.tour_parcel");
                tour.code = await getTourParam("pickup_slot.tour_code");
                if (!tour.link || !tour.parcel || !tour.code) {
                    throw new Error("The test set no link or parcel");
                }
            },
        },
        selectPointStep("PTA"),
        {
            content: "Nobody waits yet",
            trigger: ".o_pickup_slot_arrivals .o_pickup_slot_arrivals_empty",
        },
        {
            content: "The buyer taps \"I'm here\" on their phone (the same POST as the button)",
            trigger: ".o_pickup_slot_arrivals",
            async run() {
                const body = new FormData();
                body.append("csrf_token", odoo.csrf_token);
                const response = await fetch(`${tour.link}/here`, { method: "POST", body });
                if (!response.url.includes("here=ok")) {
                    throw new Error(`"I'm here" answered ${response.url}`);
                }
            },
        },
        {
            content: "The arrival appears on the counter with its parcel and minutes waited",
            trigger: ".o_pickup_slot_arrival:has(.o_pickup_slot_arrival_wait)",
            run() {
                const parcel = this.anchor.querySelector(".o_pickup_slot_arrival_parcel");
                if (!parcel.textContent.includes(tour.parcel)) {
                    throw new Error(`The queue shows ${parcel.textContent}`);
                }
            },
        },
        {
            content: "Open the arrival",
            trigger: ".o_pickup_slot_arrival",
            run: "click",
        },
        {
            content: "The arrival is marked: the clerk asks for the code",
            trigger: ".o_pickup_slot_arrival.o_selected .o_pickup_slot_arrival_hint",
        },
        scanCodeStep(() => tour.code, "Scan the code the buyer shows"),
        {
            content: "Its code is verified",
            trigger: ".o_pickup_counter_verdict[data-reason='ok'][data-action='verify']",
        },
        {
            content: "Hand over",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "Handed over",
            trigger: ".o_pickup_counter_verdict[data-reason='ok'][data-action='redeem']",
        },
        {
            content: "The queue is empty again",
            trigger: ".o_pickup_slot_arrivals .o_pickup_slot_arrivals_empty",
        },
    ],
});
