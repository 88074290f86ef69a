import { registry } from "@web/core/registry";

// The group leader, back home, gives one member their goods and says so on their page.
registry.category("web_tour.tours").add("pickup_leader_handed_tour", {
    steps: () => [
        {
            content: "The orders the leader collected are listed",
            trigger: ".pickup-leader-collected:nth-child(2) .pickup-leader-hand",
        },
        {
            content: "Mark the first member's order handed to the member",
            trigger: ".pickup-leader-collected:first-child .pickup-leader-hand",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It is shown handed to the member; the other one still waits",
            trigger: ".pickup-leader-collected:first-child .pickup-leader-handed",
        },
        {
            content: "The other member's order can still be marked",
            trigger: ".pickup-leader-collected:nth-child(2) .pickup-leader-hand",
        },
    ],
});

// The member confirms from their own pickup page that they got the goods.
registry.category("web_tour.tours").add("pickup_leader_receipt_tour", {
    steps: () => [
        {
            content: "The page says the leader has the goods",
            trigger: ".pickup-leader-handover:contains('group leader')",
        },
        {
            content: "Confirm receipt",
            trigger: ".pickup-confirm-receipt",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The receipt is confirmed",
            trigger: ".pickup-received",
        },
    ],
});
