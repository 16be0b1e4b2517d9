//! The hand-written runtime of the [`taobao-top`](https://docs.rs/taobao-top) crate: the
//! client (configuration, signing, transport), decoding of TOP's answers, errors, dates,
//! secrets and the support the generated code calls.
//!
//! Depend on `taobao-top`, not on this crate: it re-exports everything here beside the
//! generated API modules. The generated code reaches what it needs through one path,
//! [`__private`], which is not part of the public API and may change in any release.

#[cfg(feature = "blocking")]
pub mod blocking;
pub mod builder;
mod calls;
mod client;
mod codecs;
mod date;
#[doc(hidden)]
pub mod de;
mod decode;
mod error;
mod file;
mod form;
#[doc(hidden)]
pub mod object;
pub mod params;
mod request;
mod secret;
mod sign;
mod unknown;
pub mod validate;

pub use calls::Call;
pub use client::{
    CallOptions, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_TIMEOUT, Gateway, RetryError, RetryPolicy, RetryStop, SignedRequest,
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

/// What generated code calls and users should not: the one path from generated code into
/// the runtime (`codegen`'s `emit::runtime` writes it). Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::builder::{Set, Unset, typestate};
    pub use crate::codecs::{object_items, top_response};
    pub use crate::de;
    pub use crate::object::{request_object, response_object};
    pub use crate::params::BusinessParams;
    pub use crate::validate::{Validate, Validator};
    pub use crate::{
        ApiInfo, Call, Client, DocumentedError, DocumentedValues, Error, FileItem, TopDate,
        TopDateTime, TopRequest, TopResponse, UnknownFields, UnknownValue,
    };

    #[cfg(feature = "blocking")]
    pub use crate::blocking::Client as BlockingClient;
    pub use crate::calls::Execute;
    #[cfg(feature = "blocking")]
    pub use crate::calls::ExecuteBlocking;

    /// Implemented only by the clients of this crate, so that the generated per-group
    /// traits of API methods can gain methods without breaking anyone's code.
    pub trait Sealed {}
    impl Sealed for crate::Client {}
    #[cfg(feature = "blocking")]
    impl Sealed for crate::blocking::Client {}
}
