import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

/**
 * Look up a waiting pickup by order, buyer name or phone digits: information only (the
 * clerk still needs the collector's code to hand over).
 */
export class PickupCounterLookup extends Component {
    static template = "stock_pickup_bridge.PickupCounterLookup";
    static props = { store: Object };

    get store() {
        return this.props.store;
    }

    lookupStateLabel(state) {
        return (
            {
                issued: _t("Issued"),
                ready: _t("Ready"),
            }[state] || state
        );
    }

    onLookupKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.lookup();
        }
    }

    async lookup() {
        const store = this.store;
        const query = store.lookupQuery.trim();
        if (query.length < 3) {
            store.notification.add(_t("Type at least 3 characters to look up a pickup."), {
                type: "warning",
            });
            return;
        }
        if (store.busy || !store.point) {
            return;
        }
        store.busy = true;
        try {
            store.lookupResults = await store.orm.call(
                "pickup.service",
                "lookup",
                [query, store.point],
                { station: store.station }
            );
        } finally {
            store.busy = false;
        }
    }
}
