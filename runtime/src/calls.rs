//! What the generated per-group API traits call through. Each API method is a default body
//! in its group's trait (`self.execute(request)`), so a client takes a whole group with one
//! empty `impl`, and a group's module holds each method once instead of three times.

use std::future::Future;

use crate::__private::Sealed;
use crate::{Client, Error, TopRequest};

/// The future an async API method returns: the API's response or the error, `Send` so that
/// calls can run on any executor thread.
pub trait Call<T>: Future<Output = Result<T, Error>> + Send {}

impl<T, F: Future<Output = Result<T, Error>> + Send> Call<T> for F {}

/// The async client as the generated API traits see it.
pub trait Execute: Sealed {
    /// [`Client::execute`].
    fn execute<R: TopRequest + Sync>(&self, request: &R) -> impl Call<R::Response>;
}

impl Execute for Client {
    fn execute<R: TopRequest + Sync>(&self, request: &R) -> impl Call<R::Response> {
        Client::execute(self, request)
    }
}

/// The blocking client as the generated API traits see it.
#[cfg(feature = "blocking")]
pub trait ExecuteBlocking: Sealed {
    /// [`crate::blocking::Client::execute`].
    fn execute<R: TopRequest>(&self, request: &R) -> Result<R::Response, Error>;
}

#[cfg(feature = "blocking")]
impl ExecuteBlocking for crate::blocking::Client {
    fn execute<R: TopRequest>(&self, request: &R) -> Result<R::Response, Error> {
        crate::blocking::Client::execute(self, request)
    }
}
