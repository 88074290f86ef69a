import { rpc } from "@web/core/network/rpc";

/**
 * What the counter tours share. The Python tests hand their data (a code, a photo, a
 * passkey) to the browser through system parameters; the tours run as the administrator.
 */

/** @returns {Promise<string|false>} the system parameter ``key`` set by the Python test */
export function getTourParam(key) {
    return rpc("/web/dataset/call_kw/ir.config_parameter/get_param", {
        model: "ir.config_parameter",
        method: "get_param",
        args: [key],
        kwargs: {},
    });
}

/** Choose the pickup point ``point`` (its code) on the counter screen. */
export function selectPointStep(point, content = "Select the pickup point") {
    return {
        content,
        trigger: `.o_pickup_counter_point_select:has(option[value='${point}'])`,
        async run(helpers) {
            if (this.anchor.value !== point) {
                await helpers.select(point);
            }
        },
    };
}

/**
 * Type a code and press Enter, as a scanner does.
 *
 * @param {() => string} getCode read when the step runs (the code is fetched by an earlier step)
 */
export function scanCodeStep(getCode, content = "Scan the code") {
    return {
        content,
        trigger: ".o_pickup_counter_input",
        async run(helpers) {
            await helpers.edit(getCode());
            await helpers.press("Enter");
        },
    };
}

/**
 * The first step of a tour that scans the test order: read the short code the Python test
 * set (system parameter ``stock_pickup_bridge.tour_code``) into ``holder.code``.
 *
 * @param {{code: string}} holder where the later steps read the code
 */
export function fetchTourCodeStep(holder, content = "Fetch the code of the test order") {
    return {
        content,
        trigger: ".o_pickup_counter_input:enabled",
        async run() {
            holder.code = await getTourParam("stock_pickup_bridge.tour_code");
            if (!holder.code) {
                throw new Error("No tour code was set by the test");
            }
        },
    };
}
