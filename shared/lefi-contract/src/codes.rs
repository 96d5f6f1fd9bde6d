//! The stable codes of LEFI Online's error answers (SPEC §6), defined once: the gateway
//! answers with them, the audit records them, and `tests/openapi.rs` holds our OpenAPI
//! document's enums to these lists. The rules' own codes (`PNR_FORMAT` … `XML_SCHEMA`)
//! are `lefi_domain::query::ViolationCode`.

/// `LefiFelsvar.kod`: what kind of problem the answer is.
pub const INVALID_QUERY: &str = "INVALID_QUERY";
pub const NOT_AUTHORIZED: &str = "NOT_AUTHORIZED";
pub const SERVICE_CLOSED: &str = "SERVICE_CLOSED";
pub const RATE_LIMITED: &str = "RATE_LIMITED";
pub const INTERNT_FEL: &str = "INTERNT_FEL";
pub const NOT_FOUND: &str = "NOT_FOUND";
pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
pub const UNSUPPORTED_MEDIA_TYPE: &str = "UNSUPPORTED_MEDIA_TYPE";
pub const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
pub const CONFLICT: &str = "CONFLICT";
/// 503: the person register could not answer; try again after `Retry-After`.
pub const TEMPORARILY_UNAVAILABLE: &str = "TEMPORARILY_UNAVAILABLE";

/// Every `LefiFelsvar.kod`, in the OpenAPI document's order.
pub const FELSVAR: [&str; 11] = [
    INVALID_QUERY,
    NOT_AUTHORIZED,
    SERVICE_CLOSED,
    RATE_LIMITED,
    INTERNT_FEL,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    UNSUPPORTED_MEDIA_TYPE,
    PAYLOAD_TOO_LARGE,
    CONFLICT,
    TEMPORARILY_UNAVAILABLE,
];

/// `LefiValideringsfel.kod` beside the rules' codes: a JSON body that is not JSON (the
/// XML channels' `XML_SCHEMA`), and an `Idempotency-Key` out of its format.
pub const JSON_FORMAT: &str = "JSON_FORMAT";
pub const QUERY_ID_FORMAT: &str = "QUERY_ID_FORMAT";

/// What an SSEK envelope fault is called in the audit record (the partner gets the SOAP
/// fault itself).
pub const SSEK_ENVELOPE: &str = "SSEK_ENVELOPE";
pub const SOAP_VERSION_MISMATCH: &str = "SOAP_VERSION_MISMATCH";
pub const SOAP_MUST_UNDERSTAND: &str = "SOAP_MUST_UNDERSTAND";
