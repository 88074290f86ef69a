import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { browser } from "@web/core/browser/browser";
import { hasTouch } from "@web/core/browser/feature_detection";
import { useHotkey } from "@web/core/hotkeys/hotkey_hook";
import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useBus, useService } from "@web/core/utils/hooks";


/** A random key for one hand-over attempt (``crypto.randomUUID`` needs HTTPS; this does not). */
function newAttemptKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** localStorage key remembering the pickup point chosen on this device. */
export const POINT_STORAGE_KEY = "stock_pickup_bridge.counter_point";

/** Scans starting with these prefixes are pickup codes (QR secret or signed token). */
const CODE_PREFIXES = ["PC1."];

/**
 * Refusals that leave the code in hand: the clerk completes or corrects a step and
 * tries again. Any other refusal ends the hand-over of this code.
 */
const RETRY_REASONS = new Set([
    "id_required",
    "id_mismatch",
    "otp_required",
    "otp_mismatch",
    "approval_required",
    "approval_refused",
    "items_incomplete",
    "signature_required",
    "photo_required",
    "transfer_failed",
]);

/** Which step panel each step refusal points at. */
const REASON_STEP = {
    id_required: "id_check",
    id_mismatch: "id_check",
    otp_required: "otp",
    otp_mismatch: "otp",
    approval_required: "approval",
    approval_refused: "approval",
    items_incomplete: "item_scan",
    signature_required: "signature",
    photo_required: "photo",
};

/** Longest side of a hand-over photo once downscaled in the browser. */
const PHOTO_MAX_SIDE = 1600;
/**
 * The database stayed busy through Odoo's retries (other counters handing over the same
 * goods): the server rolled everything back, so the clerk simply tries again.
 */
const BUSY_ERRORS = new Set([
    "psycopg2.errors.SerializationFailure",
    "psycopg2.errors.LockNotAvailable",
    "psycopg2.errors.DeadlockDetected",
]);

/** Tolerance when comparing quantities (they are floats in the unit of measure). */
const QTY_EPSILON = 1e-6;

/**
 * Short beeps through the Web Audio API: the clerk hears the verdict without looking.
 * The audio context is created on the first beep (after a user gesture) and reused.
 */
class CounterSound {
    constructor() {
        this.context = null;
    }

    _getContext() {
        const AudioContextClass = browser.AudioContext || window.webkitAudioContext;
        if (!AudioContextClass) {
            return null;
        }
        if (!this.context) {
            try {
                this.context = new AudioContextClass();
            } catch {
                return null;
            }
        }
        if (this.context.state === "suspended") {
            this.context.resume().catch(() => {});
        }
        return this.context;
    }

    /**
     * @param {"green"|"amber"|"red"} colour
     */
    play(colour) {
        const context = this._getContext();
        if (!context) {
            return;
        }
        const tones = {
            green: [[1320, 0, 0.15]],
            amber: [
                [660, 0, 0.12],
                [880, 0.16, 0.12],
            ],
            red: [
                [220, 0, 0.22],
                [180, 0.28, 0.3],
            ],
        }[colour] || [[440, 0, 0.15]];
        try {
            const start = context.currentTime;
            for (const [frequency, offset, duration] of tones) {
                const oscillator = context.createOscillator();
                const gain = context.createGain();
                oscillator.type = colour === "red" ? "square" : "sine";
                oscillator.frequency.value = frequency;
                gain.gain.setValueAtTime(0.0001, start + offset);
                gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.01);
                gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + duration);
                oscillator.connect(gain);
                gain.connect(context.destination);
                oscillator.start(start + offset);
                oscillator.stop(start + offset + duration + 0.02);
            }
        } catch {
            // Sound is a convenience: a browser refusing it must not break the counter.
        }
    }
}

/**
 * A signature pad: the collector signs with a finger, a pen or the mouse.
 * Calls ``onChange`` with the PNG (base64, without the data: prefix) after each stroke,
 * and with an empty string when cleared.
 */
export class PickupSignaturePad extends Component {
    static template = "stock_pickup_bridge.PickupSignaturePad";
    static props = {
        onChange: Function,
        signed: { type: Boolean, optional: true },
    };

    setup() {
        this.canvasRef = useRef("canvas");
        this.drawing = false;
        this.lastPoint = null;
        useEffect(
            (canvas) => {
                if (canvas) {
                    this._resize(canvas);
                }
            },
            () => [this.canvasRef.el]
        );
    }

