//! A TOP gateway for tests, generated from the same specs as `taobao-top`.
//!
//! It speaks TOP as the real gateway does: it checks that the call is a POST (code 21) of a
//! UTF-8 form or a multipart body with no `session` in the URL (code 40), then the app key, the signature (`md5`,
//! `hmac`, `hmac-sha256`, recomputed by its own code), the timestamp (10 minutes of skew,
//! GMT+8), `v`, `format`, the session where the API needs one, the method, and every
//! business parameter in its documented wire form (object parameters are parsed as JSON
//! and checked member by member), answering TOP's `error_response` codes. A call that
//! passes gets the page's documented answer in JSON or XML, or what the test programmed.
//!
//! The table of APIs (`apis.rs`) is written by `cargo xtask regenerate` from the IR the
//! client's types come from: a new spec needs no gateway code. APIs of other specs can be
//! added with a table of the same generator ([`MockGatewayBuilder::apis`]).
//!
//! The journal ([`MockGateway::journal`]) keeps each call as it came: HTTP method, headers
//! that matter, query and body pairs in order, file parts, and the verdict.
//!
//! An API whose spec names an idempotency key is idempotent: the first success of a key
//! value is recorded (for a payment, charged: [`MockGateway::charges`]) and a retry with it
//! is answered the same, charging nothing. [`Answer::AfterCommit`] records and then answers
//! something else (a 502, a hangup, ..), [`Answer::Truncated`] cuts a body mid-way: what a
//! client's retries must survive.
//!
//! The payment APIs have a small model behind their documented answers:
//!
//! - `alibaba.pos.order.pay` records a payment under `pay_request.request_id`, paid at once
//!   (`result_status` 1) unless [`MockGateway::payments_pending`] made new payments start
//!   pending (`result_status` 3, `result_code` `PAYMENT_PENDING`); a failed one answers
//!   `result_status` 2, `is_success` false, `result_code` `PAYMENT_FAILED`. A retry with the
//!   same request id is answered the payment's state now.
//! - `alibaba.pos.pay.action.query` answers that state in `result.model.action_status`,
//!   for which the page documents no values; the gateway's are `SUCCESS`, `FAILED`,
//!   `PENDING` and `NOT_FOUND` (nothing was recorded under the request id: the payment was
//!   not made). `result.model.success` is whether it was found; `result.success` is true and
//!   `result.msg_code` `SUCCESS`. Each such query brings a pending payment nearer its end.
//!
//! Programmed answers ([`MockGateway::answer`], [`MockGateway::answer_sequence`]) take
//! precedence over the model; it only decides what their documented answer is.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let gateway = taobao_top_mock::MockGateway::start().await?;
//! // Point a client at `gateway.url()` with `gateway.app_key()` / `gateway.app_secret()`.
//! println!("{}", gateway.url());
//! # Ok(()) }
//! ```

mod answer;
// Generated code: formatted by prettyplease, not rustfmt.
#[rustfmt::skip]
mod apis;
mod journal;
mod params;
mod payments;
mod protocol;
pub mod schema;
mod server;
mod store;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub use answer::{Answer, TopError};
pub use journal::{Call, FilePart, REDACTED, SessionKey};
pub use payments::PaymentStatus;
pub use protocol::signature;
pub use store::Charge;

use server::{Script, State};

/// The format a call gets when it sends no `format` (TOP's own default is XML).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    Json,
    #[default]
    Xml,
}

/// A `method` the gateway does not serve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMethod(pub String);

impl std::fmt::Display for UnknownMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the mock gateway serves no method `{}`", self.0)
    }
}

impl std::error::Error for UnknownMethod {}

/// How to start a [`MockGateway`].
#[derive(Clone)]
pub struct MockGatewayBuilder {
    addr: SocketAddr,
    app_key: String,
    app_secret: String,
    session: String,
    format_default: Format,
    apis: Vec<&'static [schema::Api]>,
    payment_model: bool,
}

impl std::fmt::Debug for MockGatewayBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockGatewayBuilder")
            .field("addr", &self.addr)
            .field("app_key", &self.app_key)
            .field("format_default", &self.format_default)
            .field(
                "extra_apis",
                &self.apis.iter().map(|t| t.len()).sum::<usize>(),
            )
            .field("payment_model", &self.payment_model)
            .finish_non_exhaustive()
    }
}

impl MockGatewayBuilder {
    /// Where to listen; `127.0.0.1:0` (the default) picks a free port.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    pub fn app_key(mut self, app_key: impl Into<String>) -> Self {
        self.app_key = app_key.into();
        self
    }

    pub fn app_secret(mut self, app_secret: impl Into<String>) -> Self {
        self.app_secret = app_secret.into();
        self
    }

    /// The session key calls to APIs that need one must carry.
    pub fn session(mut self, session: impl Into<String>) -> Self {
        self.session = session.into();
        self
    }

    pub fn format_default(mut self, format: Format) -> Self {
        self.format_default = format;
        self
    }

    /// Serves these APIs too, besides those of `spec/` (which win where a method is in
    /// both): a table that `taobao_top_codegen::emit::emit_mock_table` wrote from the IR, for
    /// APIs of specs not in `spec/` (imported pages, say), sorted by method. Checked and
    /// answered as those of `spec/` are.
    pub fn apis(mut self, apis: &'static [schema::Api]) -> Self {
        self.apis.push(apis);
        self
    }

    /// `false`: the payment APIs' documented answers are their pages' examples, as for every
    /// other API, instead of the payment model's (see the crate documentation); what is
    /// paid is still recorded. `true` by default.
    pub fn payment_model(mut self, on: bool) -> Self {
        self.payment_model = on;
        self
    }

    /// Binds and serves in the current tokio runtime until the gateway is dropped.
    pub async fn start(self) -> std::io::Result<MockGateway> {
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            app: protocol::App {
                app_key: self.app_key,
                app_secret: self.app_secret,
                session: self.session,
            },
            apis: std::iter::once(apis::APIS).chain(self.apis).collect(),
            format_default: self.format_default,
            payment_model: self.payment_model,
            paths: Mutex::new(Default::default()),
            scripts: Mutex::new(HashMap::new()),
            journal: Mutex::new(Vec::new()),
            store: Mutex::new(store::Store::default()),
        });
        let (shutdown, stopped) = tokio::sync::watch::channel(());
        tokio::spawn(server::serve(listener, Arc::clone(&state), stopped));
        Ok(MockGateway {
            addr,
            state,
            _shutdown: shutdown,
        })
    }
}

