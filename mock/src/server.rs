//! HTTP on 127.0.0.1: reads a call (query, form or multipart body), runs the checks, keeps
//! the journal and writes the answer.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::{Request, Response};

use crate::answer::{self, Answer, Body};
use crate::journal::{Call, FilePart, REDACTED, SessionKey};
use crate::protocol::{self, App};
use crate::schema::Api;
use crate::store::{self, Seen, Store};
use crate::{Format, params, payments};

/// The path TOP serves its API at.
pub(crate) const API_PATH: &str = "/router/rest";
/// The journal, as JSON.
pub(crate) const JOURNAL_PATH: &str = "/__journal";

/// What one method answers.
pub(crate) enum Script {
    Always(Answer),
    /// One per call, then the documented answer.
    Queue(VecDeque<Answer>),
}

pub(crate) struct State {
    pub app: App,
    /// The tables of APIs served: `spec/`'s first.
    pub apis: Vec<&'static [Api]>,
    pub format_default: Format,
    /// Whether the payment APIs' documented answers come from the payment model.
    pub payment_model: bool,
    /// Paths besides [`API_PATH`] that serve TOP calls (targets of [`Answer::Moved`]).
    pub paths: Mutex<HashSet<String>>,
    pub scripts: Mutex<HashMap<&'static str, Script>>,
    pub journal: Mutex<Vec<Call>>,
    pub store: Mutex<Store>,
}

impl State {
    pub(crate) fn journal(&self) -> MutexGuard<'_, Vec<Call>> {
        // A test that panicked while holding the lock leaves a usable journal.
        self.journal.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Updates the journal entry at `seq`.
    fn mark(&self, seq: u64, update: impl FnOnce(&mut Call)) {
        if let Some(call) = self.journal().get_mut(seq as usize) {
            update(call);
        }
    }

    pub(crate) fn paths(&self) -> MutexGuard<'_, HashSet<String>> {
        self.paths.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn scripts(&self) -> MutexGuard<'_, HashMap<&'static str, Script>> {
        self.scripts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer `method` gives to its next call.
    fn next_answer(&self, method: &str) -> Answer {
        match self.scripts().get_mut(method) {
            Some(Script::Always(answer)) => answer.clone(),
            Some(Script::Queue(queue)) => queue.pop_front().unwrap_or(Answer::Documented),
            None => Answer::Documented,
        }
    }
}

/// An error from the service makes hyper close the connection without an answer.
#[derive(Debug)]
pub(crate) struct Hangup;

impl std::fmt::Display for Hangup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the script hung up")
    }
}

impl std::error::Error for Hangup {}

