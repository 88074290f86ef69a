import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("pickup_kpi_dashboard_tour", {
    steps: () => [
        {
            content: "The pickup rate card shows the seeded data (3 of 4 collected)",
            trigger: ".o_pickup_kpi_card[data-kpi='pickup_rate']:contains('75.00 %')",
        },
        {
            content: "Switch to the last 30 days",
            trigger: "select.o_pickup_kpi_days",
            run: "select 30",
        },
        {
            content: "Breakdowns by pickup point are listed",
            trigger: ".o_pickup_kpi_dashboard td:contains('Point A')",
        },
    ],
});
