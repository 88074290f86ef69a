import { registry } from "@web/core/registry";
import {
    getTourParam,
    scanCodeStep,
    selectPointStep,
} from "@stock_pickup_bridge/../tests/tours/pickup_counter_tour_steps";

/** Set by the Python test (see test_id_ocr.py): the code and the sample card's attachment. */
const tour = { code: "", cardId: 0 };

registry.category("web_tour.tours").add("pickup_counter_ocr_tour", {
    steps: () => [
        {
            content: "Fetch the code and the photo of the sample card",
            trigger: ".o_pickup_counter_input:enabled",
            async run() {
                tour.code = await getTourParam("pickup_counter_ocr.tour_code");
                tour.cardId = Number(await getTourParam("pickup_counter_ocr.tour_card"));
                if (!tour.code || !tour.cardId) {
                    throw new Error("The test set no code or card");
                }
            },
        },
        selectPointStep("PTA"),
        scanCodeStep(() => tour.code),
        {
            content: "The ID check is asked for (amber)",
            trigger:
                ".o_pickup_counter_verdict[data-reason='ok'][data-action='verify'][data-colour='amber']",
        },
        {
            content: "Take the photo of the ID card (the sample card as a camera file)",
            trigger: ".o_pickup_counter_id_ocr_button:not(.disabled)",
            async run() {
                const response = await fetch(`/web/content/${tour.cardId}`);
                const blob = await response.blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "id-card.png", { type: "image/png" }));
                const input = this.anchor.querySelector("input[type='file']");
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The name read from the card is shown next to the expected one",
            trigger: ".o_pickup_counter_id_name strong:contains('王小明')",
        },
        {
            content: "Document type and last 4 characters were filled in for the clerk to confirm",
            trigger: ".o_pickup_counter_step_id_check select",
            run() {
                const last4 = document.querySelector(".o_pickup_counter_last4").value;
                if (this.anchor.value !== "national_id" || last4 !== "6789") {
                    throw new Error(`OCR filled ${this.anchor.value} / ${last4}`);
                }
            },
        },
        {
            content: "Hand over",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "Handed over (green)",
            trigger:
                ".o_pickup_counter_verdict[data-reason='ok'][data-action='redeem'][data-colour='green']",
        },
    ],
});