pub(crate) async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<Reply>, Hangup> {
    let path = request.uri().path().to_owned();
    if path == JOURNAL_PATH {
        let journal = serde_json::to_vec(&*state.journal()).unwrap_or_default();
        return Ok(response(Body::new(200, "application/json", journal), false));
    }
    let own_path = path == API_PATH;
    if !own_path && !state.paths().contains(&path) {
        let text = format!("no such path; TOP calls go to {API_PATH}");
        return Ok(response(
            Body::new(404, "text/plain", text.into_bytes()),
            false,
        ));
    }
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let content_type = header("content-type");
    let accept_encoding = header("accept-encoding");
    let http_method = request.method().as_str().to_owned();
    let raw_query = request.uri().query().unwrap_or_default().to_owned();
    let bytes = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => return Err(Hangup),
    };
    let query: Vec<(String, String)> = form_urlencoded::parse(raw_query.as_bytes())
        .into_owned()
        .collect();
    let multipart_body = content_type.starts_with("multipart/form-data");
    let (body, files) = if multipart_body {
        let Some(parts) = multipart(&content_type, &bytes) else {
            let error = crate::TopError::new(41, "Invalid arguments:multipart body");
            let json = state.format_default == Format::Json;
            return Ok(response(answer::error(&error, json, ""), false));
        };
        parts
    } else {
        let pairs = form_urlencoded::parse(&bytes).into_owned().collect();
        (pairs, Vec::new())
    };
    let mut params: BTreeMap<String, String> = query.iter().cloned().collect();
    params.extend(body.iter().cloned());
    let file_names: Vec<String> = files.iter().map(|part| part.name.clone()).collect();
    let json = match params.get("format").map(String::as_str) {
        Some("json") => true,
        Some("xml") => false,
        _ => state.format_default == Format::Json,
    };
    let checked = transport_check(&http_method, &content_type, &query)
        .and_then(|()| protocol::check(&state.app, &state.apis, &params, &file_names))
        .and_then(|api| {
            params::check(api, &params, &file_names)?;
            Ok(api)
        });
    let call = {
        let mut journal = state.journal();
        let seq = journal.len() as u64;
        let redact = |pairs: &[(String, String)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(key, value)| match key.as_str() {
                    "session" => (key.clone(), REDACTED.to_owned()),
                    _ => (key.clone(), value.clone()),
                })
                .collect()
        };
        let mut recorded = params.clone();
        if let Some(session) = recorded.get_mut("session") {
            *session = REDACTED.to_owned();
        }
        let session = match params.get("session").map(String::as_str) {
            None | Some("") => SessionKey::Absent,
            Some(session) if session == state.app.session => SessionKey::Valid,
            Some(_) => SessionKey::Other,
        };
        let call = Call {
            seq,
            request_id: format!("mock{seq:08x}"),
            method: params.get("method").cloned().unwrap_or_default(),
            http_method,
            path: path.clone(),
            content_type,
            accept_encoding: accept_encoding.clone(),
            query: redact(&query),
            body: redact(&body),
            params: recorded,
            files,
            session,
            rejected: checked.as_ref().err().cloned(),
            charged: false,
            replayed: false,
        };
        journal.push(call.clone());
        call
    };
    let api = match checked {
        Ok(api) => api,
        Err(error) => {
            let body = answer::error(&error, json, &call.request_id);
            return Ok(response(body, false));
        }
    };
    // A call whose API names an idempotency key: its key value's recorded outcome, if any.
    let key = api
        .idempotency_key
        .and_then(|path| store::key_value(path, &params));
    let business = store::business(&params);
    let seen = key
        .as_deref()
        .and_then(|key| state.store().seen(api.method, key, &business));
    let mut settled = seen.is_some();
    let mut next = match seen {
        Some(Seen::Replay(outcome)) => {
            state.mark(call.seq, |call| call.replayed = true);
            outcome
        }
        Some(Seen::Conflict(error)) => Answer::Error(error),
        None => state.next_answer(api.method),
    };
    let mut truncated = false;
    let mut gzip = false;
    let body = loop {
        // The first success of a key value is recorded (charged) before it is written: a
        // connection lost after this point must not make a retry charge again.
        if let (false, Some(key), Some(outcome)) = (settled, &key, next.recorded()) {
            settled = true;
            let committed =
                state
                    .store()
                    .commit(api.method, key, business.clone(), outcome, call.seq);
            match committed {
                Ok(_) => state.mark(call.seq, |call| call.charged = true),
                Err(Seen::Replay(recorded)) => {
                    state.mark(call.seq, |call| call.replayed = true);
                    // Another call recorded first; an after-commit answer stays this call's.
                    if matches!(next, Answer::Documented | Answer::Json(_) | Answer::Gzip(_)) {
                        next = recorded;
                    }
                }
                // Nothing was recorded: the call is refused.
                Err(Seen::Conflict(error)) => next = Answer::Error(error),
            }
        }
        match next {
            Answer::Documented => break documented(&state, api, &params, json, &call),
            Answer::Json(ref value) => {
                break answer::value(api.response_root, value, json, &call.request_id);
            }
            Answer::Error(error) => break answer::error(&error, json, &call.request_id),
            Answer::Raw {
                status,
                content_type,
                body,
            } => break Body::new(status, &content_type, body),
            Answer::Redirect { status, location } => break Body::redirect(status, location),
            // A call that followed the move gets the documented answer.
            Answer::Moved { .. } if !own_path => next = Answer::Documented,
            Answer::Moved { status, to } => {
                if to.starts_with('/') {
                    let target = to.split('?').next().unwrap_or_default().to_owned();
                    state.paths().insert(target);
                }
                let location = match raw_query.as_str() {
                    "" => to,
                    query if to.contains('?') => format!("{to}&{query}"),
                    query => format!("{to}?{query}"),
                };
                break Body::moved(status, location);
            }
            Answer::Gzip(answer) => {
                gzip = true;
                next = *answer;
            }
            Answer::Delayed(pause, answer) => {
                tokio::time::sleep(pause).await;
                next = *answer;
            }
            Answer::Hangup => return Err(Hangup),
            Answer::AfterCommit(answer) => next = *answer,
            Answer::HangupAfterCommit => next = Answer::Hangup,
            Answer::Truncated(answer) => {
                truncated = true;
                next = *answer;
            }
            Answer::With(f) => next = f(&call),
        }
    };
    let body = if gzip && accepts_gzip(&accept_encoding) {
        body.gzip()
    } else {
        body
    };
    Ok(response(body, truncated))
}

/// What TOP asks of the HTTP request itself: a POST, whose body is a form in UTF-8 or
/// multipart, with the session (a user's credential) kept out of the URL, which proxies
/// and logs keep.
fn transport_check(
    http_method: &str,
    content_type: &str,
    query: &[(String, String)],
) -> Result<(), crate::TopError> {
    if http_method != "POST" {
        return Err(crate::TopError::new(21, "Invalid Method: use POST"));
    }
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    let utf8 = content_type
        .split(';')
        .skip(1)
        .any(|param| param.trim().eq_ignore_ascii_case("charset=utf-8"));
    let form = media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded") && utf8;
    if !form && !media_type.eq_ignore_ascii_case("multipart/form-data") {
        let msg = format!(
            "Invalid content type {content_type:?}: application/x-www-form-urlencoded;charset=UTF-8 or multipart/form-data"
        );
        return Err(crate::TopError::new(40, &msg));
    }
    if query.iter().any(|(key, _)| key == "session") {
        return Err(crate::TopError::new(
            40,
            "Invalid arguments:session must not travel in the URL",
        ));
    }
    Ok(())
}

