//! The two traits every generated API implements; the client is generic over them.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::params::BusinessParams;

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
pub trait TopResponse: DeserializeOwned + Serialize {
    /// The root element (XML) or key (JSON) of a successful answer.
    const ROOT: &'static str;

    /// TOP's id of this call, present in every real answer.
    fn request_id(&self) -> Option<&str>;

    /// Paths of fields in the answer that these bindings do not know: reported, not decoded.
    fn unknown_fields(&self) -> &[String];

    #[doc(hidden)]
    fn set_unknown_fields(&mut self, paths: Vec<String>);
}
