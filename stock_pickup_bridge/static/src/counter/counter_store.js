import { markRaw } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { Reactive } from "@web/core/utils/reactive";
import { CounterSound } from "./counter_sound";
import {
    notifyDatabaseBusy,
    POINT_STORAGE_KEY,
    QTY_EPSILON,
    REASON_STEP,
    RETRY_REASONS,
    STEP_ORDER,
    makeLines,
    newAttemptKey,
} from "./counter_utils";
import {
    browserOffline,
    isConnectionLost,
    loadQueue,
    saveQueue,
} from "./offline_queue/offline_storage";
import { checkSignedToken, TOKEN_PREFIX } from "./signed_token";
import { buildVerdict, verdictColour } from "./verdict_banner/verdict";

/**
 * The counter's shared state and its two server calls (verify, redeem): one reactive object
 * that the main component creates and hands to every child as the ``store`` prop (OWL
 * subscribes each child to what it reads). Components keep DOM work (focus, canvas, files)
 * and call the store for anything that changes the hand-over.
 *
 * Extension points (patch ``PickupCounterStore.prototype``): ``setup``, ``_onCounterContext``,
 * ``_emptyForm``, ``isStepReady``, ``_buildSteps`` and ``_afterStepRefusal``.
 *
 * Why one class of ~320 lines: it is the one object the addons patch (passkey, OCR, pay at
 * pickup, slots); each method is short, and splitting the class would split the patch
 * targets without making any method simpler. Markup, DOM work and pure helpers live in the
 * components and ``counter_utils.js``.
 */
export class PickupCounterStore extends Reactive {
    /**
     * @param {{orm: Object, notification: Object, ui: Object}} services
     */
    constructor(services) {
        super();
        this.setup(services);
    }

    setup({ orm, notification, ui }) {
        // Services and the sound are not state: keep OWL's reactivity off them.
        this.orm = markRaw(orm);
        this.notification = markRaw(notification);
        this.ui = markRaw(ui);
        this.sound = markRaw(new CounterSound());
        this.loaded = false;
        this.points = [];
        this.point = "";
        this.docTypes = [];
        this.stepLabels = {};
        this.station = "";
        this.passkeyApproval = false;
        this.offlineQrKey = null;
        this.code = "";
        this.busy = false;
        this.verdict = null;
        // Offline check of a signed QR token: authentic, expired, forged or unchecked.
        this.offlineCheck = null;
        this.pickup = null;
        this.form = this._emptyForm();
        this.itemBarcode = "";
        this.itemNotice = null;
        this.lookupQuery = "";
        this.lookupResults = null;
        // Bumped when a verdict or a reset should move the caret (the main component does).
        this.focusRequest = 0;
        // Offline counter: the server cannot be reached; hand-overs of authentic signed QR
        // tokens are queued in the browser (this point's queue) and synced when it is back.
        this.offline = false;
        this.offlineQueue = [];
        // The authentic token scanned offline, waiting for "Hand over (queued)".
        this.offlinePending = null;
        this.syncing = false;
    }

    async load() {
        const context = await this.orm.call("pickup.counter", "get_counter_context", []);
        // The public key that checks signed QR tokens before the server answers.
        this.offlineQrKey = await this.orm.call("pickup.code", "get_offline_qr_key", []);
        const stored = browser.localStorage.getItem(POINT_STORAGE_KEY);
        Object.assign(this, {
            points: context.points,
            point: context.points.some((p) => p.code === stored)
                ? stored
                : context.points[0]?.code || "",
            docTypes: context.doc_types,
            stepLabels: context.steps,
            station: context.station,
            passkeyApproval: Boolean(context.passkey_approval),
            loaded: true,
        });
        this.form.docType = context.doc_types[0]?.value || "";
        this._onCounterContext(context);
        this.offlineQueue = loadQueue(this.point);
        this.syncQueue();
    }

    /**
     * Extension point: the screen's context arrived (``pickup.counter.get_counter_context``,
     * which addons extend with keys of their own); an addon copies its keys into the store
     * here (``pickup_counter_ocr``: whether "Read from photo" is shown).
     *
     * @param {Object} context
     */
    _onCounterContext(context) {}

    /** The scanned order's steps, and those of the other orders ticked to go with it. */
    get steps() {
        if (!this.pickup) {
            return [];
        }
        const wanted = new Set(this.pickup.steps);
        for (const offer of this.pickup.together.filter((o) => o.selected)) {
            offer.steps.forEach((step) => wanted.add(step));
        }
        return STEP_ORDER.filter((step) => wanted.has(step));
    }

    get needsItemScan() {
        return this.steps.includes("item_scan");
    }

    get isPartial() {
        return Boolean(this.pickup) && this.pickup.lines.some((l) => l.done < l.qty - QTY_EPSILON);
    }

