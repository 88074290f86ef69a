import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

/** Choose Point A in the store selector (the warehouse "Collect Central" must not be listed). */
function choosePickupPoint() {
    return [
        {
            content: "Choose pickup in store",
            trigger: 'input[name="o_delivery_radio"][data-delivery-type="in_store"]',
            run: "click",
        },
        {
            content: "Open the store selector",
            trigger: 'button[name="o_pickup_location_selector"]:not(:disabled)',
            run: "click",
        },
        {
            content: "Only pickup points are listed",
            trigger: '.o_location_selector button[id^="location-"]:contains("Point A")',
            run() {
                const names = [...document.querySelectorAll('.o_location_selector button[id^="location-"] strong.fw-bold')]
                    .map((el) => el.innerText);
                if (names.some((name) => name.includes("Collect Central"))) {
                    throw new Error(`A warehouse that is no pickup point is offered: ${names}`);
                }
                this.anchor.click();
            },
        },
        {
            content: "Take this pickup point",
            trigger: ".o_location_selector #submit_location_large:visible",
            run: "click",
        },
        {
            content: "The chosen pickup point is on the checkout",
            trigger: 'b[name="o_pickup_location_name"]:contains("Point A")',
        },
    ];
}

function payAndSeeTheCode() {
    return [
        tourUtils.confirmOrder(),
        ...tourUtils.payWithDemo(),
        {
            content: "The pickup code's QR is on the confirmation page",
            trigger: ".pickup-collect-code .pickup-qr svg",
        },
        {
            content: "and its short code",
            trigger: ".pickup-collect-code [data-pickup-short-code]",
        },
    ];
}

function addToCart() {
    return [
        ...tourUtils.searchProduct("Collect Test Cake", { select: true }),
        {
            content: "Add to cart",
            trigger: "#add_to_cart",
            run: "click",
        },
        tourUtils.goToCart({ quantity: 1 }),
        tourUtils.goToCheckout(),
    ];
}

registry.category("web_tour.tours").add("pickup_collect_portal_tour", {
    url: "/shop",
    steps: () => [...addToCart(), ...choosePickupPoint(), ...payAndSeeTheCode()],
});

registry.category("web_tour.tours").add("pickup_collect_guest_tour", {
    url: "/shop",
    steps: () => [
        ...addToCart(),
        { trigger: 'select[name="country_id"]', run: "selectByLabel Taiwan" },
        { trigger: 'input[name="name"]', run: "edit Guest Buyer" },
        { trigger: 'input[name="phone"]', run: "edit 0912000111" },
        { trigger: 'input[name="email"]', run: "edit guest.buyer@example.com" },
        { trigger: 'input[name="street"]', run: "edit 1 Zhongshan Rd" },
        { trigger: 'input[name="city"]', run: "edit Taipei" },
        { trigger: 'input[name="zip"]', run: "edit 100" },
        {
            content: "Continue checkout",
            trigger: '.oe_cart .btn:contains("Continue checkout")',
            run: "click",
            expectUnloadPage: true,
        },
        ...choosePickupPoint(),
        ...payAndSeeTheCode(),
    ],
});
