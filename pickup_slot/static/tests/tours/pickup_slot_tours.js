import { registry } from "@web/core/registry";

/**
 * The buyer's pickup page (portal): book the one free slot; the next buyer sees it full.
 * Set up by test_slot_tours.py (every other slot of the point is already full).
 */
registry.category("web_tour.tours").add("pickup_slot_book_tour", {
    steps: () => [
        {
            content: "The slot picker shows the point's slots",
            trigger: ".pickup-slot-picker .pickup-slot-day",
        },
        {
            content: "Choose the free slot",
            trigger: ".pickup-slot-option:not([disabled]):not(.pickup-slot-mine)",
            run: "click",
        },
        {
            content: "The slot is booked",
            trigger: ".pickup-slot-notice.alert-success",
        },
        {
            content: "and shown as mine",
            trigger: ".pickup-slot-current strong, .pickup-slot-mine",
        },
    ],
});

registry.category("web_tour.tours").add("pickup_slot_full_tour", {
    steps: () => [
        {
            content: "The slot picker shows the point's slots",
            trigger: ".pickup-slot-picker .pickup-slot-day",
        },
        {
            content: "The slot the others booked is full",
            trigger: ".pickup-slot-full[disabled]:contains('Full')",
        },
        {
            content: "No slot is left to choose",
            trigger: ".pickup-slot-picker:not(:has(.pickup-slot-option:not([disabled])))",
        },
        {
            content: "and none is booked for me",
            trigger: ".pickup-slot-none",
        },
    ],
});
