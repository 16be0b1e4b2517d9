//! The async client: configuration, the signed form POST, and reading the answer.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tracing::Instrument;

use crate::error::{Context, InvalidRequest, TransportError, TransportErrorKind, excerpt};
use crate::params::BusinessParams;
use crate::{Error, Format, Secret, SignMethod, TopDateTime, TopRequest, TopResponse};

/// TOP's gateways, or any other URL (a proxy, a local mock).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Gateway {
    /// `https://eco.taobao.com/router/rest`
    Production,
    /// `http://gw.api.taobao.com/router/rest` (plain HTTP: prefer [`Gateway::Production`])
    ProductionHttp,
    /// `http://gw.api.tbsandbox.com/router/rest`
    Sandbox,
    /// `https://api.taobao.com/router/rest`
    Overseas,
    /// Any URL of a TOP-compatible gateway.
    Custom(String),
}

impl Gateway {
    pub fn url(&self) -> &str {
        match self {
            Gateway::Production => "https://eco.taobao.com/router/rest",
            Gateway::ProductionHttp => "http://gw.api.taobao.com/router/rest",
            Gateway::Sandbox => "http://gw.api.tbsandbox.com/router/rest",
            Gateway::Overseas => "https://api.taobao.com/router/rest",
            Gateway::Custom(url) => url,
        }
    }
}

/// Default time to set up a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole call, connection included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on an answer's size: TOP answers are small, a runaway body is not.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Configures a [`Client`]. Start with [`Client::builder`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    app_key: String,
    app_secret: Secret,
    gateway: Gateway,
    sign_method: SignMethod,
    format: Format,
    simplify: bool,
    partner_id: Option<String>,
    target_app_key: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    gzip: bool,
    user_agent: String,
    http: Option<reqwest::Client>,
    max_body_bytes: usize,
}

impl ClientBuilder {
    /// Where to send calls; [`Gateway::Production`] unless set.
    pub fn gateway(mut self, gateway: Gateway) -> Self {
        self.gateway = gateway;
        self
    }

    /// `hmac-sha256` unless set.
    pub fn sign_method(mut self, method: SignMethod) -> Self {
        self.sign_method = method;
        self
    }

    /// The answer format, JSON unless set.
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Sends `simplify=true` (JSON only). Unconfirmed on the wire: TOP documents the flag,
    /// but its answers' shape is known only from the official Java parser.
    pub fn simplify(mut self, simplify: bool) -> Self {
        self.simplify = simplify;
        self
    }

    pub fn partner_id(mut self, partner_id: impl Into<String>) -> Self {
        self.partner_id = Some(partner_id.into());
        self
    }

    pub fn target_app_key(mut self, target_app_key: impl Into<String>) -> Self {
        self.target_app_key = Some(target_app_key.into());
        self
    }

    /// Time to set up a connection ([`DEFAULT_CONNECT_TIMEOUT`] unless set).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time for a whole call ([`DEFAULT_TIMEOUT`] unless set); applies to a client brought
    /// with [`Self::http_client`] too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Accept gzip-compressed answers (on unless set).
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Largest answer read ([`DEFAULT_MAX_BODY_BYTES`] unless set).
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Brings your own `reqwest::Client` (proxies, extra root certificates, a shared pool).
    /// Its own settings replace connect timeout, gzip and user agent here.
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`. reqwest follows
    /// redirects by default, and a followed 307/308 re-sends the signed query and the body,
    /// session included, to wherever the redirect points (a 302 turns into a GET that still
    /// carries the signed query). This crate cannot change the policy of a client it did
    /// not build: it refuses any answer that did not come from the gateway URL it posted to
    /// ([`TransportErrorKind::Redirected`]), but by then the request has been sent there.
    /// A client built by [`Self::build`] never follows redirects: a 3xx answer is an
    /// [`Error::HttpStatus`] naming the redirect's host.
    ///
    /// ```no_run
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()?;
    /// # let _ = http;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let url = reqwest::Url::parse(self.gateway.url())
            .map_err(|e| Error::Config(format!("gateway URL `{}`: {e}", self.gateway.url())))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "gateway URL `{url}`: expected http or https"
            )));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .tls_backend_preconfigured(tls_config()?)
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .gzip(self.gzip)
                .user_agent(self.user_agent)
                // Never re-send a signed request (query, body, session) to another place.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("HTTP client: {e}")))?,
        };
        Ok(Client {
            config: Arc::new(Config {
                app_key: self.app_key,
                app_secret: self.app_secret,
                url,
                sign_method: self.sign_method,
                format: self.format,
                simplify: self.simplify,
                partner_id: self.partner_id,
                target_app_key: self.target_app_key,
                timeout: self.timeout,
                max_body_bytes: self.max_body_bytes,
                http,
            }),
            session: None,
        })
    }
}

