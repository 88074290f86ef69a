import { browser } from "@web/core/browser/browser";
import { ConnectionLostError } from "@web/core/network/rpc";
import { session } from "@web/session";

/**
 * The browser side of the offline counter, without state: where queued hand-overs are
 * kept (``localStorage``, one list per database and pickup point, so two databases or two
 * points on one tablet never mix) and what a queued item holds.
 *
 * A queued item is a hand-over that already happened at the counter while the server could
 * not be reached: ``{key, token, point, station, steps, queuedAt, status, message}`` with
 * ``status`` ``queued`` (not yet confirmed), ``confirmed`` or ``conflict`` (the server's
 * answer on sync, see ``pickup.service.sync_offline_handover``).
 */

const STORAGE_PREFIX = "stock_pickup_bridge.offline_queue";

/** @returns {string} the ``localStorage`` key of ``point``'s queue in this database */
export function queueStorageKey(point) {
    return `${STORAGE_PREFIX}.${session.db || ""}.${point}`;
}

/** @returns {Object[]} the queue of ``point`` (empty when none or unreadable) */
export function loadQueue(point) {
    try {
        const items = JSON.parse(browser.localStorage.getItem(queueStorageKey(point)) || "[]");
        return Array.isArray(items) ? items : [];
    } catch {
        return [];
    }
}

/** Keep ``items`` as ``point``'s queue (removed when empty). */
export function saveQueue(point, items) {
    const key = queueStorageKey(point);
    if (items.length) {
        browser.localStorage.setItem(key, JSON.stringify(items));
    } else {
        browser.localStorage.removeItem(key);
    }
}

/** Whether ``error`` says the server could not be reached (not that it refused). */
export function isConnectionLost(error) {
    return error instanceof ConnectionLostError;
}

/** Whether the browser itself knows it has no network. */
export function browserOffline() {
    return browser.navigator?.onLine === false;
}
