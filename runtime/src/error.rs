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
    InvalidRequest(InvalidRequest),
    /// The gateway answered with an HTTP error status and no `error_response` body, or with
    /// a redirect (3xx), which is never followed: a signed request goes to the configured
    /// gateway only.
    #[non_exhaustive]
    HttpStatus {
        status: u16,
        /// The start of the body (empty for a redirect, whose body is not read).
        body_excerpt: String,
        /// For a redirect: the host of its `Location` (only the host: the full URL may carry
        /// the signed query). `None` when the answer is no redirect or names no usable
        /// `Location`.
        redirect_host: Option<String>,
    },
    /// The call did not complete: connection refused or reset, TLS failure, timeout. The
    /// request may or may not have reached TOP: for a payment, query its outcome (or retry
    /// with the same idempotency key) before paying again.
    Transport(TransportError),
    /// The client could not be built (invalid gateway URL, TLS setup).
    Config(String),
    /// A call under a [`RetryPolicy`](crate::RetryPolicy) failed on the way and was not (or
    /// no longer) repeated: the last error, the attempts made, and the idempotency key and
    /// TOP request id to reconcile it by. A call refused at its first attempt, or made with
    /// retries disabled, fails with its own error instead.
    Retry(Box<crate::RetryError>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => error.fmt(f),
            Error::Decode(error) => error.fmt(f),
            Error::InvalidRequest(error) => error.fmt(f),
            Error::HttpStatus {
                status,
                body_excerpt,
                redirect_host,
            } => {
                write!(f, "TOP gateway answered HTTP {status}")?;
                if (300..400).contains(status) {
                    match redirect_host {
                        Some(host) => write!(f, ": redirect to {host}")?,
                        None => write!(f, ": redirect without a usable Location")?,
                    }
                    return write!(f, " ({REDIRECT_REFUSED})");
                }
                write!(f, "; body: {body_excerpt}")
            }
            Error::Transport(error) => error.fmt(f),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::Retry(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(error) => Some(error),
            Error::Decode(error) => Some(error),
            Error::InvalidRequest(error) => Some(error),
            Error::Transport(error) => Some(error),
            Error::Retry(error) => Some(error),
            Error::HttpStatus { .. } | Error::Config(_) => None,
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
    /// The HTTP status, when the gateway sent the error with a status other than 200.
    #[serde(skip)]
    pub http_status: Option<u16>,
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

impl ApiError {
    /// The entry of `documented` (an API's `DOCUMENTED_ERRORS`, from its page's 错误码解释
    /// table) that explains this error: the one whose code is this error's `sub_code`
    /// exactly, else one whose code is this error's numeric `code` written in decimal.
    /// `None` when the page does not document it. Codes are compared, never messages.
    pub fn documented_in<'d>(
        &self,
        documented: &'d [DocumentedError],
    ) -> Option<&'d DocumentedError> {
        if let Some(sub_code) = self.sub_code.as_deref()
            && let Some(found) = documented.iter().find(|d| d.code == sub_code)
        {
            return Some(found);
        }
        let code = self.code.to_string();
        documented.iter().find(|d| d.code == code)
    }
}

/// One row of an API's documented error table (错误码解释): a code (usually a `sub_code`
/// such as `isv.invalid-parameter`), what it means, and what to do about it, as the page
/// says. Generated code lists them per API (`XxxRequest::DOCUMENTED_ERRORS`, and one `&str`
/// constant per code in the API's `errors` module, for `match`); find the one explaining an
/// answer with [`ApiError::documented_in`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DocumentedError {
    /// The documented code, exactly as the page writes it.
    pub code: &'static str,
    /// The page's 错误描述, if it gives one.
    pub description: Option<&'static str>,
    /// The page's 解决方案, if it gives one.
    pub solution: Option<&'static str>,
}

impl DocumentedError {
    pub const fn new(
        code: &'static str,
        description: Option<&'static str>,
        solution: Option<&'static str>,
    ) -> Self {
        Self {
            code,
            description,
            solution,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The texts are the server's: shown bounded (the fields keep them whole), so that a
        // hostile gateway cannot make one log line as long as its answer.
        write!(f, "TOP error {}: {}", self.code, Bounded(&self.msg))?;
        if let Some(sub_code) = &self.sub_code {
            write!(f, "; sub_code {}", Bounded(sub_code))?;
        }
        if let Some(sub_msg) = &self.sub_msg {
            write!(f, ": {}", Bounded(sub_msg))?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request_id {})", Bounded(request_id))?;
        }
        if let Some(status) = self.http_status {
            write!(f, " [HTTP {status}]")?;
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
            path: excerpt(&path.into()),
            // Messages quote values from the body: bounded like the excerpt.
            message: excerpt(&message.into()),
            body_excerpt: excerpt(body),
        }
    }
}