/// rustls with the `ring` provider (pure Rust, no C to build) and the Mozilla root
/// certificates (no dependence on the host's CA store). Certificates are always checked.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

struct Config {
    app_key: String,
    app_secret: Secret,
    url: reqwest::Url,
    sign_method: SignMethod,
    format: Format,
    simplify: bool,
    partner_id: Option<String>,
    target_app_key: Option<String>,
    timeout: Duration,
    max_body_bytes: usize,
    http: reqwest::Client,
}

/// A TOP client: cheap to clone (the configuration and connection pool are shared).
///
/// ```no_run
/// # async fn run() -> Result<(), taobao_top::Error> {
/// use taobao_top::{Client, Gateway, SignMethod};
/// use taobao_top::prelude::*;
/// use taobao_top::apis::alibaba_pos::pay_action_query::{AlibabaPosPayActionQueryRequest, PaymentActionRequest};
///
/// let client = Client::builder("12345678", "your-app-secret")
///     .gateway(Gateway::Sandbox)
///     .sign_method(SignMethod::HmacSha256)
///     .build()?;
/// let query = AlibabaPosPayActionQueryRequest::builder()
///     .shop_id(124)
///     .payment_action_request(PaymentActionRequest::builder().request_id("123").buyer_id(123).build())
///     .build();
/// let answer = client.alibaba_pos_pay_action_query(&query).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    config: Arc<Config>,
    session: Option<Secret>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.config;
        f.debug_struct("Client")
            .field("app_key", &c.app_key)
            .field("app_secret", &c.app_secret)
            .field("gateway", &c.url.as_str())
            .field("sign_method", &c.sign_method)
            .field("format", &c.format)
            .field("simplify", &c.simplify)
            .field("partner_id", &c.partner_id)
            .field("target_app_key", &c.target_app_key)
            .field("timeout", &c.timeout)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// Per-call settings.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// The user's session key, for APIs that act for a user (overrides the client's).
    pub session: Option<Secret>,
    /// A fixed `timestamp` instead of now (reproducible tests; TOP allows 10 minutes of skew).
    pub timestamp: Option<TopDateTime>,
}

impl CallOptions {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn session(mut self, session: impl Into<Secret>) -> Self {
        self.session = Some(session.into());
        self
    }

    pub fn timestamp(mut self, timestamp: TopDateTime) -> Self {
        self.timestamp = Some(timestamp);
        self
    }
}

/// A call ready to send: the URL query (system parameters and `sign`) and the form body
/// (business parameters and `session`), plus any files. `Debug` hides the body, which may
/// hold a session.
#[derive(Clone)]
pub struct SignedRequest<'a> {
    /// `app_key=...&method=...&sign=...`, form-encoded.
    pub query: String,
    /// The `application/x-www-form-urlencoded` body (without the files).
    pub body: String,
    /// The signature.
    pub sign: String,
    /// `byte[]` parameters: when there are any, the body is sent as `multipart/form-data`
    /// holding the text parameters and these files (which are not signed).
    pub files: Vec<(&'static str, &'a crate::FileItem)>,
    /// The body's text parameters, for a multipart body.
    form_fields: Vec<(String, String)>,
}

impl fmt::Debug for SignedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field("query", &self.query)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("sign", &self.sign)
            .field("files", &self.files)
            .finish()
    }
}

