import { _t } from "@web/core/l10n/translation";

/**
 * What the verdict banner shows for a server answer: the message and the extra lines
 * (wrong or surplus products, the parcel to fetch and its shelf, an order collected in part before).
 *
 * @param {Object} result the answer of ``pickup.service`` ``verify`` or ``redeem``
 * @param {"verify"|"redeem"} action
 */
export function buildVerdict(result, action) {
    const details = result.details || {};
    const extra = [];
    if (details.wrong_product) {
        extra.push(_t("Not in this order: %(product)s", { product: details.wrong_product }));
    }
    if (Array.isArray(details.too_many) && details.too_many.length) {
        extra.push(
            _t("More than ordered: %(products)s", { products: details.too_many.join(", ") })
        );
    }
    if (action === "verify" && result.parcel) {
        extra.push(
            result.shelf
                ? _t("Fetch parcel %(parcel)s from shelf %(shelf)s", {
                      parcel: result.parcel,
                      shelf: result.shelf,
                  })
                : _t("Fetch parcel %(parcel)s", { parcel: result.parcel })
        );
    }
    if (action === "verify" && result.verdict === "ok" && result.partly_collected) {
        extra.push(_t("Part of this order was collected already: hand over what is left."));
    }
    let message = result.message;
    if (action === "redeem" && result.verdict === "ok") {
        message = result.backorder
            ? _t(
                  "Order %(order)s was handed over in part: the rest waits in backorder %(backorder)s.",
                  { order: result.order, backorder: result.backorder }
              )
            : _t("Order %(order)s was handed over.", { order: result.order });
    }
    if (action === "redeem" && Array.isArray(result.together)) {
        const given = result.together.filter((r) => r.verdict === "ok").map((r) => r.order);
        if (given.length) {
            extra.push(_t("Handed over with it: %(orders)s", { orders: given.join(", ") }));
        }
        for (const other of result.together.filter((r) => r.verdict !== "ok")) {
            extra.push(
                _t("Not handed over: %(order)s (%(message)s)", {
                    order: other.order,
                    message: other.message,
                })
            );
        }
    }
    return {
        action,
        reason: result.reason,
        colour: result.colour,
        message,
        extra,
        order: result.order || "",
        buyer: result.buyer || "",
        delegate: result.delegate || "",
        picking: result.picking || "",
        backorder: result.backorder || "",
    };
}

/**
 * The banner's colour: a valid code that still needs checks is amber, not green.
 *
 * @param {Object|null} verdict from :func:`buildVerdict`
 * @param {string[]} steps the steps of the loaded code
 */
export function verdictColour(verdict, steps) {
    if (!verdict) {
        return "";
    }
    if (verdict.reason === "ok" && verdict.action === "verify" && steps.length) {
        return "amber";
    }
    return verdict.colour || "red";
}