/// `accept-encoding` names gzip (with any weight but 0).
fn accepts_gzip(accept_encoding: &str) -> bool {
    accept_encoding.split(',').any(|coding| {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        name.eq_ignore_ascii_case("gzip") && !refused
    })
}

/// `api`'s documented answer: the payment model's for the payment APIs, else the page's.
fn documented(
    state: &State,
    api: &'static Api,
    params: &BTreeMap<String, String>,
    json: bool,
    call: &Call,
) -> Body {
    if !state.payment_model {
        return answer::documented(api, json, &call.request_id);
    }
    let modelled = payments::documented(
        &mut state.store().payments,
        api,
        params,
        json,
        &call.request_id,
    );
    modelled.unwrap_or_else(|| answer::documented(api, json, &call.request_id))
}

/// How long a cut body waits after its first half before failing: time for hyper to flush
/// the head and that half, which an immediate error would throw away unsent.
const CUT_PAUSE: Duration = Duration::from_millis(50);

/// `body` as a response; `truncated`: only its first half, then the connection closes.
fn response(body: Body, truncated: bool) -> Response<Reply> {
    let full = body.bytes.len();
    let mut bytes = Bytes::from(body.bytes);
    let mut builder = Response::builder().status(body.status);
    if !body.content_type.is_empty() {
        builder = builder.header("content-type", body.content_type);
    }
    if let Some(location) = body.location {
        builder = builder.header("location", location);
    }
    if let Some(encoding) = body.content_encoding {
        builder = builder.header("content-encoding", encoding);
    }
    if truncated {
        bytes.truncate(full / 2);
        builder = builder.header("content-length", full);
    }
    let reply = Reply {
        remaining: full as u64,
        data: (!bytes.is_empty()).then_some(bytes),
        cut: truncated,
        pause: None,
    };
    builder
        .body(reply)
        .unwrap_or_else(|_| Response::new(Reply::default()))
}

/// A response body: whole, or cut short (see [`Answer::Truncated`]).
#[derive(Default)]
pub(crate) struct Reply {
    data: Option<Bytes>,
    /// A cut body: after `data` a pause, then an error, which makes hyper close the
    /// connection before `content-length` bytes were sent.
    cut: bool,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
    /// What the head announced and is not sent yet.
    remaining: u64,
}

impl hyper::body::Body for Reply {
    type Data = Bytes;
    type Error = Hangup;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Hangup>>> {
        if let Some(data) = self.data.take() {
            self.remaining = self.remaining.saturating_sub(data.len() as u64);
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        if !self.cut {
            return Poll::Ready(None);
        }
        let pause = self
            .pause
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(CUT_PAUSE)));
        ready!(pause.as_mut().poll(cx));
        self.cut = false;
        Poll::Ready(Some(Err(Hangup)))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && !self.cut
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

/// Text pairs in order.
type Pairs = Vec<(String, String)>;

/// Text parts and file parts of a `multipart/form-data` body.
fn multipart(content_type: &str, body: &[u8]) -> Option<(Pairs, Vec<FilePart>)> {
    let boundary = content_type.split("boundary=").nth(1)?.trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let find = |haystack: &[u8], needle: &[u8]| {
        haystack
            .windows(needle.len())
            .position(|window| window == needle)
    };
    let mut rest = &body[find(body, &delimiter)? + delimiter.len()..];
    let (mut texts, mut files) = (Vec::new(), Vec::new());
    while !rest.starts_with(b"--") {
        let end = find(rest, &delimiter)?;
        let part = rest[..end].strip_prefix(b"\r\n")?;
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let split = find(part, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&part[..split]).ok()?;
        let content = &part[split + 4..];
        let quoted = |key: &str| {
            let start = headers.find(key)? + key.len();
            let len = headers[start..].find('"')?;
            Some(headers[start..start + len].to_owned())
        };
        let name = quoted("; name=\"")?;
        match quoted("filename=\"") {
            Some(file_name) => files.push(FilePart {
                name,
                file_name,
                bytes: content.to_vec(),
            }),
            None => texts.push((name, String::from_utf8(content.to_vec()).ok()?)),
        }
        rest = &rest[end + delimiter.len()..];
    }
    Some((texts, files))
}

/// Serves `listener` until `shutdown` changes or is dropped.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    mut shutdown: tokio::sync::watch::Receiver<()>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => return,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let state = Arc::clone(&state);
        let mut stop = shutdown.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = Arc::clone(&state);
                async move { handle(state, request).await }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stop.changed() => {}
            }
        });
    }
}