/// The first [`EXCERPT_BYTES`] of `body`, cut at a character boundary, marked when cut.
pub(crate) fn excerpt(body: &str) -> String {
    if body.len() <= EXCERPT_BYTES {
        return body.to_owned();
    }
    Bounded(body).to_string()
}

/// Displays a text as [`excerpt`] keeps it, without copying it.
struct Bounded<'a>(&'a str);

impl fmt::Display for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        if text.len() <= EXCERPT_BYTES {
            return f.write_str(text);
        }
        let mut end = EXCERPT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        write!(
            f,
            "{}... ({} bytes in all)",
            text.get(..end).unwrap_or_default(),
            text.len()
        )
    }
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

/// A request refused before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidRequest {
    /// The official SDKs' code: 40 for a missing required value, 41 for a value out of its
    /// documented limits.
    pub code: i64,
    /// Dotted path of the offending field (`pay_request.operator_id`), or `session`.
    pub field: String,
    pub message: String,
}

impl InvalidRequest {
    pub(crate) fn missing(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: 40,
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn out_of_range(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: 41,
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid request (code {}): `{}`: {}",
            self.code, self.field, self.message
        )
    }
}

impl std::error::Error for InvalidRequest {}

impl From<InvalidRequest> for Error {
    fn from(error: InvalidRequest) -> Self {
        Error::InvalidRequest(error)
    }
}

/// Why a redirect is refused, in the text of the errors that report one.
pub(crate) const REDIRECT_REFUSED: &str =
    "not followed: signed requests go to the configured gateway only";

/// What kind of transport failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made: nothing reached TOP.
    Connect,
    /// The connect or request timeout passed; the request may have reached TOP.
    Timeout,
    /// The answer's body broke off (connection reset, fewer bytes than its
    /// `Content-Length`, a broken gzip stream): the request reached TOP.
    Body,
    /// A `reqwest::Client` brought with `ClientBuilder::http_client` followed a redirect
    /// away from the configured gateway. The signed request went there too; its answer is
    /// refused. Build that client with `reqwest::redirect::Policy::none()`.
    Redirected,
    /// Anything else (connection reset before the answer, too large a body).
    Other,
}

/// A call that did not complete. Its text names the method and the cause (the messages of
/// the whole source chain); never a URL, secret or session.
#[derive(Debug)]
pub struct TransportError {
    pub kind: TransportErrorKind,
    /// The TOP method that was being called.
    pub method: &'static str,
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Body => "failed reading the answer",
            TransportErrorKind::Redirected => "was redirected",
            TransportErrorKind::Other => "failed",
        };
        write!(f, "calling `{}` {what}: ", self.method)?;
        // Every message of the chain, outermost first: the outer ones say where (sending,
        // reading the body), the inner ones why (`connection reset by peer`). A message
        // that only repeats the next one is left out.
        let mut messages: Vec<String> = Vec::new();
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(&*self.source);
        while let Some(error) = next {
            let message = scrub(&error.to_string());
            if let Some(last) = messages.last_mut()
                && last.ends_with(&message)
            {
                // `outer: inner` already printed by the outer error.
            } else if !message.is_empty() {
                messages.push(message);
            }
            next = error.source();
        }
        f.write_str(&messages.join(": "))
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// A message of the source chain with anything URL-like replaced: reqwest's own URL is
/// stripped with `without_url()`, this guards the rest (a proxy's or a custom connector's
/// error text) so that no query with `sign` or `session` is ever printed.
fn scrub(message: &str) -> String {
    message
        .split(' ')
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            if lower.contains("://")
                || lower.contains("sign=")
                || lower.contains("session=")
                || lower.contains("app_key=")
            {
                "<redacted>"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An error of our own words around the error it explains (`the body ended after 10 of
/// 100 bytes` around hyper's), keeping the chain for `source()`.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) message: String,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Context {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::{ApiError, EXCERPT_BYTES};

    #[test]
    fn an_api_error_shows_the_servers_texts_bounded_and_keeps_them_whole() {
        let long = "界".repeat(3000);
        let mut error = ApiError::new(50, long.clone());
        error.sub_code = Some(long.clone());
        error.sub_msg = Some(long.clone());
        error.request_id = Some("abc".to_owned());
        let shown = error.to_string();
        assert!(
            shown.len() < 4 * EXCERPT_BYTES + 200,
            "{} bytes",
            shown.len()
        );
        assert!(
            shown.contains(&format!("({} bytes in all)", long.len())),
            "{shown}"
        );
        assert!(shown.ends_with(" (request_id abc)"), "{shown}");
        assert_eq!(error.sub_msg.as_deref(), Some(long.as_str()));
        assert_eq!(
            ApiError::new(7, "App Call Limited").to_string(),
            "TOP error 7: App Call Limited"
        );
    }
}