    _resize(canvas) {
        const ratio = browser.devicePixelRatio || 1;
        const rect = canvas.getBoundingClientRect();
        canvas.width = Math.max(1, Math.round(rect.width * ratio));
        canvas.height = Math.max(1, Math.round(rect.height * ratio));
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
    }

    /**
     * Pointer position in canvas pixels. The bitmap keeps the size it got when mounted,
     * so the pad keeps working (stretched) when the screen is rotated or resized.
     */
    _point(ev) {
        const canvas = this.canvasRef.el;
        const rect = canvas.getBoundingClientRect();
        const scale = rect.width ? canvas.width / rect.width : 1;
        return {
            x: (ev.clientX - rect.left) * scale,
            y: (ev.clientY - rect.top) * (rect.height ? canvas.height / rect.height : 1),
            scale,
        };
    }

    _context(scale) {
        const ctx = this.canvasRef.el.getContext("2d");
        ctx.lineCap = "round";
        ctx.lineJoin = "round";
        ctx.lineWidth = 2.5 * scale;
        ctx.strokeStyle = "#111";
        ctx.fillStyle = "#111";
        return ctx;
    }

    onPointerDown(ev) {
        ev.preventDefault();
        try {
            this.canvasRef.el.setPointerCapture(ev.pointerId);
        } catch {
            // Synthetic or already released pointers cannot be captured: draw anyway.
        }
        this.drawing = true;
        this.lastPoint = this._point(ev);
        const ctx = this._context(this.lastPoint.scale);
        ctx.beginPath();
        ctx.arc(this.lastPoint.x, this.lastPoint.y, 1.25 * this.lastPoint.scale, 0, 2 * Math.PI);
        ctx.fill();
    }

    onPointerMove(ev) {
        if (!this.drawing) {
            return;
        }
        ev.preventDefault();
        const point = this._point(ev);
        const ctx = this._context(point.scale);
        ctx.beginPath();
        ctx.moveTo(this.lastPoint.x, this.lastPoint.y);
        ctx.lineTo(point.x, point.y);
        ctx.stroke();
        this.lastPoint = point;
    }

    onPointerUp() {
        if (!this.drawing) {
            return;
        }
        this.drawing = false;
        this.lastPoint = null;
        this.props.onChange(this.canvasRef.el.toDataURL("image/png").split(",")[1]);
    }

    clear() {
        this._resize(this.canvasRef.el);
        this.props.onChange("");
    }
}

/**
 * The pickup counter: scan a code, see the verdict, do the steps the policy asks for,
 * scan the items and hand over.
 */
export class PickupCounter extends Component {
    static template = "stock_pickup_bridge.PickupCounter";
    static components = { PickupSignaturePad };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.ui = useService("ui");
        this.sound = new CounterSound();
        this.canUseCamera = isBarcodeScannerSupported();
        this.isTouch = hasTouch();
        this.codeInputRef = useRef("codeInput");
        this.rootRef = useRef("root");