    /** A valid code that still needs checks is shown amber, not green. */
    get verdictColour() {
        return verdictColour(this.verdict, this.steps);
    }

    /** Extension point: whether the clerk has done ``step`` (passkey: an approval). */
    isStepReady(step) {
        const form = this.form;
        switch (step) {
            case "id_check":
                return Boolean(form.docType) && form.last4.trim().length >= 4;
            case "otp":
                return form.otp.trim().length >= 4;
            case "signature":
                return Boolean(form.signature);
            case "photo":
                return Boolean(form.photo);
            case "approval":
                return Boolean(form.login.trim() && form.password && form.pin.trim());
            case "item_scan":
                return !this.isPartial || Boolean(form.partialReason.trim());
        }
        return false;
    }

    isStepFailing(step) {
        const verdict = this.verdict;
        return Boolean(
            verdict && verdict.action === "redeem" && REASON_STEP[verdict.reason] === step
        );
    }

    stepLabel(step) {
        return this.stepLabels[step] || step;
    }

    changePoint(point) {
        this.point = point;
        browser.localStorage.setItem(POINT_STORAGE_KEY, point);
        this.reset();
        this.offlineQueue = loadQueue(point);
        this.syncQueue();
    }

    /**
     * Verify a code at the selected point and load it when it may be handed over.
     *
     * @param {string} text the scanned or typed code
     */
    async submitCode(text) {
        const value = (text || "").trim();
        if (!value || this.busy || !this.point) {
            return;
        }
        this.busy = true;
        // Authentic or not, said at once and without the network; the server decides.
        this.offlineCheck = value.startsWith(TOKEN_PREFIX)
            ? await checkSignedToken(value, this.offlineQrKey?.public_key)
            : null;
        let result;
        try {
            if (browserOffline()) {
                this._goOffline();
            }
            if (this.offline) {
                return this._offlineScan(value);
            }
            result = await this.orm.call("pickup.service", "verify", [value, this.point], {
                station: this.station,
            });
        } catch (error) {
            if (isConnectionLost(error)) {
                this._goOffline();
                return this._offlineScan(value);
            }
            if (notifyDatabaseBusy(error, this.notification)) {
                return;
            }
            throw error;
        } finally {
            this.busy = false;
        }
        this.offlinePending = null;
        this.code = "";
        this._clearPickup();
        this.lookupResults = null;
        if (result.verdict === "ok") {
            this.pickup = {
                text: value,
                // What verify established: redeem re-uses it instead of checking it all again.
                handle: result.handle || null,
                codeId: result.code_id,
                name: result.code,
                order: result.order,
                buyer: result.buyer,
                delegate: result.delegate,
                steps: result.steps || [],
                lines: makeLines(result.lines || [], result.steps || []),
                // The same buyer's other orders ready here (see _loadTogether).
                together: [],
            };
        }
        this._showVerdict(result, "verify");
        if (result.verdict === "ok" && result.together_count) {
            await this._loadTogether(this.pickup);
        }
    }

    /**
     * The same buyer's other orders ready here, handed over with this one: asked only when
     * the verify says there are some, so that a verify stays one lookup. Ticked when they
     * need no check beyond this order's own; the clerk ticks the others knowing the checks
     * they add.
     */
    async _loadTogether(pickup) {
        let together, steps;
        try {
            ({ together, steps } = await this.orm.call("pickup.service", "together",
                [pickup.handle, this.point]));
        } catch (error) {
            if (isConnectionLost(error)) {
                this._goOffline(); // the scanned order alone; the others once back online
                return;
            }
            throw error;
        }
        if (!this.pickup || this.pickup.handle !== pickup.handle) {
            return; // the clerk moved on meanwhile
        }
        if (together.length && steps.length) {
            // Handed over together, the scanned order may ask more (a group leader: the
            // policy's steps for the total value).
            this.pickup.steps = steps;
        }
        this.pickup.together = together.map((offer) => ({
            ...offer,
            selected: offer.steps.every((step) => this.pickup.steps.includes(step)),
        }));
    }

    /** Extension point: the evidence sent with the hand-over, per step. */
    _buildSteps() {
        const form = this.form;
        const steps = {};
        for (const step of this.steps) {
            if (step === "id_check" && form.last4.trim()) {
                steps.id_check = { doc_type: form.docType, last4: form.last4.trim() };
            } else if (step === "otp" && form.otp.trim()) {
                steps.otp = form.otp.trim();
            } else if (step === "signature" && form.signature) {
                steps.signature = form.signature;
            } else if (step === "photo" && form.photo) {
                steps.photo = form.photo;
            } else if (step === "approval" && form.login.trim()) {
                // The fallback for supervisors without a passkey: password and approval PIN.
                steps.approval = {
                    method: "password_pin",
                    login: form.login.trim(),
                    password: form.password,
                    pin: form.pin.trim(),
                };
            }
        }
        return steps;
    }

