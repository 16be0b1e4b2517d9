//! What the gateway received and how it answered, for tests and for `GET /__journal`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::TopError;

/// One call as the gateway received it. The session key is never kept: a journal is read
/// over HTTP and printed by tests.
#[derive(Clone, Debug, Serialize)]
pub struct Call {
    /// Position in the journal, from 0.
    pub seq: u64,
    /// The `request_id` the gateway answered with.
    pub request_id: String,
    /// `method` as sent (empty when missing).
    pub method: String,
    /// Every text parameter, query and body together; `session` shows as `<redacted>`.
    pub params: BTreeMap<String, String>,
    /// Multipart file parts: parameter name and size in bytes.
    pub files: Vec<(String, usize)>,
    /// `None` when every check passed; otherwise TOP's error, which was the answer.
    pub rejected: Option<TopError>,
    /// The first success of its idempotency key's value: recorded, and for a payment charged.
    pub charged: bool,
    /// Answered with the outcome recorded for its key value earlier (a retry).
    pub replayed: bool,
}

impl Call {
    /// A text parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// The placeholder kept instead of a session key.
pub const REDACTED: &str = "<redacted>";
