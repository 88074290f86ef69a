import { Component } from "@odoo/owl";
import { PickupCounterApprovalStep } from "../approval_step/approval_step";
import { PickupCounterIdStep } from "../id_step/id_step";
import { PickupCounterItemsList } from "../items_list/items_list";
import { PickupCounterOtpStep } from "../otp_step/otp_step";
import { PickupCounterPhotoStep } from "../photo_step/photo_step";
import { PickupCounterSignatureStep } from "../signature_pad/signature_step";
import { PickupCounterTogetherList } from "../together_list/together_list";

/**
 * The loaded code's hand-over: the progress of the steps the policy asks for, one panel per
 * step (its component from ``stepComponents``), the items, the buyer's other ready orders,
 * then "Hand over" and "Cancel".
 * The item-scan step is the items list itself.
 */
export class PickupCounterStepsPanel extends Component {
    static template = "stock_pickup_bridge.PickupCounterStepsPanel";
    static components = { PickupCounterItemsList, PickupCounterTogetherList };
    static props = { store: Object };
    /**
     * Extension point: the component that renders each policy step (props: ``store``).
     * An addon with a step of its own adds it here.
     */
    static stepComponents = {
        id_check: PickupCounterIdStep,
        otp: PickupCounterOtpStep,
        approval: PickupCounterApprovalStep,
        signature: PickupCounterSignatureStep,
        photo: PickupCounterPhotoStep,
    };

    get store() {
        return this.props.store;
    }

    stepComponent(step) {
        return this.constructor.stepComponents[step];
    }
}
