/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const CARDS = [
    "false_pickup_rate", "dispute_rate", "pickup_rate", "no_show_rate",
    "scan_failure_rate", "anomaly_rate_per_1000", "inventory_accuracy", "spoilage_rate",
];

/** Points of an SVG polyline for a small sparkline (0..100 × 0..30). */
function sparkline(values) {
    if (!values.length) {
        return "";
    }
    const max = Math.max(...values, 1);
    const step = values.length > 1 ? 100 / (values.length - 1) : 100;
    return values.map((v, i) => `${(i * step).toFixed(1)},${(30 - (v / max) * 28).toFixed(1)}`).join(" ");
}

export class PickupKpiDashboard extends Component {
    static template = "pickup_kpi.KpiDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ days: 90, data: null, loading: true });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        this.state.data = await this.orm.call("pickup.kpi", "get_dashboard", [], {
            days: this.state.days,
        });
        this.state.loading = false;
    }

    async setDays(ev) {
        this.state.days = parseInt(ev.target.value, 10);
        await this.load();
    }

    get cards() {
        const data = this.state.data;
        return CARDS.map((name) => {
            const definition = data.definitions[name] || {};
            return {
                name,
                label: definition.label || name,
                formula: definition.formula || "",
                value: this.format(data.kpis[name], definition.unit),
                lowerIsBetter: definition.direction === "lower_is_better",
                direction: definition.direction === "lower_is_better"
                    ? _t("lower is better")
                    : _t("higher is better"),
            };
        });
    }

    get leadTimes() {
        const kpis = this.state.data.kpis;
        return [
            { label: _t("Paid → ready"), stats: kpis.paid_to_ready },
            { label: _t("Ready → collected"), stats: kpis.ready_to_collected },
        ];
    }

    get sparkScans() {
        return sparkline(this.state.data.series.map((d) => d.failed));
    }

    get sparkPickups() {
        return sparkline(this.state.data.series.map((d) => d.pickups));
    }

    get breakdownNames() {
        return {
            point: _t("Pickup point"), region: _t("Region"),
            category: _t("Product category"), hour_slot: _t("Hour slot"),
        };
    }

    format(value, unit) {
        if (value === null || value === undefined) {
            return "–";
        }
        if (unit === "ratio") {
            return `${(value * 100).toFixed(2)} %`;
        }
        if (unit === "per_1000") {
            return `${value.toFixed(2)} ‰`;
        }
        return value.toFixed(1);
    }

    hours(value) {
        return value === null || value === undefined ? "–" : `${value.toFixed(1)} h`;
    }

    percent(value) {
        return value === null || value === undefined ? "–" : `${(value * 100).toFixed(2)} %`;
    }

    openCodes() {
        // The daily aggregate: a pivot over any size of history (per code: the code facts).
        this.action.doAction("pickup_kpi.pickup_kpi_daily_segment_action");
    }

    openScans() {
        this.action.doAction("pickup_kpi.pickup_kpi_attempt_fact_action");
    }
}

registry.category("actions").add("pickup_kpi.kpi_dashboard", PickupKpiDashboard);
