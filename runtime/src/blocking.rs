//! A blocking client for POS code that is not async: the async [`crate::Client`] driven by
//! a small single-threaded runtime it owns. Do not call it from inside an async runtime.

use std::sync::Arc;

use crate::{CallOptions, Error, Secret, TopRequest};

/// The blocking twin of [`crate::Client`]; generated per-API methods exist on both.
///
/// ```no_run
/// use taobao_top::blocking;
/// let client = blocking::Client::new(taobao_top::Client::builder("12345678", "secret").build()?)?;
/// # Ok::<(), taobao_top::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl Client {
    /// Wraps an async client (its configuration and connection pool are shared).
    pub fn new(inner: crate::Client) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("blocking runtime: {e}")))?;
        Ok(Self {
            inner,
            runtime: Arc::new(runtime),
        })
    }

    /// This client acting for a user: every call sends `session`.
    pub fn with_session(&self, session: impl Into<Secret>) -> Client {
        Client {
            inner: self.inner.with_session(session),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// The async client inside.
    pub fn inner(&self) -> &crate::Client {
        &self.inner
    }

    /// Calls an API and waits for the answer.
    pub fn execute<R: TopRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.runtime.block_on(self.inner.execute(request))
    }

    /// Calls an API with per-call options and waits for the answer.
    pub fn execute_with<R: TopRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error> {
        self.runtime
            .block_on(self.inner.execute_with(request, options))
    }
}
