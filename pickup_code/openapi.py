"""OpenAPI 3.1 description of the pickup API, served at /pickup/api/v1/openapi.json."""

VERDICT = {
    "type": "object",
    "required": ["verdict", "reason", "message"],
    "properties": {
        "verdict": {"type": "string", "enum": ["ok", "refused"]},
        "reason": {"type": "string"},
        "message": {"type": "string", "description": "Human message in the user's language."},
        "colour": {"type": "string", "enum": ["green", "amber", "red"]},
        "code": {"type": "string", "description": "Code reference (never the secret)."},
        "order": {"type": "string", "examples": ["S00001"]},
        "point": {"type": "string", "examples": ["TPE"]},
        "buyer": {"type": "string"},
        "delegate": {"type": "string"},
        "steps": {"type": "array", "items": {"type": "string", "enum": [
            "id_check", "otp", "signature", "photo", "approval", "item_scan"]}},
        "lines": {"type": "array", "description": "What is still to collect (after a "
                  "partial hand-over: the rest, collected with the same code).",
                  "items": {"type": "object", "properties": {
                      "product_id": {"type": "integer"}, "product": {"type": "string"},
                      "barcode": {"type": "string"}, "qty": {"type": "number"}}}},
        "partly_collected": {"type": "boolean",
                             "description": "Part of the order was handed over already."},
        "parcel": {"type": "string", "description": "The package holding the order's goods "
                   "at the point (named after the order), when it arrived as a parcel."},
        "shelf": {"type": "string", "description": "The shelf or bin (a location inside the "
                  "point's stock) the parcel lies on, when it is on one.",
                  "examples": ["A-01"]},
        "amount_due": {"type": "number", "description": "For an order paid at the pickup "
                       "point (pickup_pay_at_point): what is still to pay, in `currency`; 0 "
                       "once paid. While it is not 0 the verdict is payment_required."},
        "amount_due_text": {"type": "string", "description": "The same, formatted with the "
                            "currency symbol.", "examples": ["NT$700"]},
        "currency": {"type": "string", "description": "ISO code of amount_due.",
                     "examples": ["TWD"]},
        "details": {"type": "object", "description": "For already_redeemed: redeemed_at, "
                    "redeemed_point, redeemed_by (staff), collected_by, collector_name. "
                    "Times (redeemed_at, expiry, locked_until) are YYYY-MM-DD HH:MM at the "
                    "pickup point's time zone."},
        "picking": {"type": "string"},
        "picking_state": {"type": "string"},
        "backorder": {"type": "string"},
        "handle": {"type": "string", "description": "On an ok verify: pass it to /redeem "
                   "(with the same code) so that the redeem takes the code, its steps and the "
                   "order as verified, for 15 minutes, for the same user and point. Not a "
                   "credential: a stale or foreign handle is ignored."},
        "together_count": {"type": "integer", "description": "On an ok verify: how many "
                           "of the same person's other orders are ready at this point (at "
                           "most 20); when not 0, /together lists them."},
        "together": {"type": "array", "description": "From /together: the same person's "
                     "other orders ready at this point (at most 20; an order that needs its "
                     "own item scan or one-time password is left out), each with its handle. "
                     "On a redeem that sent handles in together: the verdict of each of "
                     "those orders.", "items": {"type": "object", "properties": {
                         "code_id": {"type": "integer"}, "order": {"type": "string"},
                         "steps": {"type": "array", "items": {"type": "string"}},
                         "lines": {"type": "array", "items": {"type": "object"}},
                         "handle": {"type": "string"}, "verdict": {"type": "string"},
                         "reason": {"type": "string"}, "message": {"type": "string"}}}},
    },
}

REQUEST = {
    "type": "object",
    "required": ["code", "point"],
    "properties": {
        "code": {"type": "string", "maxLength": 512,
                 "description": "QR text (PC1.…), signed token (PC1T.…) or 9-symbol short code."},
        "point": {"type": "string", "description": "Pickup point (warehouse code)."},
    },
}

