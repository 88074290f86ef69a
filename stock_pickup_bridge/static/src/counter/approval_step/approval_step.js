import { Component } from "@odoo/owl";

/**
 * The approval step: a second person (a supervisor) approves the hand-over with their
 * login, password and approval PIN. ``pickup_passkey`` patches this component ("Approve
 * with passkey") and the store (the passkey answer in ``form``).
 */
export class PickupCounterApprovalStep extends Component {
    static template = "stock_pickup_bridge.PickupCounterApprovalStep";
    static props = { store: Object };

    get store() {
        return this.props.store;
    }
}
