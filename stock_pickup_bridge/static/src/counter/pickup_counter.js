import {
    Component,
    onWillStart,
    onWillUnmount,
    useEffect,
    useExternalListener,
    useRef,
    useState,
} from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { hasTouch } from "@web/core/browser/feature_detection";
import { useHotkey } from "@web/core/hotkeys/hotkey_hook";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { PickupCounterStore } from "./counter_store";
import { CODE_PREFIXES, REASON_STEP } from "./counter_utils";
import { countItem } from "./items_list/items_list";
import { PickupCounterLookup } from "./lookup_panel/lookup_panel";
import {
    PickupCounterOfflineBanner,
    PickupCounterOfflineQueue,
} from "./offline_queue/offline_queue";
import { PickupCounterScanner } from "./scanner_input/scanner_input";
import { PickupCounterStepsPanel } from "./steps_panel/steps_panel";
import { PickupCounterVerdictBanner } from "./verdict_banner/verdict_banner";

export { POINT_STORAGE_KEY } from "./counter_utils";
export { PickupSignaturePad } from "./signature_pad/signature_pad";

/**
 * The pickup counter (client action ``stock_pickup_bridge.pickup_counter``): scan a code,
 * see the verdict, do the steps the policy asks for, scan the items and hand over.
 *
 * It is made of small components that share one reactive store (``PickupCounterStore``,
 * passed down as the ``store`` prop; OWL re-renders each component for what it reads):
 *
 * - ``scanner_input/``   PickupCounterScanner: point, code input, "Check", camera
 * - ``verdict_banner/``  PickupCounterVerdictBanner: the verdict (and ``verdict.js``, what
 *                        it says), the offline check of a signed QR, the idle hint
 * - ``steps_panel/``     PickupCounterStepsPanel: progress, one component per step, actions
 * - ``id_step/``, ``otp_step/``, ``approval_step/``, ``photo_step/``, ``signature_pad/``
 * - ``items_list/``      PickupCounterItemsList and ``countItem`` (a product barcode)
 * - ``lookup_panel/``    PickupCounterLookup
 * - ``offline_queue/``   the offline counter: the banner, the hand-over of an authentic
 *                        signed QR while offline and the queue synced when back online
 *                        (``offline_storage.js``: the queue in ``localStorage``)
 * - ``counter_store.js`` the state, verify and redeem; ``counter_utils.js``,
 *   ``counter_sound.js``, ``signed_token.js`` helpers without state
 *
 * This component keeps what belongs to the screen: loading the store, the barcode
 * service (a wedge scan goes to ``onScan``), Escape, and the caret after each verdict.
 *
 * Extension points (what addons patch):
 *
 * - ``PickupCounterStore.prototype`` (``counter_store.js``): ``setup`` (fields of an
 *   addon's own), ``_onCounterContext(context)`` (keys an addon adds to
 *   ``pickup.counter.get_counter_context``), ``_emptyForm()`` (step fields),
 *   ``isStepReady(step)``, ``_buildSteps()`` (evidence sent with ``redeem``) and
 *   ``_afterStepRefusal(result)`` (what a refused hand-over forgets).
 *   Used by ``pickup_passkey`` (passkey approval) and ``pickup_counter_ocr`` (ID photo).
 * - ``PickupCounterApprovalStep`` (component and template
 *   ``stock_pickup_bridge.PickupCounterApprovalStep``): ``pickup_passkey`` adds
 *   "Approve with passkey" before ``o_pickup_counter_approval_fallback_help``.
 * - ``PickupCounterIdStep`` (component and template ``stock_pickup_bridge.PickupCounterIdStep``):
 *   ``pickup_counter_ocr`` adds "Read from photo" after ``o_pickup_counter_id_fields``.
 * - ``PickupCounterStepsPanel.stepComponents``: the component of each policy step.
 *
 * The DOM classes (``o_pickup_counter_*``) are those the tours and the screenshot tests
 * drive; keep them when moving markup.
 */
export class PickupCounter extends Component {
    static template = "stock_pickup_bridge.PickupCounter";
    static components = {
        PickupCounterScanner,
        PickupCounterVerdictBanner,
        PickupCounterStepsPanel,
        PickupCounterLookup,
        PickupCounterOfflineBanner,
        PickupCounterOfflineQueue,
    };
    static props = ["*"];

    setup() {
        this.store = useState(
            new PickupCounterStore({
                orm: useService("orm"),
                notification: useService("notification"),
                ui: useService("ui"),
            })
        );
        this.isTouch = hasTouch();
        this.rootRef = useRef("root");

        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.onScan(ev.detail.barcode));
        useHotkey("escape", () => this.store.reset(), { bypassEditableProtection: true });

        onWillStart(() => this.store.load());
        // The browser's own word on the network; a failed call says it too (the store).
        useExternalListener(window, "online", () => this.store.probe());
        useExternalListener(window, "offline", () => this.store._goOffline());
        onWillUnmount(() => this.store.destroy());

        // Focus the code input when the screen opens, and where work continues after each
        // verdict or reset (not on touch screens: the on-screen keyboard would hide the
        // verdict; the camera button is the way in there).
        useEffect(
            () => this._focusAfterVerdict(),
            () => [this.store.focusRequest]
        );
    }

    /**
     * A keyboard-wedge or camera scan: a product barcode while items of a loaded code
     * are being scanned, a pickup code otherwise.
     *
     * @param {string} text
     */
    onScan(text) {
        const store = this.store;
        const value = (text || "").trim();
        // Scans are for the counter, not for a dialog opened above it.
        if (!value || store.ui.activeElement !== document) {
            return;
        }
        const isCode = CODE_PREFIXES.some((prefix) => value.startsWith(prefix));
        if (store.pickup && store.needsItemScan && !isCode) {
            countItem(store, value);
            return;
        }
        store.submitCode(value);
    }

    _focusAfterVerdict() {
        if (this.isTouch) {
            return;
        }
        // Wait for the step panels to render, then put the caret where work continues.
        browser.requestAnimationFrame(() => {
            const root = this.rootRef.el;
            if (!root) {
                return;
            }
            const store = this.store;
            let target = null;
            if (store.pickup) {
                const failing = store.verdict && REASON_STEP[store.verdict.reason];
                const step = failing || store.steps.find((s) => !store.isStepReady(s));
                if (step) {
                    target = root.querySelector(
                        `.o_pickup_counter_step_${step} input:not([type=file]), .o_pickup_counter_step_${step} select, .o_pickup_counter_step_${step} button`
                    );
                }
                target = target || root.querySelector(".o_pickup_counter_redeem");
            } else {
                target = root.querySelector(".o_pickup_counter_input");
            }
            target?.focus();
        });
    }
}

registry.category("actions").add("stock_pickup_bridge.pickup_counter", PickupCounter);
