import { registry } from "@web/core/registry";
import { ConnectionLostError, rpc } from "@web/core/network/rpc";
import { getTourParam, scanCodeStep, selectPointStep } from "./pickup_counter_tour_steps";

/**
 * The counter loses the server, hands over two signed QR codes offline (queued, not yet
 * confirmed), gets the server back and syncs: the first is confirmed, the second was
 * collected at another counter meanwhile and comes back as a conflict.
 *
 * The network is cut the way Odoo's own tests do it: every RPC of the page rejects with
 * ``ConnectionLostError`` (what a dropped connection gives), and the window hears
 * ``offline``; restoring puts the real RPC back and fires ``online``.
 */
const tour = { tokens: [], realRpc: null };

function cutNetwork() {
    tour.realRpc = rpc._rpc;
    rpc._rpc = (url) => Promise.reject(new ConnectionLostError(url));
    window.dispatchEvent(new Event("offline"));
}

function restoreNetwork() {
    rpc._rpc = tour.realRpc;
    window.dispatchEvent(new Event("online"));
}

function queueStep(index) {
    return [
        scanCodeStep(() => tour.tokens[index], `Scan signed QR ${index + 1} while offline`),
        {
            content: "Checked on this device: authentic",
            trigger: ".o_pickup_counter_verdict[data-reason='offline_authentic']",
        },
        {
            content: "Hand over, queued",
            trigger: ".o_pickup_counter_queue_handover",
            run: "click",
        },
        {
            content: "Queued, not yet confirmed (never collected)",
            trigger: `.o_pickup_counter_verdict[data-reason='offline_queued']:not(:contains('Collected'))`,
        },
    ];
}

registry.category("web_tour.tours").add("pickup_offline_counter_tour", {
    steps: () => [
        {
            content: "Fetch the signed QR codes of the two test orders",
            trigger: ".o_pickup_counter_input:enabled",
            async run() {
                tour.tokens = JSON.parse(
                    (await getTourParam("stock_pickup_bridge.tour_offline_tokens")) || "[]"
                );
                if (tour.tokens.length !== 2) {
                    throw new Error("The test set no tokens");
                }
            },
        },
        selectPointStep("OFFL", "Select the offline tour point"),
        {
            content: "The network drops",
            trigger: ".o_pickup_counter_input:enabled",
            run: cutNetwork,
        },
        {
            content: "The counter says it is offline",
            trigger: ".o_pickup_counter_offline_banner:contains('Offline')",
        },
        ...queueStep(0),
        ...queueStep(1),
        {
            content: "Both are queued, not yet confirmed",
            trigger:
                ".o_pickup_counter_offline_queue:has(.o_pickup_counter_offline_item[data-status='queued'] + .o_pickup_counter_offline_item[data-status='queued'])",
        },
        {
            content: "Meanwhile another counter (still online) hands the second order over",
            trigger: ".o_pickup_counter_offline_queue",
            async run() {
                const result = await tour.realRpc(
                    "/web/dataset/call_kw/pickup.service/redeem",
                    {
                        model: "pickup.service",
                        method: "redeem",
                        args: [tour.tokens[1], "OFFL"],
                        kwargs: { station: "other-desk" },
                    },
                    {}
                );
                if (result.verdict !== "ok") {
                    throw new Error("The other counter could not hand over: " + result.reason);
                }
            },
        },
        {
            content: "A non-signed code cannot be checked offline: nothing is queued",
            trigger: ".o_pickup_counter_input:enabled",
            async run(helpers) {
                await helpers.edit("ABCD-EFGH-J");
                await helpers.press("Enter");
            },
        },
        {
            content: "Said so",
            trigger: ".o_pickup_counter_verdict[data-reason='offline_unchecked']",
        },
        {
            content: "The network is back",
            trigger: ".o_pickup_counter_offline_banner",
            run: restoreNetwork,
        },
        {
            content: "The first is confirmed, the second is a conflict",
            trigger:
                ".o_pickup_counter_offline_queue:has(.o_pickup_counter_offline_item[data-status='confirmed']):has(.o_pickup_counter_offline_item[data-status='conflict']):not(:has([data-status='queued']))",
        },
        {
            content: "The banner is gone",
            trigger: ".o_pickup_counter:not(:has(.o_pickup_counter_offline_banner))",
        },
        {
            content: "The conflict says why",
            trigger:
                ".o_pickup_counter_offline_conflict .o_pickup_counter_offline_message:contains('Already collected')",
        },
    ],
});
