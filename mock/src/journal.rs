//! What the gateway received and how it answered, for tests and for `GET /__journal`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::TopError;

/// One call as the gateway received it. The session key is never kept (wherever it was
/// sent, its value shows as [`REDACTED`]; [`Call::session`] says whether it was the
/// gateway's): a journal is read over HTTP and printed by tests.
#[derive(Clone, Debug, Serialize)]
pub struct Call {
    /// Position in the journal, from 0.
    pub seq: u64,
    /// The `request_id` the gateway answered with.
    pub request_id: String,
    /// `method` as sent (empty when missing).
    pub method: String,
    /// The HTTP method (`POST`; anything else is refused with code 21).
    pub http_method: String,
    /// The URL path the call was sent to.
    pub path: String,
    /// The `content-type` header as sent (empty when missing).
    pub content_type: String,
    /// The `accept-encoding` header as sent (empty when missing).
    pub accept_encoding: String,
    /// The URL's query pairs, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The body's text pairs (form fields or multipart text parts), decoded, in order.
    pub body: Vec<(String, String)>,
    /// Every text parameter, query and body together (the body's value wins).
    pub params: BTreeMap<String, String>,
    /// Multipart file parts, in order.
    pub files: Vec<FilePart>,
    /// Whether a `session` was sent and was the gateway's.
    pub session: SessionKey,
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

/// A multipart file part. In the JSON of `GET /__journal` its bytes are given by their
/// number only: `{"name": .., "file_name": .., "size": ..}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    /// The parameter.
    pub name: String,
    /// The part's `filename`.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut part = serializer.serialize_struct("FilePart", 3)?;
        part.serialize_field("name", &self.name)?;
        part.serialize_field("file_name", &self.file_name)?;
        part.serialize_field("size", &self.bytes.len())?;
        part.end()
    }
}

/// The `session` a call carried, judged without keeping it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKey {
    /// None was sent (or an empty one).
    Absent,
    /// The session key the gateway was started with.
    Valid,
    /// Another one.
    Other,
}

/// The placeholder kept instead of a session key.
pub const REDACTED: &str = "<redacted>";
