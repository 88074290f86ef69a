import { Component, markRaw, onMounted, onWillUnmount, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { useService } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";
import { PickupCounter } from "@stock_pickup_bridge/counter/pickup_counter";
import { PickupCounterStore } from "@stock_pickup_bridge/counter/counter_store";

/**
 * "I'm here" on the counter screen: the buyers who announced their arrival at this point,
 * oldest first, with their parcel and how long they have waited. New arrivals come over
 * Odoo's bus (the point's channel, ``pickup_slot.arrivals_<point id>``, granted by the
 * server to the point's staff only); a hand-over takes the row away. No polling: the only
 * timer redraws the minutes waited.
 *
 * Clicking an arrival marks whom the clerk serves (the parcel to fetch stands out); the
 * buyer still shows their code and the clerk scans it as usual. The screen never gets a
 * code's secret: whoever tapped "I'm here" from a link is not yet the person at the counter.
 */
patch(PickupCounterStore.prototype, {
    setup(services) {
        super.setup(services);
        Object.assign(this, {
            arrivalsEnabled: false,
            arrivals: [],
            arrivalChannel: "",
            selectedArrivalId: null,
        });
        this.busService = null;
    },

    /** Called by the screen once: the bus service and its two message types. */
    attachArrivalBus(busService) {
        this.busService = markRaw(busService);
        busService.subscribe("pickup_slot/arrival", (payload) => this._onArrival(payload));
        busService.subscribe("pickup_slot/served", (payload) => this._onServed(payload));
    },

    _onCounterContext(context) {
        super._onCounterContext(context);
        this.arrivalsEnabled = Boolean(context.arrivals_enabled);
        this.loadArrivals();
    },

    changePoint(point) {
        super.changePoint(point);
        this.loadArrivals();
    },

    get currentPointId() {
        return this.points.find((p) => p.code === this.point)?.id;
    },

    async loadArrivals() {
        if (!this.arrivalsEnabled || !this.point) {
            return;
        }
        const point = this.point;
        const result = await this.orm.call("pickup.counter", "get_arrivals", [point]);
        if (point !== this.point) {
            return; // the clerk changed point meanwhile
        }
        if (this.busService && result.channel !== this.arrivalChannel) {
            if (this.arrivalChannel) {
                this.busService.deleteChannel(this.arrivalChannel);
            }
            this.arrivalChannel = result.channel;
            this.busService.addChannel(result.channel);
        }
        const known = new Map(this.arrivals.map((a) => [a.id, a]));
        for (const row of result.arrivals) {
            known.set(row.id, row);
        }
        // Keep what the bus brought while the list was on its way, for this point only.
        this.arrivals = [...known.values()]
            .filter((a) => a.point_id === this.currentPointId)
            .sort((a, b) => (a.arrived < b.arrived ? -1 : a.arrived > b.arrived ? 1 : 0));
    },

    _onArrival(payload) {
        if (payload.point_id !== this.currentPointId) {
            return;
        }
        if (!this.arrivals.some((a) => a.id === payload.id)) {
            this.arrivals.push(payload);
            this.sound.play("amber");
        }
    },

    _onServed(payload) {
        this.arrivals = this.arrivals.filter((a) => a.id !== payload.id);
    },

    openArrival(arrival) {
        this.selectedArrivalId = this.selectedArrivalId === arrival.id ? null : arrival.id;
        this.focusRequest++; // the caret back in the code field: scan the buyer's code
    },
});

export class PickupSlotArrivals extends Component {
    static template = "pickup_slot.PickupSlotArrivals";
    static props = { store: Object };

    setup() {
        this.clock = useState({ now: Date.now() });
        onMounted(() => {
            this.timer = browser.setInterval(() => (this.clock.now = Date.now()), 30000);
        });
        onWillUnmount(() => browser.clearInterval(this.timer));
    }

    get store() {
        return this.props.store;
    }

    minutesWaited(arrival) {
        // The server's UTC "YYYY-MM-DD HH:MM:SS".
        const arrived = Date.parse(arrival.arrived.replace(" ", "T") + "Z");
        return Math.max(0, Math.floor((this.clock.now - arrived) / 60000));
    }
}

PickupCounter.components = { ...PickupCounter.components, PickupSlotArrivals };

patch(PickupCounter.prototype, {
    setup() {
        super.setup();
        this.store.attachArrivalBus(useService("bus_service"));
    },
});