    /**
     * The items handed over, or ``null`` for "everything" when nothing had to be
     * scanned and nothing was taken off.
     */
    _buildLines() {
        if (!this.needsItemScan && !this.isPartial) {
            return null;
        }
        return this.pickup.lines
            .filter((line) => line.done > QTY_EPSILON)
            .map((line) => ({ product_id: line.productId, qty: line.done }));
    }

    async redeem() {
        const pickup = this.pickup;
        if (!pickup || this.busy) {
            return;
        }
        // One key per hand-over attempt: a tap after a lost answer resends the same key and
        // gets the first verdict back, not "already collected" and a replay alarm.
        pickup.attemptKey = pickup.attemptKey || newAttemptKey();
        const kwargs = {
            steps: this._buildSteps(),
            lines: this._buildLines(),
            station: this.station,
            idempotency_key: pickup.attemptKey,
        };
        if (pickup.handle) {
            kwargs.handle = pickup.handle;
        }
        const together = pickup.together.filter((o) => o.selected).map((o) => o.handle);
        if (together.length) {
            kwargs.together = together;
        }
        if (this.isPartial && this.form.partialReason.trim()) {
            kwargs.partial_reason = this.form.partialReason.trim();
        }
        this.busy = true;
        let result;
        try {
            result = await this.orm.call("pickup.service", "redeem", [pickup.text, this.point], kwargs);
            pickup.attemptKey = null; // answered: the next tap is a new attempt
        } catch (error) {
            if (isConnectionLost(error)) {
                // The server may have done it before the line dropped: never queue this one
                // (that would be a second hand-over); the same key is resent once back.
                this._goOffline();
                this._showLocalVerdict("connection_lost", "red", _t(
                    "The connection was lost during the hand-over: it may or may not be recorded. Keep the goods until the network is back, then tap Hand over again."
                ));
                return;
            }
            if (notifyDatabaseBusy(error, this.notification)) {
                return; // the pickup stays loaded: "Hand over" again
            }
            throw error;
        } finally {
            this.busy = false;
        }
        if (result.verdict !== "ok" && RETRY_REASONS.has(result.reason)) {
            this._afterStepRefusal(result);
        } else {
            this._clearPickup();
        }
        this._showVerdict(result, "redeem");
    }

    /** Extension point: forget the secret parts of a refused step so the clerk asks again. */
    _afterStepRefusal(result) {
        const form = this.form;
        if (result.reason === "id_mismatch") {
            form.last4 = "";
        } else if (result.reason === "otp_mismatch") {
            form.otp = "";
        } else if (result.reason === "approval_refused") {
            form.password = "";
            form.pin = "";
        }
    }

    _showVerdict(result, action) {
        this.verdict = buildVerdict(result, action);
        this.itemNotice = null;
        this.sound.play(this.verdictColour);
        this.focusRequest++;
    }

    /** Extension point: the step fields of an empty hand-over (an addon adds its own). */
    _emptyForm() {
        return {
            docType: this.docTypes?.[0]?.value || "",
            last4: "",
            otp: "",
            otpSent: false,
            login: "",
            password: "",
            pin: "",
            signature: "",
            photo: "",
            photoPreview: "",
            partialReason: "",
        };
    }

    _clearPickup() {
        this.pickup = null;
        this.form = this._emptyForm();
        this.itemBarcode = "";
        this.itemNotice = null;
    }

    // === OFFLINE COUNTER === //

    /** The server cannot be reached: say so, and probe until it can. */
    _goOffline() {
        if (this.offline) {
            return;
        }
        this.offline = true;
        this._probeTimer = browser.setInterval(() => this.probe(), this.probeInterval);
    }

    get probeInterval() {
        return 5000;
    }

    _goOnline() {
        this.offline = false;
        browser.clearInterval(this._probeTimer);
        this._probeTimer = null;
    }

    /** Is the server back? (Odoo's own reconnect check; the window's ``online`` event too.) */
    async probe() {
        try {
            await rpc("/web/webclient/version_info", {}, { silent: true });
        } catch {
            return;
        }
        this._goOnline();
        await this.syncQueue();
    }

