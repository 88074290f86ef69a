import { Component } from "@odoo/owl";

/**
 * The ID step: the clerk compares the collector with their ID document and types its type
 * and last 4 characters. ``pickup_counter_ocr`` patches this component ("Read from photo").
 */
export class PickupCounterIdStep extends Component {
    static template = "stock_pickup_bridge.PickupCounterIdStep";
    static props = { store: Object };

    get store() {
        return this.props.store;
    }
}
