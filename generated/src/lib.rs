//! Typed Rust bindings for the Taobao Open Platform (TOP) gateway.
//!
//! Every API has a module under [`apis`], generated from its spec in the repository's
//! `spec/` folder: a request type with a typestate builder (a missing required field does
//! not compile), a response type whose every field is optional and leniently decoded, and
//! the nested types under their documented names.
//!
//! ```
//! use taobao_top::apis::alibaba_pos::order_pay::{AlibabaPosOrderPayRequest, AlibabaPosOrderPayResponse, PayRequest, ResultStatus};
//! use taobao_top::{Format, TopRequest, decode_response};
//!
//! let pay = PayRequest::builder()
//!     .operator_id("123").request_id("75626abc-452d-486e-970d-e65e12fc1456").machine_id("001")
//!     .buyer_id(1).pay_channel("alipay_facepay_v2").source("hema").pay_fee(100)
//!     .shop_id("1").payment_channel(1006).payer_id(3).checkout_id("111")
//!     .merchant_code("HM").order_id("111")
//!     .build();
//! let request = AlibabaPosOrderPayRequest::builder().shop_id(1).pay_request(pay).build();
//!
//! // What goes on the wire: the object parameter is one compact JSON string, keys sorted.
//! let params = request.business_params()?;
//! assert_eq!(params[0], ("pay_request", r#"{"buyer_id":1,"checkout_id":"111","machine_id":"001","merchant_code":"HM","operator_id":"123","order_id":"111","pay_channel":"alipay_facepay_v2","pay_fee":100,"payer_id":3,"payment_channel":1006,"request_id":"75626abc-452d-486e-970d-e65e12fc1456","shop_id":"1","source":"hema"}"#.to_owned()));
//!
//! // What comes back: a typed answer, or a typed error for `error_response`.
//! let body = r#"{"alibaba_pos_order_pay_response":{"result":{"model":{"result_status":3},"is_success":true},"request_id":"abc"}}"#;
//! let response: AlibabaPosOrderPayResponse = decode_response(Format::Json, body)?;
//! let status = response.result.and_then(|r| r.model).and_then(|m| m.result_status);
//! assert_eq!(status, Some(ResultStatus::Pending)); // 3 = 支付未决: query before paying again
//! assert!(matches!(ResultStatus::from(7), ResultStatus::Unknown(v) if v.value() == 7)); // undocumented values are kept
//! # Ok::<(), taobao_top::Error>(())
//! ```

// Generated code: formatted by prettyplease, not rustfmt.
#[rustfmt::skip]
pub mod apis;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod builder;
mod client;
mod date;
#[doc(hidden)]
pub mod de;
mod decode;
mod error;
mod file;
pub mod params;
mod request;
mod secret;
mod sign;
mod unknown;
pub mod validate;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

pub use client::{
    CallOptions, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_TIMEOUT, Gateway, SignedRequest,
};
pub use date::{ParseDateError, TopDate, TopDateTime};
pub use decode::{
    ERROR_ROOT, Format, MAX_UNKNOWN_PATHS, UnknownFields, decode_response, decode_simplified_json,
};
pub use error::{
    ApiError, DecodeError, DocumentedError, Error, InvalidRequest, TransportError,
    TransportErrorKind,
};
pub use file::FileItem;
pub use request::{ApiInfo, DecodedAnswer, TopRequest, TopResponse};
pub use secret::Secret;
pub use sign::{SignMethod, is_java_whitespace, is_sent, sign, string_to_sign};
pub use unknown::{DocumentedValues, UnknownValue};