    /**
     * A code scanned while offline: only a signed QR token can be checked here; an authentic
     * one may be handed over and queued, nothing else is (a short code or a plain QR secret
     * is only a number without the server: queuing it would hand goods to any typo).
     */
    _offlineScan(value) {
        this.code = "";
        this._clearPickup();
        this.offlinePending = null;
        const check = this.offlineCheck;
        if (!value.startsWith(TOKEN_PREFIX) || !check || check === "unchecked") {
            return this._showLocalVerdict("offline_unchecked", "red", _t(
                "Offline: this code cannot be checked without the server. Ask for the QR code on the buyer's phone, or wait until the network is back."
            ));
        }
        if (check !== "authentic") {
            return this._showLocalVerdict(`offline_${check}`, "red", check === "expired"
                ? _t("Offline check: this QR code has expired. Do not hand over.")
                : _t("Offline check: this QR code was not signed by this server. Do not hand over."));
        }
        if (this.offlineQueue.some((item) => item.token === value && item.status === "queued")) {
            return this._showLocalVerdict("offline_already_queued", "red", _t(
                "This QR code is already queued for a hand-over at this counter. Do not hand over again."
            ));
        }
        this.offlinePending = { text: value };
        this._showLocalVerdict("offline_authentic", "amber", _t(
            "Offline check: the QR code is authentic. The server will confirm the hand-over when the network is back; check the ID if your rules ask for it."
        ));
    }

    /** A verdict said by the counter itself (offline), in the banner like the server's. */
    _showLocalVerdict(reason, colour, message) {
        this._showVerdict({ reason, colour, message, verdict: "refused" }, "offline");
    }

    /** Hand over the authentic token scanned offline: queued, not yet confirmed. */
    queueHandover() {
        const pending = this.offlinePending;
        if (!pending) {
            return;
        }
        const steps = {};
        if (this.form.last4.trim()) {
            steps.id_check = { doc_type: this.form.docType, last4: this.form.last4.trim() };
        }
        this.offlineQueue.push({
            key: newAttemptKey(),
            token: pending.text,
            point: this.point,
            station: this.station,
            steps,
            queuedAt: Math.floor(Date.now() / 1000),
            status: "queued",
            message: "",
        });
        saveQueue(this.point, this.offlineQueue);
        this.offlinePending = null;
        this.form = this._emptyForm();
        this._showLocalVerdict("offline_queued", "amber", _t(
            "Hand-over queued, not yet confirmed: it is sent to the server when the network is back."
        ));
        this.offlineCheck = null;
    }

    /**
     * Send this point's queued hand-overs, oldest first, each once; a retried sync of an
     * item resends its key and gets the first answer (one hand-over, one anomaly).
     */
    async syncQueue() {
        if (this.syncing || !this.offlineQueue.some((item) => item.status === "queued")) {
            return;
        }
        this.syncing = true;
        const point = this.point;
        try {
            const todo = this.offlineQueue
                .filter((item) => item.status === "queued")
                .sort((a, b) => a.queuedAt - b.queuedAt);
            for (const item of todo) {
                let result;
                try {
                    result = await this.orm.silent.call(
                        "pickup.service",
                        "sync_offline_handover",
                        [item.token, item.point, item.key, item.queuedAt],
                        { steps: item.steps, station: item.station }
                    );
                } catch (error) {
                    if (isConnectionLost(error)) {
                        this._goOffline();
                        return;
                    }
                    // Refused as a request (malformed, key in use, point no longer served):
                    // said, kept and tried again at the next sync; the items after it are
                    // still sent (each is independent: held back, their orders would still
                    // look ready to collect on the server).
                    item.message = error.data?.message || error.message || String(error);
                    continue;
                }
                this._goOnline();
                if (result.outcome === "retry") {
                    item.message = result.message;
                    return;
                }
                Object.assign(item, {
                    status: result.outcome === "confirmed" ? "confirmed" : "conflict",
                    message: result.message,
                    order: result.order || "",
                    // The ID digits stay in this browser no longer than needed.
                    steps: {},
                });
            }
        } finally {
            this.syncing = false;
            if (point === this.point) {
                saveQueue(point, this.offlineQueue);
                // "Queued ... sent when the network is back" is no longer true once every
                // item is answered: the list below says how each one ended.
                if (this.verdict?.reason === "offline_queued"
                        && !this.offlineQueue.some((item) => item.status === "queued")) {
                    this.verdict = null;
                }
            }
        }
    }

    /** Forget the items the server has answered (their record is on the server). */
    clearSynced() {
        this.offlineQueue = this.offlineQueue.filter((item) => item.status === "queued");
        saveQueue(this.point, this.offlineQueue);
    }

    destroy() {
        browser.clearInterval(this._probeTimer);
    }

    /** Escape: drop the current code and verdict, ready for the next collector. */
    reset() {
        if (this.busy) {
            return;
        }
        this._clearPickup();
        this.offlinePending = null;
        Object.assign(this, { verdict: null, offlineCheck: null, code: "" });
        Object.assign(this, { lookupQuery: "", lookupResults: null });
        this.focusRequest++;
    }
}