impl SignedRequest<'_> {
    /// The multipart body: text parameters, then files.
    fn multipart(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.form_fields {
            form = form.text(name.clone(), value.clone());
        }
        for (name, file) in &self.files {
            let mut part = reqwest::multipart::Part::bytes(file.content.clone())
                .file_name(file.file_name.clone());
            if let Some(mime) = &file.mime_type {
                part = part.mime_str(mime).map_err(|e| {
                    Error::from(InvalidRequest::out_of_range(
                        *name,
                        format!("MIME type `{mime}`: {e}"),
                    ))
                })?;
            }
            form = form.part(*name, part);
        }
        Ok(form)
    }
}

/// The content type the official Java SDK sends (reqwest's `.form()` omits the charset).
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded;charset=UTF-8";

impl Client {
    /// Starts configuring a client for an app.
    pub fn builder(app_key: impl Into<String>, app_secret: impl Into<Secret>) -> ClientBuilder {
        ClientBuilder {
            app_key: app_key.into(),
            app_secret: app_secret.into(),
            gateway: Gateway::Production,
            sign_method: SignMethod::default(),
            format: Format::Json,
            simplify: false,
            partner_id: None,
            target_app_key: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            gzip: true,
            user_agent: concat!("taobao-top-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// This client acting for a user: every call sends `session`. Cheap (shares the pool).
    pub fn with_session(&self, session: impl Into<Secret>) -> Client {
        Client {
            config: Arc::clone(&self.config),
            session: Some(session.into()),
        }
    }

    /// The answer format this client asks for.
    pub fn format(&self) -> Format {
        self.config.format
    }

    /// Calls an API: the typed answer, or a typed error.
    pub async fn execute<R: TopRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.execute_with(request, &CallOptions::default()).await
    }

    /// Calls an API with per-call options (session, fixed timestamp).
    pub async fn execute_with<R: TopRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error> {
        let span = tracing::info_span!(
            "top_call",
            method = R::METHOD,
            top_request_id = tracing::field::Empty,
            outcome = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self.call(request, options).instrument(span.clone()).await;
        record_outcome::<R>(&span, started, &result);
        result
    }

    async fn call<R: TopRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error> {
        let signed = self.sign_request(request, options)?;
        let mut url = self.config.url.clone();
        url.set_query(Some(&signed.query));
        let post = self
            .config
            .http
            .post(url.clone())
            .timeout(self.config.timeout);
        let post = if signed.files.is_empty() {
            post.header(reqwest::header::CONTENT_TYPE, FORM_CONTENT_TYPE)
                .body(signed.body)
        } else {
            post.multipart(signed.multipart()?)
        };
        let response = post
            .send()
            .await
            .map_err(|e| transport_error(R::METHOD, e))?;
        let status = response.status().as_u16();
        if response.url() != &url {
            // Only a user-supplied client follows redirects: the answer came from elsewhere.
            return Err(redirected(R::METHOD, response.url()));
        }
        if (300..400).contains(&status) {
            return Err(Error::HttpStatus {
                status,
                body_excerpt: String::new(),
                redirect_host: redirect_host(&url, &response),
            });
        }
        let body = self.read_body::<R>(response).await?;
        let simplified = self.config.simplify && self.config.format == Format::Json;
        interpret::<R::Response>(self.config.format, simplified, status, &body)
    }

    /// Builds, validates and signs a call without sending it.
    pub fn sign_request<'a, R: TopRequest>(
        &self,
        request: &'a R,
        options: &CallOptions,
    ) -> Result<SignedRequest<'a>, Error> {
        let config = &self.config;
        let session = options.session.as_ref().or(self.session.as_ref());
        if R::NEEDS_SESSION && session.is_none_or(|s| !crate::is_sent(s.expose())) {
            return Err(InvalidRequest::missing(
                "session",
                format!(
                    "`{}` acts for a user and needs a session key: use `client.with_session(..)` \
                     or `CallOptions::session`",
                    R::METHOD
                ),
            )
            .into());
        }
        request.validate()?;
        let mut business = BusinessParams::new();
        request.write_params(&mut business);
        let (business, files) = business.into_parts()?;

        let timestamp = options
            .timestamp
            .unwrap_or_else(TopDateTime::now)
            .to_string();
        let mut system: Vec<(&str, &str)> = vec![
            ("app_key", &config.app_key),
            ("format", config.format.as_str()),
            ("method", R::METHOD),
            ("sign_method", config.sign_method.as_str()),
            ("timestamp", &timestamp),
            ("v", "2.0"),
        ];
        if let Some(partner_id) = &config.partner_id {
            system.push(("partner_id", partner_id));
        }
        if let Some(target) = &config.target_app_key {
            system.push(("target_app_key", target));
        }
        if config.simplify && config.format == Format::Json {
            system.push(("simplify", "true"));
        }
        system.retain(|(_, value)| crate::is_sent(value));

        let mut in_body: Vec<(&str, &str)> = business
            .iter()
            .map(|(name, value)| (*name, value.as_ref()))
            .filter(|(_, value)| crate::is_sent(value))
            .collect();
        if let Some(session) = session {
            in_body.push(("session", session.expose()));
        }
        let sign = crate::sign(
            system.iter().chain(in_body.iter()).copied(),
            config.app_secret.expose(),
            config.sign_method,
        );
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(system.iter().copied());
        query.append_pair("sign", &sign);
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.extend_pairs(in_body.iter().copied());
        let form_fields = if files.is_empty() {
            Vec::new()
        } else {
            in_body
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        Ok(SignedRequest {
            query: query.finish(),
            body: body.finish(),
            sign,
            files,
            form_fields,
        })
    }

    /// Reads the answer, at most `max_body_bytes` of it.
    async fn read_body<R: TopRequest>(
        &self,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, Error> {
        let limit = self.config.max_body_bytes;
        let too_large = || {
            Error::Transport(TransportError {
                kind: TransportErrorKind::Other,
                method: R::METHOD,
                source: format!("the answer is over the limit of {limit} bytes").into(),
            })
        };
        if response
            .content_length()
            .is_some_and(|length| u64::try_from(limit).is_ok_and(|limit| length > limit))
        {
            return Err(too_large());
        }
        let expected = response.content_length();
        let mut body = Vec::new();
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => return Err(body_error(R::METHOD, error, body.len(), expected)),
            };
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// Status and body to a result: 2xx decodes; another status with an `error_response` body
/// is that API error (keeping the status); any other status is an HTTP error.
fn interpret<T: TopResponse>(
    format: Format,
    simplified: bool,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let decode = |text: &str| {
        if simplified {
            crate::decode_simplified_json::<T>(text)
        } else {
            crate::decode_response::<T>(format, text)
        }
    };
    let success = (200..300).contains(&status);
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(_) if success => {
            let lossy = String::from_utf8_lossy(body);
            return Err(
                crate::DecodeError::new(format, "", "the body is not UTF-8", &lossy).into(),
            );
        }
        Err(_) => {
            return Err(Error::HttpStatus {
                status,
                body_excerpt: excerpt(&String::from_utf8_lossy(body)),
                redirect_host: None,
            });
        }
    };
    if success {
        return decode(text);
    }
    match decode(text) {
        Err(Error::Api(mut error)) => {
            error.http_status = Some(status);
            Err(Error::Api(error))
        }
        _ => Err(Error::HttpStatus {
            status,
            body_excerpt: excerpt(text),
            redirect_host: None,
        }),
    }
}

/// reqwest's errors, without the URL (it holds the query: the method and app key). The
/// source chain stays: it says why (`connection reset by peer`).
fn transport_error(method: &'static str, error: reqwest::Error) -> Error {
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_redirect() {
        TransportErrorKind::Redirected
    } else if error.is_body() || error.is_decode() {
        TransportErrorKind::Body
    } else {
        TransportErrorKind::Other
    };
    Error::Transport(TransportError {
        kind,
        method,
        source: Box::new(error.without_url()),
    })
}

/// The body broke off after `read` bytes: say how far it got, then reqwest's chain.
fn body_error(
    method: &'static str,
    error: reqwest::Error,
    read: usize,
    expected: Option<u64>,
) -> Error {
    if error.is_timeout() {
        return transport_error(method, error);
    }
    let message = match expected {
        Some(expected) => format!("the body ended after {read} of {expected} bytes"),
        None => format!("the body ended after {read} bytes"),
    };
    Error::Transport(TransportError {
        kind: TransportErrorKind::Body,
        method,
        source: Box::new(Context {
            message,
            source: Some(Box::new(error.without_url())),
        }),
    })
}

/// A user-supplied HTTP client followed a redirect: its answer is not the gateway's. Only
/// the host is named; the URL may carry the signed query.
fn redirected(method: &'static str, final_url: &reqwest::Url) -> Error {
    let host = final_url.host_str().unwrap_or("an unknown host");
    Error::Transport(TransportError {
        kind: TransportErrorKind::Redirected,
        method,
        source: Box::new(Context {
            message: format!(
                "the HTTP client followed a redirect to {host}; its answer is refused \
                 (signed requests go to the configured gateway only: build the client with \
                 `reqwest::redirect::Policy::none()`)"
            ),
            source: None,
        }),
    })
}

/// The host a 3xx answer's `Location` points to (relative to the gateway URL), if any.
fn redirect_host(gateway: &reqwest::Url, response: &reqwest::Response) -> Option<String> {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let target = gateway.join(location).ok()?;
    target.host_str().map(str::to_owned)
}

/// One info-level event per call: method, elapsed time, TOP's request id, outcome, and for
/// a failure only what carries no body bytes: the transport kind, the HTTP status, the API
/// `code`/`sub_code`, the decode path. Never parameters, secrets, sessions, bodies, or the
/// error's text (a decode or HTTP status error quotes the body; `msg` and `sub_msg` come
/// from it): the caller has the whole error.
fn record_outcome<R: TopRequest>(
    span: &tracing::Span,
    started: Instant,
    result: &Result<R::Response, Error>,
) {
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (outcome, request_id): (&str, Option<&str>) = match result {
        Ok(response) => ("ok", response.request_id()),
        Err(Error::Api(error)) => ("api_error", error.request_id.as_deref()),
        Err(Error::Transport(error)) if error.kind == TransportErrorKind::Timeout => {
            ("timeout", None)
        }
        Err(Error::Transport(_)) => ("transport_error", None),
        Err(Error::HttpStatus { .. }) => ("http_error", None),
        Err(Error::Decode(_)) => ("decode_error", None),
        Err(Error::InvalidRequest(_)) => ("invalid_request", None),
        Err(_) => ("error", None),
    };
    span.record("outcome", outcome);
    span.record("elapsed_ms", elapsed_ms);
    if let Some(request_id) = request_id {
        span.record("top_request_id", request_id);
    }
    let _entered = span.enter();
    let error = match result {
        Ok(_) => {
            tracing::info!(
                outcome,
                elapsed_ms,
                top_request_id = request_id,
                "TOP call done"
            );
            return;
        }
        Err(error) => error,
    };
    match error {
        Error::Api(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            top_request_id = request_id,
            code = error.code,
            sub_code = error.sub_code.as_deref(),
            http_status = error.http_status,
            "TOP call failed"
        ),
        Error::Transport(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            transport_kind = ?error.kind,
            "TOP call failed"
        ),
        Error::HttpStatus {
            status,
            redirect_host,
            ..
        } => tracing::warn!(
            outcome,
            elapsed_ms,
            http_status = status,
            redirect_host = redirect_host.as_deref(),
            "TOP call failed"
        ),
        Error::Decode(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            format = %error.format,
            path = error.path.as_str(),
            "TOP call failed"
        ),
        Error::InvalidRequest(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            code = error.code,
            field = error.field.as_str(),
            "TOP call failed"
        ),
        _ => tracing::warn!(outcome, elapsed_ms, "TOP call failed"),
    }
}
