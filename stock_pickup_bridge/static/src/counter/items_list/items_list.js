import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatQty, QTY_EPSILON } from "../counter_utils";

/**
 * Count one unit of the product with this barcode. A barcode that is not in the order is
 * refused right here, without asking the server. Shared by the item field and the
 * counter's barcode scanner (a wedge or camera scan while items are being scanned).
 *
 * @param {import("../counter_store").PickupCounterStore} store
 * @param {string} barcode
 */
export function countItem(store, barcode) {
    const value = (barcode || "").trim();
    const pickup = store.pickup;
    if (!value || !pickup) {
        return;
    }
    const line = pickup.lines.find((l) => l.barcode && l.barcode === value);
    if (!line) {
        store.itemNotice = {
            type: "danger",
            message: _t("Wrong product: %(barcode)s is not part of order %(order)s.", {
                barcode: value,
                order: pickup.order,
            }),
        };
        store.sound.play("red");
        return;
    }
    if (line.done >= line.qty - QTY_EPSILON) {
        store.itemNotice = {
            type: "warning",
            message: _t("All %(qty)s × %(product)s are already counted.", {
                qty: formatQty(line.qty),
                product: line.product,
            }),
        };
        store.sound.play("amber");
        return;
    }
    line.done = Math.min(line.qty, line.done + 1);
    store.itemNotice = {
        type: "success",
        message: _t("%(product)s: %(done)s of %(qty)s", {
            product: line.product,
            done: formatQty(line.done),
            qty: formatQty(line.qty),
        }),
    };
    store.sound.play("green");
}

/**
 * The items to hand over: scanned one by one when the policy asks for an item scan,
 * otherwise all counted, with − / + to hand over part (and the reason why).
 */
export class PickupCounterItemsList extends Component {
    static template = "stock_pickup_bridge.PickupCounterItemsList";
    static props = { store: Object };

    setup() {
        this.formatQty = formatQty;
    }

    get store() {
        return this.props.store;
    }

    get scannedCount() {
        return this.store.pickup.lines.reduce((total, line) => total + line.done, 0);
    }

    get neededCount() {
        return this.store.pickup.lines.reduce((total, line) => total + line.qty, 0);
    }

    onItemKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            // Read and clear the field itself: a fast scanner types the whole barcode and
            // Enter before the next render, so the rendered value may never have changed.
            const value = ev.target.value;
            ev.target.value = "";
            this.store.itemBarcode = "";
            countItem(this.store, value);
        }
    }

    increment(line) {
        line.done = Math.min(line.qty, line.done + 1);
        this.store.itemNotice = null;
    }

    decrement(line) {
        line.done = Math.max(0, line.done - 1);
        this.store.itemNotice = null;
    }
}
