import { Component } from "@odoo/owl";
import { formatQty } from "../counter_utils";

/**
 * The same buyer's other orders ready at this point (verify's ``together``): ticked ones
 * are handed over with the scanned order in one confirmation, with all their items; the
 * steps asked are the strictest ticked order's (``PickupCounterStore.steps``).
 */
export class PickupCounterTogetherList extends Component {
    static template = "stock_pickup_bridge.PickupCounterTogetherList";
    static props = { store: Object };

    setup() {
        this.formatQty = formatQty;
    }

    get together() {
        return this.props.store.pickup.together;
    }

    toggle(offer) {
        offer.selected = !offer.selected;
    }

    stepsText(offer) {
        return offer.steps.map((step) => this.props.store.stepLabel(step)).join(", ");
    }

    itemsText(offer) {
        return offer.lines.map((l) => `${l.product} × ${formatQty(l.qty)}`).join(", ");
    }
}
