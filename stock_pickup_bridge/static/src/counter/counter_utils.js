import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { formatFloat } from "@web/core/utils/numbers";
import { TOKEN_PREFIX } from "./signed_token";

/**
 * What the counter's components share and that needs no state: constants and small pure
 * helpers (the store, the steps and the items list all read them).
 */

/** localStorage key remembering the pickup point chosen on this device. */
export const POINT_STORAGE_KEY = "stock_pickup_bridge.counter_point";

/** Scans starting with these prefixes are pickup codes (QR secret or signed token). */
export const CODE_PREFIXES = ["PC1.", TOKEN_PREFIX];

/**
 * Refusals that leave the code in hand: the clerk completes or corrects a step and
 * tries again. Any other refusal ends the hand-over of this code.
 */
export const RETRY_REASONS = new Set([
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

/** The order the server lists policy steps in (``pickup_code/core/policy.py`` ``STEPS``). */
export const STEP_ORDER = ["id_check", "otp", "signature", "photo", "approval", "item_scan"];

/** Which step panel each step refusal points at. */
export const REASON_STEP = {
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

/**
 * The database stayed busy through Odoo's retries (other counters handing over the same
 * goods): the server rolled everything back, so the clerk simply tries again.
 */
const BUSY_ERRORS = new Set([
    "psycopg2.errors.SerializationFailure",
    "psycopg2.errors.LockNotAvailable",
    "psycopg2.errors.DeadlockDetected",
]);

/**
 * Tell the clerk to try again when the server gave up on a busy database (nothing was
 * changed), instead of Odoo's error dialog.
 *
 * @returns {boolean} whether ``error`` was that case
 */
export function notifyDatabaseBusy(error, notification) {
    if (!(error instanceof RPCError) || !BUSY_ERRORS.has(error.data?.name)) {
        return false;
    }
    notification.add(_t("Too many hand-overs at once: nothing was changed. Please try again."), {
        type: "warning",
    });
    return true;
}

/** Tolerance when comparing quantities (they are floats in the unit of measure). */
export const QTY_EPSILON = 1e-6;

/** Longest side of a hand-over photo once downscaled in the browser. */
const PHOTO_MAX_SIDE = 1600;

/** A random key for one hand-over attempt (``crypto.randomUUID`` needs HTTPS; this does not). */
export function newAttemptKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A quantity as the clerk reads it: up to 3 decimals, no trailing zeros. */
export function formatQty(qty) {
    return formatFloat(qty, { digits: [false, 3], trailingZeros: false });
}

/**
 * One entry per product (a product may sit on several moves), with the quantity to
 * hand over and the quantity counted so far. Without an item-scan step the counter
 * starts full: the clerk only lowers it for a partial hand-over.
 *
 * @param {Object[]} lines the ``lines`` of a verify answer
 * @param {string[]} steps the steps the policy asks for
 */
export function makeLines(lines, steps) {
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

/**
 * Read a camera picture, downscaled to a reasonable size, as base64 JPEG (the hand-over
 * photo, and the ID photo that ``pickup_counter_ocr`` reads).
 *
 * @param {File} file
 * @returns {Promise<string>}
 */
export async function readPhoto(file) {
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
