//! The two traits every generated API implements; the client is generic over them.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::params::BusinessParams;
use crate::{Error, Format};

/// A TOP API call: which method, what it answers, and its business parameters.
pub trait TopRequest: crate::validate::Validate {
    /// The decoded answer.
    type Response: TopResponse;
    /// The TOP method name, e.g. `alibaba.pos.order.pay`.
    const METHOD: &'static str;
    /// Whether the API acts for a user and so needs a session key.
    const NEEDS_SESSION: bool;
    /// Dotted path of the field that makes the call idempotent (`pay_request.request_id`):
    /// re-sending the same value repeats the call without repeating its effect.
    const IDEMPOTENCY_KEY: Option<&'static str>;
    /// Whether the call only reads (its spec says `read_only: true`): repeating it changes
    /// nothing, so a [`RetryPolicy`](crate::RetryPolicy) may repeat it without a key.
    const READ_ONLY: bool = false;

    /// The value of this request's [`IDEMPOTENCY_KEY`](Self::IDEMPOTENCY_KEY) field, `None`
    /// for an API without one: what a retry must send again unchanged, and what a caller
    /// reconciles a lost answer by. A `Number` key is given as its decimal text.
    fn idempotency_value(&self) -> Option<std::borrow::Cow<'_, str>> {
        None
    }

    /// Writes the business parameters as TOP expects them on the wire: scalars as text,
    /// object parameters as one compact JSON string each, `None` omitted.
    fn write_params<'a>(&'a self, params: &mut BusinessParams<'a>);

    /// Checks required values and documented limits, before anything is sent.
    fn validate(&self) -> Result<(), crate::Error> {
        let mut validator = crate::validate::Validator::new();
        self.validate_into(&mut validator);
        validator.finish().map_err(crate::Error::from)
    }

    /// The business parameters, in the order the request declares them (wire-name order).
    fn business_params(&self) -> Result<Vec<(&'static str, String)>, crate::Error> {
        let mut params = BusinessParams::new();
        self.write_params(&mut params);
        params.into_owned()
    }
}

/// A decoded TOP answer.
pub trait TopResponse: crate::object::ResponseObject + DeserializeOwned + Serialize {
    /// The root element (XML) or key (JSON) of a successful answer.
    const ROOT: &'static str;

    /// TOP's id of this call, present in every real answer.
    fn request_id(&self) -> Option<&str>;

    /// Paths of fields in the answer that these bindings do not know: reported, not decoded.
    /// At most [`crate::MAX_UNKNOWN_PATHS`] paths are kept; all are counted.
    fn unknown_fields(&self) -> &crate::UnknownFields;

    #[doc(hidden)]
    fn set_unknown_fields(&mut self, paths: crate::UnknownFields);
}

/// One API of these bindings, described by its trait constants: for tools that work on any
/// API by method name (a gateway, a fuzzer, a log viewer). `taobao_top::apis::ALL` lists those
/// of the enabled API-group features.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct ApiInfo {
    /// The TOP method name, e.g. `alibaba.pos.order.pay`.
    pub method: &'static str,
    /// The root of a successful answer.
    pub root: &'static str,
    pub needs_session: bool,
    pub idempotency_key: Option<&'static str>,
    pub read_only: bool,
    /// Decodes an answer of this API with [`crate::decode_response`], and gives it back as
    /// JSON in TOP's own shape (lists wrapped), beside the fields the bindings did not know.
    pub decode: fn(Format, &str) -> Result<DecodedAnswer, Error>,
}

impl ApiInfo {
    /// The description of request type `R`'s API.
    pub const fn of<R: TopRequest>() -> ApiInfo {
        ApiInfo {
            method: R::METHOD,
            root: <R::Response as TopResponse>::ROOT,
            needs_session: R::NEEDS_SESSION,
            idempotency_key: R::IDEMPOTENCY_KEY,
            read_only: R::READ_ONLY,
            decode: decode_answer::<R::Response>,
        }
    }
}

impl std::fmt::Debug for ApiInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiInfo")
            .field("method", &self.method)
            .field("root", &self.root)
            .field("needs_session", &self.needs_session)
            .field("idempotency_key", &self.idempotency_key)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

/// A decoded answer of an API chosen at run time (see [`ApiInfo::decode`]).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DecodedAnswer {
    /// The typed response serialized back to JSON: exactly the values the typed response holds.
    pub value: serde_json::Value,
    /// The kept paths of [`TopResponse::unknown_fields`] of the typed response.
    pub unknown_fields: Vec<String>,
}

fn decode_answer<R: TopResponse>(format: Format, body: &str) -> Result<DecodedAnswer, Error> {
    let response: R = crate::decode_response(format, body)?;
    let value = serde_json::to_value(&response).map_err(|error| {
        crate::error::DecodeError::new(format, "", format!("cannot re-encode: {error}"), body)
    })?;
    Ok(DecodedAnswer {
        value,
        unknown_fields: response.unknown_fields().paths().to_vec(),
    })
}
