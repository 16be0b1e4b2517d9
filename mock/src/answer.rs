//! What the gateway answers, and how an answer is written in JSON or XML.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::journal::Call;
use crate::schema::Api;

/// A TOP `error_response`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TopError {
    pub code: i64,
    pub msg: String,
    pub sub_code: Option<String>,
    pub sub_msg: Option<String>,
}

impl TopError {
    pub fn new(code: i64, msg: &str) -> TopError {
        TopError {
            code,
            msg: msg.to_owned(),
            sub_code: None,
            sub_msg: None,
        }
    }

    /// With a `sub_code` (`isp.*` platform-side, `isv.*` the caller's or a business error).
    pub fn sub_code(mut self, sub_code: &str) -> TopError {
        self.sub_code = Some(sub_code.to_owned());
        self
    }

    /// With a `sub_msg`.
    pub fn sub_msg(mut self, sub_msg: &str) -> TopError {
        self.sub_msg = Some(sub_msg.to_owned());
        self
    }
}

/// What the gateway answers to a call that passed its checks.
#[derive(Clone)]
pub enum Answer {
    /// The page's documented response, in the format asked for, with a `request_id`.
    Documented,
    /// This value under the response root (`{"result": {..}}`), in JSON or as XML (an
    /// array under key `k` becomes repeated `<k>` elements, as TOP writes lists).
    Json(Value),
    /// An `error_response`, HTTP 200 as TOP sends them.
    Error(TopError),
    /// Exactly these bytes.
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
    /// A redirect to `location`, with an empty body: a client must not follow it with a
    /// signed call.
    Redirect { status: u16, location: String },
    /// The gateway moved, as one moving to HTTPS or to another host says it: a redirect
    /// (`status` 301/302/303/307/308) whose `Location` is `to` with the call's own query
    /// appended (`to?app_key=..&sign=..`, or `&..` when `to` has a query of its own), and a
    /// small HTML body pointing there. Only calls
    /// to the API path (`/router/rest`) get it. When `to` is a path (`/elsewhere/rest`), the
    /// gateway serves TOP calls there too from then on, and a call there gets the
    /// documented answer instead: a client that follows the redirect reaches a gateway that
    /// answers.
    Moved { status: u16, to: String },
    /// The inner answer, its body gzip-compressed with `content-encoding: gzip` when the
    /// call's `accept-encoding` names gzip (else as it is).
    Gzip(Box<Answer>),
    /// Another answer, after a pause.
    Delayed(Duration, Box<Answer>),
    /// The connection is closed without an answer, before anything is recorded.
    Hangup,
    /// The documented outcome is recorded (for an API with an idempotency key: charged, as a
    /// documented success is), then the client gets the inner answer instead (a 502, a
    /// malformed body, an `isp` error, [`Answer::Hangup`], ..): it cannot know it was paid.
    /// A retry with the same key value is answered the recorded outcome, charging nothing.
    /// Only the documented outcome is recorded: an inner [`Answer::Json`] is answered, not
    /// recorded. For an API without an idempotency key, just the inner answer.
    AfterCommit(Box<Answer>),
    /// `AfterCommit(Box::new(Answer::Hangup))`, kept because existing tests and the README
    /// name it.
    HangupAfterCommit,
    /// The inner answer, recorded as it would be, whose body is cut: `content-length` gives
    /// its full length but only the first half of the bytes is sent, then the connection is
    /// closed, so a client reading it gets a body error.
    Truncated(Box<Answer>),
    /// The answer a function of the call gives.
    With(Arc<dyn Fn(&Call) -> Answer + Send + Sync>),
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::Documented => f.write_str("Documented"),
            Answer::Json(value) => f.debug_tuple("Json").field(value).finish(),
            Answer::Error(error) => f.debug_tuple("Error").field(error).finish(),
            Answer::Raw { status, .. } => f.debug_struct("Raw").field("status", status).finish(),
            Answer::Redirect { status, location } => f
                .debug_struct("Redirect")
                .field("status", status)
                .field("location", location)
                .finish(),
            Answer::Moved { status, to } => f
                .debug_struct("Moved")
                .field("status", status)
                .field("to", to)
                .finish(),
            Answer::Gzip(answer) => f.debug_tuple("Gzip").field(answer).finish(),
            Answer::Delayed(pause, answer) => {
                f.debug_tuple("Delayed").field(pause).field(answer).finish()
            }
            Answer::Hangup => f.write_str("Hangup"),
            Answer::AfterCommit(answer) => f.debug_tuple("AfterCommit").field(answer).finish(),
            Answer::HangupAfterCommit => f.write_str("HangupAfterCommit"),
            Answer::Truncated(answer) => f.debug_tuple("Truncated").field(answer).finish(),
            Answer::With(_) => f.write_str("With(..)"),
        }
    }
}

impl Answer {
    /// An answer computed from each call.
    pub fn with(f: impl Fn(&Call) -> Answer + Send + Sync + 'static) -> Answer {
        Answer::With(Arc::new(f))
    }

    /// What this answer records for its call's idempotency key value, if anything: a
    /// success itself, an after-commit answer the documented outcome.
    pub(crate) fn recorded(&self) -> Option<Answer> {
        match self {
            Answer::Documented | Answer::Json(_) => Some(self.clone()),
            Answer::AfterCommit(_) | Answer::HangupAfterCommit => Some(Answer::Documented),
            // A retry is answered compressed too.
            Answer::Gzip(inner) => inner.recorded().map(|r| Answer::Gzip(Box::new(r))),
            _ => None,
        }
    }
}

