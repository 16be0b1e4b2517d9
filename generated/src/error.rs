//! One error type for every way a call can fail, each variant saying what and where.

use std::fmt;

/// Everything a TOP call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The gateway answered with an `error_response`.
    Api(ApiError),
    /// The answer could not be decoded: wrong root, malformed body, or a value that does not
    /// fit its documented type.
    Decode(DecodeError),
    /// A client-side check failed before anything was sent (like the official SDKs'
    /// codes 40 and 41), or a value could not be encoded.
    InvalidRequest {
        /// Dotted path of the offending request field.
        field: String,
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => error.fmt(f),
            Error::Decode(error) => error.fmt(f),
            Error::InvalidRequest { field, message } => {
                write!(f, "invalid request: `{field}`: {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(error) => Some(error),
            Error::Decode(error) => Some(error),
            Error::InvalidRequest { .. } => None,
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(error)
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}

/// TOP's `error_response`: the gateway or the API refused the call.
///
/// `code` is TOP's platform code (25 invalid signature, 27 invalid session, 15 or 50 remote
/// service error, ...); `sub_code` says more and classifies it: `isp.*` is the platform's
/// fault (worth retrying when the call is idempotent), `isv.*` the caller's or a business
/// rule's.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    pub code: i64,
    pub msg: String,
    pub sub_code: Option<String>,
    pub sub_msg: Option<String>,
    pub request_id: Option<String>,
}

impl ApiError {
    pub fn new(code: i64, msg: impl Into<String>) -> Self {
        Self {
            code,
            msg: msg.into(),
            ..Self::default()
        }
    }

    /// `isp.*`: the platform failed (a backend timed out, a service is down).
    pub fn is_platform_error(&self) -> bool {
        self.sub_code
            .as_deref()
            .is_some_and(|s| s.starts_with("isp."))
    }

    /// `isv.*`: the caller's request or a business rule was refused.
    pub fn is_caller_error(&self) -> bool {
        self.sub_code
            .as_deref()
            .is_some_and(|s| s.starts_with("isv."))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TOP error {}: {}", self.code, self.msg)?;
        if let Some(sub_code) = &self.sub_code {
            write!(f, "; sub_code {sub_code}")?;
        }
        if let Some(sub_msg) = &self.sub_msg {
            write!(f, ": {sub_msg}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request_id {request_id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The answer's body is not what the API documents.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The format the body was read as.
    pub format: crate::Format,
    /// Dotted path of the failing field below the root (`result.model.pay_fee`), empty when
    /// the body as a whole is wrong.
    pub path: String,
    pub message: String,
    /// The start of the body, to see what arrived.
    pub body_excerpt: String,
}

/// How much of a body a decode error keeps.
const EXCERPT_BYTES: usize = 512;

impl DecodeError {
    pub(crate) fn new(
        format: crate::Format,
        path: impl Into<String>,
        message: impl Into<String>,
        body: &str,
    ) -> Self {
        Self {
            format,
            path: path.into(),
            message: message.into(),
            body_excerpt: excerpt(body),
        }
    }
}

/// The first [`EXCERPT_BYTES`] of `body`, cut at a character boundary, marked when cut.
pub(crate) fn excerpt(body: &str) -> String {
    if body.len() <= EXCERPT_BYTES {
        return body.to_owned();
    }
    let mut end = EXCERPT_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes in all)", &body[..end], body.len())
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode the {} answer", self.format)?;
        if !self.path.is_empty() {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}; body: {}", self.message, self.body_excerpt)
    }
}

impl std::error::Error for DecodeError {}
