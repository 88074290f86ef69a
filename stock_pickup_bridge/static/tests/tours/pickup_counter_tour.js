import { registry } from "@web/core/registry";
import { getTourParam, scanCodeStep, selectPointStep } from "./pickup_counter_tour_steps";

/** The short code of the test order, set by the Python test (see test_counter_tour.py). */
let tourCode = "";

/** Draw a stroke on the signature pad with pointer events, as a finger would. */
function drawSignature(canvas) {
    const rect = canvas.getBoundingClientRect();
    const points = [
        [0.1, 0.7],
        [0.25, 0.3],
        [0.4, 0.65],
        [0.55, 0.35],
        [0.7, 0.6],
        [0.9, 0.4],
    ].map(([x, y]) => ({
        clientX: rect.left + x * rect.width,
        clientY: rect.top + y * rect.height,
    }));
    const fire = (type, point) =>
        canvas.dispatchEvent(
            new PointerEvent(type, {
                bubbles: true,
                cancelable: true,
                pointerId: 1,
                pointerType: "pen",
                isPrimary: true,
                buttons: type === "pointerup" ? 0 : 1,
                ...point,
            })
        );
    fire("pointerdown", points[0]);
    for (const point of points.slice(1)) {
        fire("pointermove", point);
    }
    fire("pointerup", points.at(-1));
}

registry.category("web_tour.tours").add("pickup_counter_tour", {
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
        selectPointStep("TOUR", "Select the tour pickup point"),
        {
            content: "Open the lookup",
            trigger: ".o_pickup_counter_lookup summary",
            run: "click",
        },
        {
            content: "Look up the buyer by name",
            trigger: ".o_pickup_counter_lookup_input",
            async run(helpers) {
                await helpers.edit("Tour Buyer");
                await helpers.press("Enter");
            },
        },
        {
            content: "The waiting order is listed (information only)",
            trigger: ".o_pickup_counter_lookup_results td:contains('Tour Buyer')",
        },
        {
            content: "Type the pickup code",
            trigger: ".o_pickup_counter_input",
            async run(helpers) {
                await helpers.edit(tourCode);
            },
        },
        {
            content: "Submit it with Enter",
            trigger: ".o_pickup_counter_input",
            run: "press Enter",
        },
        {
            content: "The code is valid but the policy asks for checks (amber)",
            trigger:
                ".o_pickup_counter_verdict[data-reason='ok'][data-action='verify'][data-colour='amber']",
        },
        {
            content: "The steps of the policy are shown",
            trigger: ".o_pickup_counter_steps .o_pickup_counter_step_id_check select",
            run: "select national_id",
        },
        {
            content: "A wrong ID document number...",
            trigger: ".o_pickup_counter_last4",
            run: "edit 999Z",
        },
        {
            content: "...is refused by the server when handing over",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "ID mismatch: the code stays loaded, the ID step is flagged and emptied",
            trigger: ".o_pickup_counter_verdict[data-reason='id_mismatch'][data-action='redeem']",
        },
        {
            trigger: ".o_pickup_counter_step_id_check.o_failing .o_pickup_counter_last4",
            run() {
                if (this.anchor.value) {
                    throw new Error("The refused ID number should have been cleared");
                }
            },
        },
        {
            content: "Enter the right last 4 characters of the ID",
            trigger: ".o_pickup_counter_last4",
            run: "edit 123A",
        },
        {
            content: "Second person: supervisor login",
            trigger: ".o_pickup_counter_approver_login",
            run: "edit tour_sup",
        },
        {
            content: "Second person: supervisor password",
            trigger: ".o_pickup_counter_approver_password",
            run: "edit tour_sup",
        },
        {
            content: "Second person: approval PIN (this supervisor has no passkey)",
            trigger: ".o_pickup_counter_approver_pin",
            run: "edit 4826",
        },
        {
            content: "The collector signs",
            trigger: ".o_pickup_counter_signature canvas",
            run() {
                drawSignature(this.anchor);
            },
        },
        {
            content: "The signature is taken",
            trigger: ".o_pickup_counter_step_signature.o_done",
        },
        {
            content: "A product that is not in the order is refused",
            trigger: ".o_pickup_counter_item_input",
            async run(helpers) {
                await helpers.edit("0000000000000");
                await helpers.press("Enter");
            },
        },
        {
            content: "Wrong product notice",
            trigger: ".o_pickup_counter_item_notice.alert-danger",
        },
        {
            content: "Scan the ordered product",
            trigger: ".o_pickup_counter_item_input",
            async run(helpers) {
                await helpers.edit("4710000099012");
                await helpers.press("Enter");
            },
        },
        {
            content: "All items are counted",
            trigger: ".o_pickup_counter_line.o_complete",
        },
        {
            content: "Hand over",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "Collected",
            trigger:
                ".o_pickup_counter_verdict[data-reason='ok'][data-action='redeem'][data-colour='green']",
        },
        {
            content: "The transfer is shown",
            trigger: ".o_pickup_counter_verdict .o_pickup_counter_picking",
        },
        {
            content: "The screen is ready for the next code",
            trigger: ".o_pickup_counter:not(:has(.o_pickup_counter_steps))",
        },
        scanCodeStep(() => tourCode, "Scan the same code again"),
        {
            content: "Already collected (red)",
            trigger: ".o_pickup_counter_verdict[data-reason='already_redeemed'][data-colour='red']",
        },
        {
            content: "Escape clears the screen",
            trigger: ".o_pickup_counter_input",
            run: "press Escape",
        },
        {
            trigger:
                ".o_pickup_counter:not(:has(.o_pickup_counter_verdict)) .o_pickup_counter_idle",
        },
    ],
});