/// A body ready to send.
pub(crate) struct Body {
    pub status: u16,
    /// Empty: no `content-type` header (a redirect's).
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// A redirect's target.
    pub location: Option<String>,
    /// `gzip` for a compressed body.
    pub content_encoding: Option<&'static str>,
}

impl Body {
    pub(crate) fn new(status: u16, content_type: &str, bytes: Vec<u8>) -> Body {
        Body {
            status,
            content_type: content_type.to_owned(),
            bytes,
            location: None,
            content_encoding: None,
        }
    }

    /// A moved gateway's answer: pointing at `location`, with a link there.
    pub(crate) fn moved(status: u16, location: String) -> Body {
        let link = format!(
            "<a href=\"{}\">moved</a>",
            escape(&location).replace('"', "&quot;")
        );
        Body {
            location: Some(location),
            ..Body::new(status, "text/html", link.into_bytes())
        }
    }

    /// An empty answer pointing at `location`.
    pub(crate) fn redirect(status: u16, location: String) -> Body {
        Body {
            location: Some(location),
            ..Body::new(status, "", Vec::new())
        }
    }
}

impl Body {
    /// The same body gzip-compressed.
    pub(crate) fn gzip(mut self) -> Body {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a `Vec` cannot fail; if it did, the body would go uncompressed.
        if let Ok(bytes) = encoder
            .write_all(&self.bytes)
            .and_then(|()| encoder.finish())
        {
            self.bytes = bytes;
            self.content_encoding = Some("gzip");
        }
        self
    }
}

const JSON: &str = "application/json;charset=UTF-8";
const XML: &str = "text/xml;charset=UTF-8";

/// The documented answer of `api`, with `request_id`.
pub(crate) fn documented(api: &Api, json: bool, request_id: &str) -> Body {
    if json {
        let mut value: Value = serde_json::from_str(api.response_json).unwrap_or(Value::Null);
        if let Some(Value::Object(root)) = value.get_mut(api.response_root) {
            root.insert("request_id".to_owned(), Value::from(request_id));
        }
        return Body::new(200, JSON, value.to_string().into_bytes());
    }
    let closing = format!("</{}>", api.response_root);
    let xml = api.response_xml.trim().replacen(
        &closing,
        &format!("<request_id>{}</request_id>{closing}", escape(request_id)),
        1,
    );
    let xml = format!("<?xml version=\"1.0\" encoding=\"utf-8\" ?>{xml}<!--top-mock-->");
    Body::new(200, XML, xml.into_bytes())
}

/// `value` under `root`, with `request_id`.
pub(crate) fn value(root: &str, value: &Value, json: bool, request_id: &str) -> Body {
    let mut fields = match value {
        Value::Object(fields) => fields.clone(),
        _ => Map::new(),
    };
    fields.insert("request_id".to_owned(), Value::from(request_id));
    let tree = Value::Object(fields);
    let bytes = if json {
        serde_json::json!({ root: tree }).to_string()
    } else {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\" ?>");
        element(&mut xml, root, &tree);
        xml
    };
    Body::new(200, if json { JSON } else { XML }, bytes.into_bytes())
}

/// An `error_response`, with `request_id`.
pub(crate) fn error(error: &TopError, json: bool, request_id: &str) -> Body {
    let mut fields = Map::new();
    fields.insert("code".to_owned(), Value::from(error.code));
    fields.insert("msg".to_owned(), Value::from(error.msg.as_str()));
    if let Some(sub_code) = &error.sub_code {
        fields.insert("sub_code".to_owned(), Value::from(sub_code.as_str()));
    }
    if let Some(sub_msg) = &error.sub_msg {
        fields.insert("sub_msg".to_owned(), Value::from(sub_msg.as_str()));
    }
    let mut body = value("error_response", &Value::Object(fields), json, request_id);
    body.status = 200;
    body
}

/// `<name>..</name>` for a JSON value: objects as child elements, arrays as repeated
/// elements of the same name, null as nothing, scalars as escaped text.
fn element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                element(out, name, item);
            }
        }
        Value::Object(fields) => {
            let _ = write!(out, "<{name}>");
            for (key, child) in fields {
                element(out, key, child);
            }
            let _ = write!(out, "</{name}>");
        }
        Value::String(text) => {
            let _ = write!(out, "<{name}>{}</{name}>", escape(text));
        }
        scalar => {
            let _ = write!(out, "<{name}>{scalar}</{name}>");
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_written_as_top_writes_xml_lists_and_escapes_text() {
        let tree = serde_json::json!({"items": {"item": [{"id": 1}, {"id": 2}]}, "note": "a<b&c", "gone": null});
        let body = value("x_response", &tree, false, "r1");
        assert_eq!(
            String::from_utf8(body.bytes).unwrap(),
            "<?xml version=\"1.0\" encoding=\"utf-8\" ?><x_response><items><item><id>1</id></item>\
             <item><id>2</id></item></items><note>a&lt;b&amp;c</note><request_id>r1</request_id></x_response>"
        );
    }
}
