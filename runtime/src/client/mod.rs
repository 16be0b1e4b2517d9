//! The async client. Each job has its module: [`config`] (building a client), [`prepare`]
//! (validating and signing a call), [`transport`] (sending it, reading the bytes),
//! [`retry`] (whether to send it again) and [`telemetry`] (what a call logs); turning the bytes into an answer is decoding's job
//! (`crate::decode::interpret`).

mod config;
mod prepare;
mod retry;
mod telemetry;
mod transport;

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use tracing::Instrument;

use crate::{Error, Format, Secret, TopRequest};

use config::Config;
pub use config::{
    CallOptions, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT,
    Gateway,
};
pub use prepare::SignedRequest;
pub use retry::{RetryError, RetryPolicy, RetryStop};

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
            .field("retry", &c.retry)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl Client {
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

    /// Calls an API with per-call options (session, fixed timestamp, retry policy).
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
        telemetry::record_outcome::<R>(&span, started, &result);
        result
    }

    /// Attempts under the retry policy: each one signed afresh (a new timestamp, the same
    /// business parameters and so the same idempotency key), with one `tracing` event per
    /// failed attempt.
    async fn call<R: TopRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error> {
        let policy = options.retry.as_ref().unwrap_or(&self.config.retry);
        let mut attempts = retry::Attempts::new(policy, request);
        loop {
            let timeout = attempts.begin(self.config.timeout);
            let error = match self.attempt(request, options, timeout).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            let failure = telemetry::failure(&error);
            match attempts.after(error) {
                retry::Next::Retry(wait) => {
                    telemetry::record_retry(attempts.made(), failure, wait);
                    tokio::time::sleep(wait).await;
                }
                retry::Next::Fail(error) => return Err(error),
            }
        }
    }

    /// Prepare, send, interpret: each step in its own module.
    async fn attempt<R: TopRequest>(
        &self,
        request: &R,
        options: &CallOptions,
        timeout: std::time::Duration,
    ) -> Result<R::Response, Error> {
        let signed = self.sign_request(request, options)?;
        let (status, body) = self.send(R::METHOD, signed, timeout).await?;
        let simplified = self.config.simplify && self.config.format == Format::Json;
        crate::decode::interpret::<R::Response>(self.config.format, simplified, status, &body)
    }
}
