/**
 * Offline check of the signed QR tokens (``PC1T.``, see pickup_code/core/signed_token.py):
 * the Ed25519 signature under the server's public key and the expiry, with WebCrypto
 * (Chromium ≥ 137, Firefox ≥ 129, Safari ≥ 17). It says whether the token is genuine before
 * (or without) the server round trip; the server still decides whether it may be handed over.
 * WebCrypto exists only in a secure context (HTTPS or localhost): elsewhere the answer is
 * "unchecked" and the counter relies on the server alone.
 */

export const TOKEN_PREFIX = "PC1T.";
const MAX_TOKEN_LENGTH = 512;

/** Strict unpadded base64url → bytes (null when malformed). */
function b64urlDecode(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
        return null;
    }
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    try {
        return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    } catch {
        return null;
    }
}

/**
 * @param {string} token the scanned text
 * @param {string} publicKey the server's Ed25519 public key, raw 32 bytes in base64url
 * @param {number} [now] Unix seconds
 * @returns {Promise<"authentic"|"expired"|"forged"|"unchecked">} ``forged``: not signed
 *     by this server (or altered); ``unchecked``: no key or no WebCrypto Ed25519 here
 */
export async function checkSignedToken(token, publicKey, now = Date.now() / 1000) {
    const subtle = globalThis.crypto?.subtle;
    const key = publicKey && b64urlDecode(publicKey);
    if (!subtle || !key || key.length !== 32) {
        return "unchecked";
    }
    if (typeof token !== "string" || !token.startsWith(TOKEN_PREFIX) ||
            token.length > MAX_TOKEN_LENGTH) {
        return "forged";
    }
    const parts = token.slice(TOKEN_PREFIX.length).split(".");
    const payload = parts.length === 2 && b64urlDecode(parts[0]);
    const signature = parts.length === 2 && b64urlDecode(parts[1]);
    if (!payload || !signature || signature.length !== 64) {
        return "forged";
    }
    let valid;
    try {
        const cryptoKey = await subtle.importKey("raw", key, { name: "Ed25519" }, false, [
            "verify",
        ]);
        valid = await subtle.verify({ name: "Ed25519" }, cryptoKey, signature, payload);
    } catch {
        return "unchecked"; // this browser has no Ed25519
    }
    if (!valid) {
        return "forged";
    }
    let claims;
    try {
        claims = JSON.parse(new TextDecoder().decode(payload));
    } catch {
        return "forged";
    }
    return Number.isInteger(claims?.e) && now < claims.e ? "authentic" : "expired";
}
