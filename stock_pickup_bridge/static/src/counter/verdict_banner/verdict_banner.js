import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

/**
 * The verdict of the last scan or hand-over, big and coloured (green, amber, red), with the
 * offline check of a signed QR above it; the idle hint when there is no verdict yet.
 */
export class PickupCounterVerdictBanner extends Component {
    static template = "stock_pickup_bridge.PickupCounterVerdictBanner";
    static props = { store: Object };

    get store() {
        return this.props.store;
    }

    get verdictTitle() {
        const { verdict, steps } = this.store;
        if (!verdict) {
            return "";
        }
        if (verdict.action === "offline") {
            if (verdict.reason === "offline_queued") {
                return _t("Queued, not yet confirmed");
            }
            if (verdict.reason === "offline_authentic") {
                return _t("Authentic (checked offline)");
            }
        }
        if (verdict.reason === "ok") {
            if (verdict.action === "redeem") {
                return _t("Collected");
            }
            return steps.length ? _t("Checks needed") : _t("Valid code");
        }
        return verdict.colour === "red" ? _t("Do not hand over") : _t("Action needed");
    }

    get verdictIcon() {
        const colour = this.store.verdictColour;
        if (colour === "green") {
            return "fa-check-circle";
        }
        return colour === "amber" ? "fa-exclamation-triangle" : "fa-times-circle";
    }
}