REDEEM_REQUEST = {
    "type": "object",
    "required": ["code", "point"],
    "properties": {
        **REQUEST["properties"],
        "steps": {"type": "object", "description": "Evidence for the policy steps.",
                  "properties": {
                      "id_check": {"type": "object", "properties": {
                          "doc_type": {"type": "string"}, "last4": {"type": "string"},
                          "photo": {"type": "string", "description": (
                              "Base64 image of the document. Kept on the hand-over only when "
                              "the company keeps ID photos, and deleted after its "
                              "retention period.")}}},
                      "otp": {"type": "string"},
                      "approval": {
                          "description": (
                              "The second person (a supervisor other than the caller). "
                              "A supervisor who has a passkey must use it "
                              "(method passkey, where pickup_passkey is installed); the "
                              "others give their login, password and approval PIN "
                              "(method password_pin). The hand-over records the method."),
                          "oneOf": [
                              {"type": "object", "required": ["login", "password", "pin"],
                               "properties": {
                                   "method": {"const": "password_pin"},
                                   "login": {"type": "string"},
                                   "password": {"type": "string"},
                                   "pin": {"type": "string", "pattern": "^[0-9]{4,8}$"}}},
                              {"type": "object", "required": ["method", "webauthn_response"],
                               "properties": {
                                   "method": {"const": "passkey"},
                                   "webauthn_response": {
                                       "type": "string",
                                       "description": "JSON of the WebAuthn assertion "
                                                      "(navigator.credentials.get) for a "
                                                      "challenge from pickup.counter."
                                                      "start_passkey_approval in the "
                                                      "caller's session."}}}]},
                      "signature": {"type": "string", "contentEncoding": "base64"},
                      "photo": {"type": "string", "contentEncoding": "base64"}}},
        "lines": {"type": "array", "items": {"type": "object", "properties": {
            "product_id": {"type": "integer"}, "barcode": {"type": "string"},
            "qty": {"type": "number"}}}},
        "partial_reason": {"type": "string"},
        "handle": {"type": "string", "maxLength": 512,
                   "description": "The handle of the ok verify this hand-over follows."},
        "together": {"type": "array", "maxItems": 20,
                     "items": {"type": "string", "maxLength": 512},
                     "description": "Handles from the verify's together offer: those orders "
                     "are handed over in the same hand-over, all their items, the steps "
                     "asked being the strictest order's; each is claimed on its own."},
    },
}

ERROR = {"type": "object", "required": ["error"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"}}}


TOGETHER_REQUEST = {
    "type": "object",
    "required": ["point", "handle"],
    "properties": {
        "point": REQUEST["properties"]["point"],
        "handle": {"type": "string", "maxLength": 1024,
                   "description": "The handle of an ok /verify at this point."},
    },
}

def _schema(name):
    return {"application/json": {"schema": {"$ref": "#/components/schemas/" + name}}}


def _responses(extra=None):
    responses = {
        "200": {"description": "A verdict; refusals are 200 with verdict 'refused'.",
                "content": _schema("Verdict")},
        "400": {"description": "Malformed JSON or fields (or nested deeper than 32 levels).",
                "content": _schema("Error")},
        "401": {"description": "Missing or invalid API key."},
        "403": {"description": "The user may not serve this pickup point.",
                "content": _schema("Error")},
        "413": {"description": "Body larger than 64 KiB.",
                "content": _schema("Error")},
        "503": {"description": "The database stayed busy (other counters handing over the "
                               "same goods); nothing was changed. Send the same request again "
                               "after Retry-After seconds.",
                "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                "content": _schema("Error")},
    }
    responses.update(extra or {})
    return responses


def build_spec(reasons):
    """:param list reasons: every verdict reason, documented as the ``reason`` enum."""
    verdict = dict(VERDICT, properties=dict(VERDICT["properties"],
                                            reason={"type": "string", "enum": reasons}))
    station = {"name": "X-Pickup-Station", "in": "header", "required": False,
               "schema": {"type": "string", "maxLength": 64},
               "description": "Counter/scanner identifier for rate limits and the log."}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pickup codes API", "version": "1.0.0",
                 "description": "Verify and redeem one-time pickup codes. Authenticate with "
                                "an Odoo API key: `Authorization: Bearer <key>`."},
        "servers": [{"url": "/pickup/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Verdict": verdict, "Error": ERROR, "VerifyRequest": REQUEST,
                        "RedeemRequest": REDEEM_REQUEST, "TogetherRequest": TOGETHER_REQUEST},
        },
        "paths": {
            "/verify": {"post": {
                "summary": "Check a code without consuming it (logged).",
                "parameters": [station],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/VerifyRequest"}}}},
                "responses": _responses(),
            }},
            "/redeem": {"post": {
                "summary": "Consume a code and validate its transfer in one transaction.",
                "parameters": [station, {
                    "name": "Idempotency-Key", "in": "header", "required": False,
                    "schema": {"type": "string", "maxLength": 128},
                    "description": "A retry with the same key returns the first answer."}],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/RedeemRequest"}}}},
                "responses": _responses({
                    "409": {"description": "The same key is still being processed."},
                    "422": {"description": "The key was used with a different body."}}),
            }},
            "/together": {"post": {
                "summary": "The same person's other orders ready here, to hand over with a "
                           "verified code (not logged: nothing beyond the verify's person).",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/TogetherRequest"}}}},
                "responses": {
                    "200": {"description": "The offer; empty for a stale or foreign handle.",
                            "content": {"application/json": {"schema": {
                                "type": "object", "properties": {
                                    "together": VERDICT["properties"]["together"],
                                    "steps": {"type": "array", "items": {"type": "string"},
                                              "description": "The scanned order's steps "
                                              "in a hand-over with these (a group "
                                              "leader's: the policy's for the total)."}}}}}},
                    "400": {"description": "Malformed JSON or fields.",
                            "content": _schema("Error")},
                    "401": {"description": "Missing or invalid API key."},
                    "403": {"description": "The user may not serve this pickup point.",
                            "content": _schema("Error")},
                    "413": {"description": "Body larger than 64 KiB.",
                            "content": _schema("Error")}},
            }},
            "/openapi.json": {"get": {"summary": "This document.", "security": [],
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        },
    }