/// A running gateway; dropping it stops it.
pub struct MockGateway {
    addr: SocketAddr,
    state: Arc<State>,
    /// Dropped with the gateway, which ends the server and its connections.
    _shutdown: tokio::sync::watch::Sender<()>,
}

impl std::fmt::Debug for MockGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockGateway")
            .field("url", &self.url())
            .field("app_key", &self.state.app.app_key)
            .finish_non_exhaustive()
    }
}

impl MockGateway {
    /// App key `mock-app-key`, secret `mock-app-secret`, session `mock-session`, on a free
    /// port of 127.0.0.1, XML by default.
    pub fn builder() -> MockGatewayBuilder {
        MockGatewayBuilder {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            app_key: "mock-app-key".to_owned(),
            app_secret: "mock-app-secret".to_owned(),
            session: "mock-session".to_owned(),
            format_default: Format::Xml,
            apis: Vec::new(),
            payment_model: true,
        }
    }

    /// [`Self::builder`]'s defaults.
    pub async fn start() -> std::io::Result<MockGateway> {
        Self::builder().start().await
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API endpoint, `http://127.0.0.1:PORT/router/rest`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, server::API_PATH)
    }

    /// The journal as JSON over HTTP, `http://127.0.0.1:PORT/__journal`.
    pub fn journal_url(&self) -> String {
        format!("http://{}{}", self.addr, server::JOURNAL_PATH)
    }

    pub fn app_key(&self) -> &str {
        &self.state.app.app_key
    }

    pub fn app_secret(&self) -> &str {
        &self.state.app.app_secret
    }

    pub fn session(&self) -> &str {
        &self.state.app.session
    }

    /// Every method of `spec/`, sorted: what every gateway serves (see also
    /// [`MockGatewayBuilder::apis`]).
    pub fn methods() -> impl Iterator<Item = &'static str> {
        apis::APIS.iter().map(|api| api.method)
    }

    fn api(&self, method: &str) -> Result<&'static schema::Api, UnknownMethod> {
        schema::find_in(&self.state.apis, method).ok_or_else(|| UnknownMethod(method.to_owned()))
    }

    /// `method` answers `answer` to every call from now on.
    pub fn answer(&self, method: &str, answer: Answer) -> Result<(), UnknownMethod> {
        let api = self.api(method)?;
        self.state
            .scripts()
            .insert(api.method, Script::Always(answer));
        Ok(())
    }

    /// `method` answers these, one per call, then its documented answer.
    pub fn answer_sequence(
        &self,
        method: &str,
        answers: impl IntoIterator<Item = Answer>,
    ) -> Result<(), UnknownMethod> {
        let api = self.api(method)?;
        let queue: VecDeque<Answer> = answers.into_iter().collect();
        self.state
            .scripts()
            .insert(api.method, Script::Queue(queue));
        Ok(())
    }

    /// Every method answers as documented again.
    pub fn reset_answers(&self) {
        self.state.scripts().clear();
    }

    /// Every outcome recorded for an idempotency key value, in order: for the payment APIs,
    /// what was charged. A key value appears at most once.
    pub fn charges(&self) -> Vec<Charge> {
        self.state.store().charges()
    }

    /// From now on each new payment (`alibaba.pos.order.pay` with a new request id) is
    /// recorded pending and answered `result_status` 3; it becomes `then` at its
    /// `queries + 1`-th `alibaba.pos.pay.action.query` (`0`: the first query resolves it).
    /// `then` [`PaymentStatus::Pending`] keeps it pending for ever. Payments recorded before
    /// keep their course.
    pub fn payments_pending(&self, queries: u32, then: PaymentStatus) {
        let policy = payments::Policy::Pending { queries, then };
        self.state.store().payments.set_policy(policy);
    }

    /// New payments are paid at once again (the default).
    pub fn payments_settle_immediately(&self) {
        let policy = payments::Policy::Immediate;
        self.state.store().payments.set_policy(policy);
    }

    /// The status of the payment recorded under `request_id` (`pay_request.request_id` of
    /// `alibaba.pos.order.pay`); `None` when none was, so the payment was not made.
    pub fn payment_status(&self, request_id: &str) -> Option<PaymentStatus> {
        self.state.store().payments.status(request_id)
    }

    /// Every call received so far, in order.
    pub fn journal(&self) -> Vec<Call> {
        self.state.journal().clone()
    }
}
