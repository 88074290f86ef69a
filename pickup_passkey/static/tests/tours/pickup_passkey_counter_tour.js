import { registry } from "@web/core/registry";
import {
    getTourParam,
    scanCodeStep,
    selectPointStep,
} from "@stock_pickup_bridge/../tests/tours/pickup_counter_tour_steps";

/**
 * A software passkey in the browser: ``navigator.credentials.get`` signs the server's
 * challenge with an EC P-256 key (WebCrypto) the way a phone does, so that the counter
 * screen, simplewebauthn and auth_passkey all run for real.
 */
const b64urlToBytes = (text) =>
    Uint8Array.from(
        atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4)),
        (c) => c.charCodeAt(0)
    );
const bytesToB64url = (bytes) =>
    btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "");

/** WebCrypto signs ECDSA as r||s; WebAuthn wants ASN.1 DER. */
function derSignature(raw) {
    const integer = (bytes) => {
        let start = 0;
        while (start < bytes.length - 1 && bytes[start] === 0) {
            start++;
        }
        let value = bytes.slice(start);
        if (value[0] & 0x80) {
            value = Uint8Array.of(0, ...value);
        }
        return Uint8Array.of(0x02, value.length, ...value);
    };
    const r = integer(raw.slice(0, 32));
    const s = integer(raw.slice(32));
    return Uint8Array.of(0x30, r.length + s.length, ...r, ...s);
}

async function installSoftwarePasskey({ pkcs8, credentialId }) {
    const key = await crypto.subtle.importKey(
        "pkcs8",
        b64urlToBytes(pkcs8),
        { name: "ECDSA", namedCurve: "P-256" },
        false,
        ["sign"]
    );
    let signCount = 0;
    const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    navigator.credentials.get = async ({ publicKey }) => {
        signCount++;
        const rpIdHash = await sha256(new TextEncoder().encode(publicKey.rpId));
        // Flags: user present (0x01) and user verified (0x04); then the counter, big-endian.
        const authData = Uint8Array.of(...rpIdHash, 0x05, 0, 0, 0, signCount);
        const clientData = new TextEncoder().encode(
            JSON.stringify({
                type: "webauthn.get",
                challenge: bytesToB64url(new Uint8Array(publicKey.challenge)),
                origin: window.location.origin,
                crossOrigin: false,
            })
        );
        const signed = Uint8Array.of(...authData, ...(await sha256(clientData)));
        const raw = new Uint8Array(
            await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, signed)
        );
        return {
            id: credentialId,
            rawId: b64urlToBytes(credentialId).buffer,
            type: "public-key",
            authenticatorAttachment: "platform",
            response: {
                authenticatorData: authData.buffer,
                clientDataJSON: clientData.buffer,
                signature: derSignature(raw).buffer,
                userHandle: null,
            },
            getClientExtensionResults: () => ({}),
        };
    };
}

let tourCode = "";

registry.category("web_tour.tours").add("pickup_passkey_counter_tour", {
    steps: () => [
        {
            content: "Fetch the test order's code and the supervisor's software passkey",
            trigger: ".o_pickup_counter_input:enabled",
            async run() {
                tourCode = await getTourParam("pickup_passkey.tour_code");
                const passkey = JSON.parse(
                    (await getTourParam("pickup_passkey.tour_passkey")) || "null"
                );
                if (!tourCode || !passkey) {
                    throw new Error("The test did not set the tour code and passkey");
                }
                await installSoftwarePasskey(passkey);
            },
        },
        selectPointStep("PTA", "Select the test pickup point"),
        scanCodeStep(() => tourCode, "Type the pickup code and press Enter"),
        {
            content: "The policy asks for a second person (amber)",
            trigger: ".o_pickup_counter_verdict[data-reason='ok'][data-colour='amber']",
        },
        {
            content: "The fallback fields are there for supervisors without a passkey",
            trigger: ".o_pickup_counter_step_approval .o_pickup_counter_approver_pin",
        },
        {
            content: "The supervisor approves with their passkey",
            trigger: ".o_pickup_counter_passkey_button:enabled",
            run: "click",
        },
        {
            content: "The approval step is done, the fallback fields are gone",
            trigger:
                ".o_pickup_counter_step_approval.o_done:not(:has(.o_pickup_counter_approval_fallback)) .o_pickup_counter_passkey_done",
        },
        {
            content: "Hand over",
            trigger: ".o_pickup_counter_redeem:enabled",
            run: "click",
        },
        {
            content: "Collected",
            trigger:
                ".o_pickup_counter_verdict[data-reason='ok'][data-action='redeem'][data-colour='green']",
        },
    ],
});
