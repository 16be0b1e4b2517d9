//! Configuring a client: gateways, timeouts, TLS, and the settings every call reads.

use std::sync::Arc;
use std::time::Duration;

use super::Client;
use super::retry::RetryPolicy;
use crate::sign::SignKey;
use crate::{Error, Format, Secret, SignMethod, TopDateTime};

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
    retry: RetryPolicy,
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

    /// Repeats calls that failed on the way where that cannot repeat their effect
    /// ([`RetryPolicy`]; disabled unless set). [`CallOptions::retry`] overrides it per call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
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
    /// ([`TransportErrorKind::Redirected`](crate::TransportErrorKind::Redirected)), but by
    /// then the request has been sent there.
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
                sign_key: SignKey::new(self.app_secret.expose(), self.sign_method),
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
                retry: self.retry,
                http,
            }),
            session: None,
        })
    }
}

/// rustls with the `ring` provider (its build compiles some C and assembly: a C compiler
/// must be installed; no system TLS library is needed) and the Mozilla root
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

/// A built client's settings, shared by its clones.
pub(super) struct Config {
    pub(super) app_key: String,
    pub(super) app_secret: Secret,
    pub(super) url: reqwest::Url,
    pub(super) sign_method: SignMethod,
    /// `sign_method` keyed with `app_secret`, once for every call.
    pub(super) sign_key: SignKey,
    pub(super) format: Format,
    pub(super) simplify: bool,
    pub(super) partner_id: Option<String>,
    pub(super) target_app_key: Option<String>,
    pub(super) timeout: Duration,
    pub(super) max_body_bytes: usize,
    pub(super) retry: RetryPolicy,
    pub(super) http: reqwest::Client,
}

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
            retry: RetryPolicy::disabled(),
        }
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
    /// This call's retry policy instead of the client's.
    pub retry: Option<RetryPolicy>,
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

    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}