        this.state = useState({
            loaded: false,
            points: [],
            point: "",
            docTypes: [],
            ocrAvailable: false,
            keepIdPhoto: false,
            stepLabels: {},
            station: "",
            passkeyApproval: false,
            code: "",
            busy: false,
            verdict: null,
            pickup: null,
            form: this._emptyForm(),
            itemBarcode: "",
            itemNotice: null,
            lookupQuery: "",
            lookupResults: null,
        });

        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.onScan(ev.detail.barcode));
        useHotkey("escape", () => this.reset(), { bypassEditableProtection: true });

        onWillStart(async () => {
            const context = await this.orm.call("pickup.counter", "get_counter_context", []);
            const stored = browser.localStorage.getItem(POINT_STORAGE_KEY);
            Object.assign(this.state, {
                points: context.points,
                point: context.points.some((p) => p.code === stored)
                    ? stored
                    : context.points[0]?.code || "",
                docTypes: context.doc_types,
                ocrAvailable: Boolean(context.ocr_available),
                keepIdPhoto: Boolean(context.keep_id_photo),
                stepLabels: context.steps,
                station: context.station,
                passkeyApproval: Boolean(context.passkey_approval),
                loaded: true,
            });
            this.state.form.docType = context.doc_types[0]?.value || "";
        });

        // Focus the code input when the screen opens (not on touch screens: the on-screen
        // keyboard would hide the verdict; the camera button is the way in there).
        useEffect(
            (input) => {
                if (input && !this.isTouch) {
                    input.focus();
                }
            },
            () => [this.codeInputRef.el]
        );
    }

    // ------------------------------------------------------------------
    // Getters used by the template
    // ------------------------------------------------------------------

    get steps() {
        return this.state.pickup ? this.state.pickup.steps : [];
    }

    get needsItemScan() {
        return this.steps.includes("item_scan");
    }

    get isPartial() {
        const pickup = this.state.pickup;
        return Boolean(pickup) && pickup.lines.some((line) => line.done < line.qty - QTY_EPSILON);
    }

    get scannedCount() {
        return this.state.pickup
            ? this.state.pickup.lines.reduce((total, line) => total + line.done, 0)
            : 0;
    }

    get neededCount() {
        return this.state.pickup
            ? this.state.pickup.lines.reduce((total, line) => total + line.qty, 0)
            : 0;
    }

    get verdictTitle() {
        const verdict = this.state.verdict;
        if (!verdict) {
            return "";
        }
        if (verdict.reason === "ok") {
            if (verdict.action === "redeem") {
                return _t("Collected");
            }
            return this.steps.length ? _t("Checks needed") : _t("Valid code");
        }
        return verdict.colour === "red" ? _t("Do not hand over") : _t("Action needed");
    }

    get verdictIcon() {
        const colour = this.verdictColour;
        if (colour === "green") {
            return "fa-check-circle";
        }
        return colour === "amber" ? "fa-exclamation-triangle" : "fa-times-circle";
    }

    /** A valid code that still needs checks is shown amber, not green. */
    get verdictColour() {
        const verdict = this.state.verdict;
        if (!verdict) {
            return "";
        }
        if (verdict.reason === "ok" && verdict.action === "verify" && this.steps.length) {
            return "amber";
        }
        return verdict.colour || "red";
    }

    isStepReady(step) {
        const form = this.state.form;
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
        const verdict = this.state.verdict;
        return Boolean(
            verdict && verdict.action === "redeem" && REASON_STEP[verdict.reason] === step
        );
    }

    stepLabel(step) {
        return this.state.stepLabels[step] || step;
    }

    formatQty(qty) {
        return formatFloat(qty, { digits: [false, 3], trailingZeros: false });
    }

    lookupStateLabel(state) {
        return (
            {
                issued: _t("Issued"),
                ready: _t("Ready"),
            }[state] || state
        );
    }

    // ------------------------------------------------------------------
    // Scanning
    // ------------------------------------------------------------------

    /**
     * A keyboard-wedge or camera scan: a product barcode while items of a loaded code
     * are being scanned, a pickup code otherwise.
     *
     * @param {string} text
     */
    onScan(text) {
        const value = (text || "").trim();
        // Scans are for the counter, not for a dialog opened above it.
        if (!value || this.ui.activeElement !== document) {
            return;
        }
        const isCode = CODE_PREFIXES.some((prefix) => value.startsWith(prefix));
        if (this.state.pickup && this.needsItemScan && !isCode) {
            this.addItem(value);
            return;
        }
        this.submitCode(value);
    }

    async onClickCamera() {
        let text;
        try {
            text = await scanBarcode(this.env);
        } catch (error) {
            this.notification.add(error?.message || _t("The camera could not read a code."), {
                type: "warning",
            });
            return;
        }
        if (text) {
            if ("vibrate" in browser.navigator) {
                browser.navigator.vibrate(100);
            }
            this.onScan(text);
        }
    }

    onCodeKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.submitCode(ev.target.value);
        }
    }

    onPointChange(ev) {
        this.state.point = ev.target.value;
        browser.localStorage.setItem(POINT_STORAGE_KEY, this.state.point);
        this.reset();
    }

    /**
     * Verify a code at the selected point and load it when it may be handed over.
     *
     * @param {string} text the scanned or typed code
     */
    async submitCode(text) {
        const value = (text || "").trim();
        if (!value || this.state.busy || !this.state.point) {
            return;
        }
        this.state.busy = true;
        let result;
        try {
            result = await this.orm.call("pickup.service", "verify", [value, this.state.point], {
                station: this.state.station,
            });
        } catch (error) {
            if (this._isDatabaseBusy(error)) {
                return;
            }
            throw error;
        } finally {
            this.state.busy = false;
        }
        this.state.code = "";
        if (this.codeInputRef.el) {
            this.codeInputRef.el.value = "";
        }
        this._clearPickup();
        this.state.lookupResults = null;
        if (result.verdict === "ok") {
            this.state.pickup = {
                text: value,
                codeId: result.code_id,
                name: result.code,
                order: result.order,
                buyer: result.buyer,
                delegate: result.delegate,
                steps: result.steps || [],
                lines: this._makeLines(result.lines || [], result.steps || []),
            };
        }
        this._showVerdict(result, "verify");
        this._focusAfterVerdict();
    }

    /**
     * One entry per product (a product may sit on several moves), with the quantity to
     * hand over and the quantity counted so far. Without an item-scan step the counter
     * starts full: the clerk only lowers it for a partial hand-over.
     */
    _makeLines(lines, steps) {
        const scanRequired = steps.includes("item_scan");
        const byProduct = new Map();
        for (const line of lines) {
            const existing = byProduct.get(line.product_id);
            if (existing) {
                existing.qty += line.qty;
            } else {
                byProduct.set(line.product_id, {
                    productId: line.product_id,
                    product: line.product,
                    barcode: line.barcode || "",
                    qty: line.qty,
                    done: 0,
                });
            }
        }
        const result = [...byProduct.values()];
        if (!scanRequired) {
            for (const line of result) {
                line.done = line.qty;
            }
        }
        return result;
    }

    // ------------------------------------------------------------------
    // Items
    // ------------------------------------------------------------------

    onItemKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            // Read and clear the field itself: a fast scanner types the whole barcode and
            // Enter before the next render, so the rendered value may never have changed.
            const value = ev.target.value;
            ev.target.value = "";
            this.state.itemBarcode = "";
            this.addItem(value);
        }
    }

    /**
     * Count one unit of the product with this barcode. A barcode that is not in the
     * order is refused right here, without asking the server.
     *
     * @param {string} barcode
     */
    addItem(barcode) {
        const value = (barcode || "").trim();
        const pickup = this.state.pickup;
        if (!value || !pickup) {
            return;
        }
        const line = pickup.lines.find((l) => l.barcode && l.barcode === value);
        if (!line) {
            this.state.itemNotice = {
                type: "danger",
                message: _t("Wrong product: %(barcode)s is not part of order %(order)s.", {
                    barcode: value,
                    order: pickup.order,
                }),
            };
            this.sound.play("red");
            return;
        }
        if (line.done >= line.qty - QTY_EPSILON) {
            this.state.itemNotice = {
                type: "warning",
                message: _t("All %(qty)s × %(product)s are already counted.", {
                    qty: this.formatQty(line.qty),
                    product: line.product,
                }),
            };
            this.sound.play("amber");
            return;
        }
        line.done = Math.min(line.qty, line.done + 1);
        this.state.itemNotice = {
            type: "success",
            message: _t("%(product)s: %(done)s of %(qty)s", {
                product: line.product,
                done: this.formatQty(line.done),
                qty: this.formatQty(line.qty),
            }),
        };
        this.sound.play("green");
    }

    increment(line) {
        line.done = Math.min(line.qty, line.done + 1);
        this.state.itemNotice = null;
    }

    decrement(line) {
        line.done = Math.max(0, line.done - 1);
        this.state.itemNotice = null;
    }

    // ------------------------------------------------------------------
    // Steps
    // ------------------------------------------------------------------

    async onClickSendOtp() {
        const pickup = this.state.pickup;
        if (!pickup || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            await this.orm.call("pickup.counter", "send_otp", [pickup.codeId, this.state.point]);
        } finally {
            this.state.busy = false;
        }
        this.state.form.otpSent = true;
        this.notification.add(_t("A one-time password was sent to the buyer's phone."), {
            type: "info",
        });
    }

    onSignatureChange(data) {
        this.state.form.signature = data;
    }

    async onPhotoChange(ev) {
        const file = ev.target.files && ev.target.files[0];
        if (!file) {
            return;
        }
        try {
            this.state.form.photo = await this._readPhoto(file);
            this.state.form.photoPreview = `data:image/jpeg;base64,${this.state.form.photo}`;
        } catch {
            this.state.form.photo = "";
            this.state.form.photoPreview = "";
            this.notification.add(_t("This file is not a readable image."), { type: "danger" });
        }
        ev.target.value = "";
    }

    /**
     * Read a camera picture, downscaled to a reasonable size, as base64 JPEG.
     *
     * @param {File} file
     * @returns {Promise<string>}
     */
    async _readPhoto(file) {
        const dataUrl = await new Promise((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => resolve(reader.result);
            reader.onerror = () => reject(reader.error);
            reader.readAsDataURL(file);
        });
        const image = await new Promise((resolve, reject) => {
            const img = new Image();
            img.onload = () => resolve(img);
            img.onerror = () => reject(new Error("unreadable image"));
            img.src = dataUrl;
        });
        const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(image.width, image.height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.width * scale));
        canvas.height = Math.max(1, Math.round(image.height * scale));
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL("image/jpeg", 0.85).split(",")[1];
    }

    /**
     * "Read from photo": the server reads the ID document (OCR) and the ID step is filled
     * for the clerk to confirm against the document. Nothing is handed over from here.
     */
    async onIdPhotoChange(ev) {
        const file = ev.target.files && ev.target.files[0];
        ev.target.value = "";
        const form = this.state.form;
        if (!file || this.state.busy) {
            return;
        }
        let photo;
        try {
            photo = await this._readPhoto(file);
        } catch {
            form.ocrNotice = {
                type: "danger",
                message: _t("This file is not a readable image."),
            };
            return;
        }
        this.state.busy = true;
        let result;
        try {
            result = await this.orm.call("pickup.counter", "read_id_document", [photo]);
        } finally {
            this.state.busy = false;
        }
        if (!result.available) {
            this.state.ocrAvailable = false;
            form.ocrNotice = {
                type: "warning",
                message: _t("Reading documents from a photo is not available: type the details."),
            };
            return;
        }
        form.idPhoto = result.error ? "" : photo;
        if (!result.recognised) {
            form.ocrNotice = {
                type: "warning",
                message:
                    result.message ||
                    _t("Nothing could be read from this photo: take it again or type the details."),
            };
            return;
        }
        if (result.doc_type && this.state.docTypes.some((d) => d.value === result.doc_type)) {
            form.docType = result.doc_type;
        }
        if (result.last4) {
            form.last4 = result.last4;
        }
        form.idName = result.name || "";
        form.ocrNotice = {
            type: result.confidence >= 0.8 ? "info" : "warning",
            message: result.message,
        };
    }

    clearPhoto() {
        this.state.form.photo = "";
        this.state.form.photoPreview = "";
    }

    // ------------------------------------------------------------------
    // Hand-over
    // ------------------------------------------------------------------

    _buildSteps() {
        const form = this.state.form;
        const steps = {};
        for (const step of this.steps) {
            if (step === "id_check" && form.last4.trim()) {
                steps.id_check = { doc_type: form.docType, last4: form.last4.trim() };
                if (this.state.keepIdPhoto && form.idPhoto) {
                    // Kept on the hand-over for the company's retention period only.
                    steps.id_check.photo = form.idPhoto;
                }
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
        const pickup = this.state.pickup;
        if (!this.needsItemScan && !this.isPartial) {
            return null;
        }
        return pickup.lines
            .filter((line) => line.done > QTY_EPSILON)
            .map((line) => ({ product_id: line.productId, qty: line.done }));
    }

    async redeem() {
        const pickup = this.state.pickup;
        if (!pickup || this.state.busy) {
            return;
        }
        // One key per hand-over attempt: a tap after a lost answer resends the same key and
        // gets the first verdict back, not "already collected" and a replay alarm.
        pickup.attemptKey = pickup.attemptKey || newAttemptKey();
        const kwargs = {
            steps: this._buildSteps(),
            lines: this._buildLines(),
            station: this.state.station,
            idempotency_key: pickup.attemptKey,
        };
        if (this.isPartial && this.state.form.partialReason.trim()) {
            kwargs.partial_reason = this.state.form.partialReason.trim();
        }
        this.state.busy = true;
        let result;
        try {
            result = await this.orm.call(
                "pickup.service",
                "redeem",
                [pickup.text, this.state.point],
                kwargs
            );
            pickup.attemptKey = null; // answered: the next tap is a new attempt
        } catch (error) {
            if (this._isDatabaseBusy(error)) {
                return; // the pickup stays loaded: "Hand over" again
            }
            throw error;
        } finally {
            this.state.busy = false;
        }
        if (result.verdict === "ok") {
            this._clearPickup();
        } else if (RETRY_REASONS.has(result.reason)) {
            this._afterStepRefusal(result);
        } else {
            this._clearPickup();
        }
        this._showVerdict(result, "redeem");
        this._focusAfterVerdict();
    }

    /**
     * Tell the clerk to try again when the server gave up on a busy database (nothing was
     * changed), instead of Odoo's error dialog.
     *
     * @returns {boolean} whether ``error`` was that case
     */
    _isDatabaseBusy(error) {
        if (!(error instanceof RPCError) || !BUSY_ERRORS.has(error.data?.name)) {
            return false;
        }
        this.notification.add(
            _t("Too many hand-overs at once: nothing was changed. Please try again."),
            { type: "warning" }
        );
        return true;
    }

    /** Forget the secret parts of a refused step so that the clerk asks again. */
    _afterStepRefusal(result) {
        const form = this.state.form;
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
        const details = result.details || {};
        const extra = [];
        if (details.wrong_product) {
            extra.push(_t("Not in this order: %(product)s", { product: details.wrong_product }));
        }
        if (Array.isArray(details.too_many) && details.too_many.length) {
            extra.push(
                _t("More than ordered: %(products)s", { products: details.too_many.join(", ") })
            );
        }
        if (action === "verify" && result.parcel) {
            extra.push(_t("Fetch parcel %(parcel)s", { parcel: result.parcel }));
        }
        if (action === "verify" && result.verdict === "ok" && result.partly_collected) {
            extra.push(_t("Part of this order was collected already: hand over what is left."));
        }
        let message = result.message;
        if (action === "redeem" && result.verdict === "ok") {
            message = result.backorder
                ? _t(
                      "Order %(order)s was handed over in part: the rest waits in backorder %(backorder)s.",
                      { order: result.order, backorder: result.backorder }
                  )
                : _t("Order %(order)s was handed over.", { order: result.order });
        }
        this.state.verdict = {
            action,
            reason: result.reason,
            colour: result.colour,
            message,
            extra,
            order: result.order || "",
            buyer: result.buyer || "",
            delegate: result.delegate || "",
            picking: result.picking || "",
            backorder: result.backorder || "",
        };
        this.state.itemNotice = null;
        this.sound.play(this.verdictColour);
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
            let target = null;
            if (this.state.pickup) {
                const verdict = this.state.verdict;
                const failing = verdict && REASON_STEP[verdict.reason];
                const step = failing || this.steps.find((s) => !this.isStepReady(s));
                if (step) {
                    target = root.querySelector(
                        `.o_pickup_counter_step_${step} input:not([type=file]), .o_pickup_counter_step_${step} select, .o_pickup_counter_step_${step} button`
                    );
                }
                target = target || root.querySelector(".o_pickup_counter_redeem");
            } else {
                target = this.codeInputRef.el;
            }
            target?.focus();
        });
    }

    // ------------------------------------------------------------------
    // Lookup
    // ------------------------------------------------------------------

    onLookupKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.lookup();
        }
    }

    async lookup() {
        const query = this.state.lookupQuery.trim();
        if (query.length < 3) {
            this.notification.add(_t("Type at least 3 characters to look up a pickup."), {
                type: "warning",
            });
            return;
        }
        if (this.state.busy || !this.state.point) {
            return;
        }
        this.state.busy = true;
        try {
            this.state.lookupResults = await this.orm.call(
                "pickup.service",
                "lookup",
                [query, this.state.point],
                { station: this.state.station }
            );
        } finally {
            this.state.busy = false;
        }
    }

    // ------------------------------------------------------------------
    // Reset
    // ------------------------------------------------------------------

    _emptyForm() {
        return {
            docType: this.state?.docTypes[0]?.value || "",
            last4: "",
            idName: "",
            idPhoto: "",
            ocrNotice: null,
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
        this.state.pickup = null;
        this.state.form = this._emptyForm();
        this.state.itemBarcode = "";
        this.state.itemNotice = null;
    }

    /** Escape: drop the current code and verdict, ready for the next collector. */
    reset() {
        if (this.state.busy) {
            return;
        }
        this._clearPickup();
        this.state.verdict = null;
        this.state.code = "";
        this.state.lookupQuery = "";
        this.state.lookupResults = null;
        if (!this.isTouch) {
            this.codeInputRef.el?.focus();
        }
    }
}

registry.category("actions").add("stock_pickup_bridge.pickup_counter", PickupCounter);
