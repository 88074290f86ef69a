import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { PickupCounterIdStep } from "../id_step/id_step";

/** "Offline — hand-overs are queued": above everything while the server cannot be reached. */
export class PickupCounterOfflineBanner extends Component {
    static template = "stock_pickup_bridge.PickupCounterOfflineBanner";
    static props = { store: Object };
}

/**
 * The offline hand-over of an authentic signed QR (the ID check when the rules ask for
 * it, then "Hand over (queued)") and this point's queue: each item queued, not yet
 * confirmed, until the server answers confirmed or conflict. Never shown as collected
 * before the server said so.
 */
export class PickupCounterOfflineQueue extends Component {
    static template = "stock_pickup_bridge.PickupCounterOfflineQueue";
    static components = { PickupCounterIdStep };
    static props = { store: Object };

    get store() {
        return this.props.store;
    }

    get items() {
        // Newest first: the clerk reads what they just did at the top.
        return [...this.store.offlineQueue].sort((a, b) => b.queuedAt - a.queuedAt);
    }

    get hasSynced() {
        return this.store.offlineQueue.some((item) => item.status !== "queued");
    }

    statusLabel(item) {
        if (item.status === "confirmed") {
            return _t("Confirmed: collected");
        }
        if (item.status === "conflict") {
            return _t("Conflict: the supervisor is alerted");
        }
        return _t("Queued, not yet confirmed");
    }

    statusIcon(item) {
        return { confirmed: "fa-check-circle", conflict: "fa-times-circle" }[item.status] ||
            "fa-clock-o";
    }

    /** The counter's clock when it was queued (the tablet's own zone). */
    queuedTime(item) {
        return luxon.DateTime.fromSeconds(item.queuedAt).toFormat("HH:mm:ss");
    }
}
