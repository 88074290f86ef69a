import { registry } from "@web/core/registry";

// A buyer told "collected" reports it from the portal pickup page (phone-sized).
registry.category("web_tour.tours").add("pickup_portal_dispute_tour", {
    steps: () => [
        {
            content: "The collected pickup offers a report",
            trigger: "details.pickup-dispute summary",
            run: "click",
        },
        {
            content: "Wrong or missing items",
            trigger: "input#dispute_wrong",
            run: "click",
        },
        {
            content: "Say what happened",
            trigger: "textarea#dispute_description",
            run: "edit One box of three was missing",
        },
        {
            content: "Send the report",
            trigger: "details.pickup-dispute button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The buyer is told the supervisor has it",
            trigger: ".pickup-dispute-sent",
        },
        {
            content: "and that the report is being handled",
            trigger: ".pickup-dispute-open",
        },
    ],
});
