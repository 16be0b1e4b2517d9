//! A TOP gateway for tests, on 127.0.0.1: it checks each call the way TOP does, with its
//! own code (nothing from the client's signing or encoding), records it, and answers as the
//! test scripts it. Bounded: it lives as long as the test's runtime.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use md5::{Digest, Md5};
use sha2::Sha256;
use taobao_top_codegen::spec::Spec;

/// The APIs the gateway knows: every spec of `spec/`, parsed with the generator's loader.
pub fn spec_apis() -> Vec<Spec> {
    crate::yaml_files("spec")
        .iter()
        .map(|path| {
            taobao_top_codegen::spec::parse(path, &crate::read(path))
                .unwrap_or_else(|error| panic!("{error}"))
        })
        .collect()
}

/// What the gateway answers to a call that passed its checks.
#[derive(Clone, Debug)]
pub enum Reply {
    /// The page's documented response in the requested format, with a `request_id` added,
    /// and for XML a declaration and a trailing comment, as real answers have.
    Documented,
    /// An `error_response` in the requested format, HTTP 200.
    Error {
        code: i64,
        msg: &'static str,
        sub_code: Option<&'static str>,
        sub_msg: Option<&'static str>,
    },
    /// Exactly these bytes.
    Raw {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// The documented response, gzip-compressed when the client accepts it.
    Gzip,
    /// Another reply, after a pause.
    Slow(Duration, Box<Reply>),
    /// A redirect (`status` 301/302/303/307/308) to `to` with the query the call came with,
    /// as a gateway moving to HTTPS or to another host would send it. Only calls to the
    /// gateway's own path get it; any other path (a redirect's target on this same server)
    /// gets the documented response.
    Redirect { status: u16, to: String },
}

/// One call as the gateway received it.
#[derive(Clone, Debug)]
pub struct Call {
    pub query: Vec<(String, String)>,
    pub body: Vec<(String, String)>,
    pub content_type: String,
    pub accept_encoding: String,
    /// Query and body together (text parameters).
    pub params: BTreeMap<String, String>,
    /// Multipart file parts: (parameter, file name, bytes).
    pub files: Vec<(String, String, Vec<u8>)>,
    /// The gateway's verdict: `None` when every check passed, or the TOP error it answered.
    pub rejected: Option<(i64, String)>,
}

struct State {
    app_key: String,
    secret: String,
    session: String,
    reply: Mutex<Reply>,
    calls: Mutex<Vec<Call>>,
    specs: BTreeMap<String, Spec>,
}

/// A running gateway.
pub struct TestGateway {
    pub url: String,
    state: Arc<State>,
}

pub const REQUEST_ID: &str = "tst-request-id-0001";

impl TestGateway {
    /// Starts a gateway for one app on 127.0.0.1 (a free port), in the current runtime.
    pub async fn start(app_key: &str, secret: &str, session: &str) -> TestGateway {
        Self::start_with(app_key, secret, session, Vec::new()).await
    }

    /// Like [`Self::start`], knowing more APIs than those of `spec/`.
    pub async fn start_with(
        app_key: &str,
        secret: &str,
        session: &str,
        extra: Vec<Spec>,
    ) -> TestGateway {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!(
            "http://{}/router/rest",
            listener.local_addr().expect("address")
        );
        let state = Arc::new(State {
            app_key: app_key.to_owned(),
            secret: secret.to_owned(),
            session: session.to_owned(),
            reply: Mutex::new(Reply::Documented),
            calls: Mutex::new(Vec::new()),
            specs: spec_apis()
                .into_iter()
                .map(|s| (s.method.clone(), s))
                .chain(extra.into_iter().map(|s| (s.method.clone(), s)))
                .collect(),
        });
        let served = Arc::clone(&state);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = Arc::clone(&served);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(handle(&state, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TestGateway { url, state }
    }

    /// What the gateway answers from now on.
    pub fn reply_with(&self, reply: Reply) {
        *self.state.reply.lock().expect("lock") = reply;
    }

    /// Every call received so far.
    pub fn calls(&self) -> Vec<Call> {
        self.state.calls.lock().expect("lock").clone()
    }
}

async fn handle(state: &State, request: Request<Incoming>) -> Response<Full<Bytes>> {
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
    let query: Vec<(String, String)> =
        form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let post = request.method() == hyper::Method::POST;
    let raw_query = request.uri().query().unwrap_or("").to_owned();
    let own_path = request.uri().path() == "/router/rest";
    let bytes = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let (body, files) = if content_type.starts_with("multipart/form-data") {
        multipart(&content_type, &bytes).unwrap_or_default()
    } else {
        (
            form_urlencoded::parse(&bytes).into_owned().collect(),
            Vec::new(),
        )
    };
    let mut params = BTreeMap::new();
    for (key, value) in query.iter().chain(body.iter()) {
        params.insert(key.clone(), value.clone());
    }
    let rejected = if post {
        check(state, &content_type, &query, &params, &files)
    } else {
        Some((21, "Invalid Method: use POST".to_owned()))
    };
    let format = params
        .get("format")
        .cloned()
        .unwrap_or_else(|| "xml".to_owned());
    let method = params.get("method").cloned().unwrap_or_default();
    state.calls.lock().expect("lock").push(Call {
        query,
        body,
        content_type,
        accept_encoding: accept_encoding.clone(),
        params,
        files,
        rejected: rejected.clone(),
    });
    let mut reply = state.reply.lock().expect("lock").clone();
    if let Some((code, msg)) = rejected {
        return error_reply(&format, code, &msg, None, None);
    }
    loop {
        match reply {
            Reply::Slow(pause, inner) => {
                tokio::time::sleep(pause).await;
                reply = *inner;
            }
            Reply::Documented => return documented(state, &method, &format, false, ""),
            Reply::Gzip => return documented(state, &method, &format, true, &accept_encoding),
            Reply::Error {
                code,
                msg,
                sub_code,
                sub_msg,
            } => {
                return error_reply(&format, code, msg, sub_code, sub_msg);
            }
            Reply::Redirect { .. } if !own_path => {
                return documented(state, &method, &format, false, "");
            }
            Reply::Redirect { status, to } => {
                return Response::builder()
                    .status(status)
                    .header("location", format!("{to}?{raw_query}"))
                    .header("content-type", "text/html")
                    .body(Full::new(Bytes::from(format!(
                        "<a href=\"{to}?{raw_query}\">moved</a>"
                    ))))
                    .expect("valid response");
            }
            Reply::Raw {
                status,
                content_type,
                body,
            } => {
                return Response::builder()
                    .status(status)
                    .header("content-type", content_type)
                    .body(Full::new(Bytes::from(body)))
                    .expect("valid response");
            }
        }
    }
}

/// A `multipart/form-data` body: text parts and file parts. Parsed here by hand, so the
/// test does not lean on the client's encoder.
#[allow(clippy::type_complexity)]
fn multipart(
    content_type: &str,
    body: &[u8],
) -> Option<(Vec<(String, String)>, Vec<(String, String, Vec<u8>)>)> {
    let boundary = content_type.split("boundary=").nth(1)?.trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut texts = Vec::new();
    let mut files = Vec::new();
    let mut rest = body;
    let find =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).position(|w| w == needle);
    let start = find(rest, &delimiter)?;
    rest = &rest[start + delimiter.len()..];
    while !rest.starts_with(b"--") {
        let part_end = find(rest, &delimiter)?;
        let part = rest[..part_end].strip_prefix(b"\r\n")?;
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let header_end = find(part, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&part[..header_end]).ok()?;
        let content = &part[header_end + 4..];
        let quoted = |key: &str| {
            let start = headers.find(key)? + key.len();
            let end = headers[start..].find('"')? + start;
            Some(headers[start..end].to_owned())
        };
        let name = quoted("; name=\"")?;
        match quoted("filename=\"") {
            Some(file_name) => files.push((name, file_name, content.to_vec())),
            None => texts.push((name, String::from_utf8(content.to_vec()).ok()?)),
        }
        rest = &rest[part_end + delimiter.len()..];
    }
    Some((texts, files))
}

/// TOP's checks, in TOP's order; the first failure is the answer.
fn check(
    state: &State,
    content_type: &str,
    query: &[(String, String)],
    params: &BTreeMap<String, String>,
    files: &[(String, String, Vec<u8>)],
) -> Option<(i64, String)> {
    let get = |key: &str| params.get(key).map(String::as_str);
    let form = content_type.starts_with("application/x-www-form-urlencoded")
        && content_type.to_ascii_lowercase().contains("charset=utf-8");
    if !form && !content_type.starts_with("multipart/form-data") {
        return Some((40, format!("unexpected content type {content_type:?}")));
    }
    if query.iter().any(|(key, _)| key == "session") {
        return Some((40, "session must not travel in the URL".to_owned()));
    }
    for required in [
        "method",
        "app_key",
        "timestamp",
        "v",
        "sign_method",
        "sign",
        "format",
    ] {
        if get(required).is_none_or(|v| v.is_empty()) {
            return Some((40, format!("Missing required arguments:{required}")));
        }
    }
    if get("app_key") != Some(state.app_key.as_str()) {
        return Some((29, "Invalid app Key".to_owned()));
    }
    let method = get("method").unwrap_or_default();
    let Some(spec) = state.specs.get(method) else {
        return Some((22, "Invalid method".to_owned()));
    };
    if get("v") != Some("2.0") {
        return Some((32, "Invalid version".to_owned()));
    }
    if !matches!(get("format"), Some("json" | "xml")) {
        return Some((41, "Invalid format".to_owned()));
    }
    let expected = independent_sign(
        params,
        &state.secret,
        get("sign_method").unwrap_or_default(),
    );
    if expected.as_deref() != get("sign") {
        return Some((25, "Invalid signature".to_owned()));
    }
    if !timestamp_is_fresh(get("timestamp").unwrap_or_default()) {
        return Some((31, "Invalid timestamp".to_owned()));
    }
    if spec.needs_session && get("session") != Some(state.session.as_str()) {
        return Some((27, "Invalid session".to_owned()));
    }
    for field in &spec.request {
        let value = get(&field.name);
        let is_file = files.iter().any(|(name, _, _)| *name == field.name);
        if field.is_required() && value.is_none() && !is_file {
            return Some((40, format!("Missing required arguments:{}", field.name)));
        }
        // An object parameter is one JSON object; a list of objects (`Type []`), one JSON
        // array of objects.
        if let (Some(value), Some(_)) = (value, &field.fields) {
            let value = serde_json::from_str::<serde_json::Value>(value).ok();
            if field.ty.trim_end().ends_with("[]") {
                let objects = value
                    .as_ref()
                    .and_then(serde_json::Value::as_array)
                    .is_some_and(|items| items.iter().all(serde_json::Value::is_object));
                if !objects {
                    return Some((
                        41,
                        format!(
                            "Invalid arguments:{} is not a JSON array of objects",
                            field.name
                        ),
                    ));
                }
            } else if !value.is_some_and(|value| value.is_object()) {
                return Some((
                    41,
                    format!("Invalid arguments:{} is not a JSON object", field.name),
                ));
            }
        }
    }
    None
}

/// The signature, computed here from scratch: every parameter but `sign`, in key order
/// (a signer independent of the client and of the mock gateway).
pub fn independent_sign(
    params: &BTreeMap<String, String>,
    secret: &str,
    method: &str,
) -> Option<String> {
    let mut text = String::new();
    for (key, value) in params {
        if key != "sign" {
            text.push_str(key);
            text.push_str(value);
        }
    }
    let digest: Vec<u8> = match method {
        "md5" => Md5::digest(format!("{secret}{text}{secret}").as_bytes()).to_vec(),
        "hmac" => {
            let mut mac = <Hmac<Md5> as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
            mac.update(text.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        "hmac-sha256" => {
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
            mac.update(text.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        _ => return None,
    };
    Some(digest.iter().map(|b| format!("{b:02X}")).collect())
}

/// Within 10 minutes of now, read as GMT+8 wall-clock time.
fn timestamp_is_fresh(timestamp: &str) -> bool {
    let Some(sent) = gmt8_to_unix(timestamp) else {
        return false;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    (sent - now).abs() <= 600
}

/// `yyyy-MM-dd HH:mm:ss` in GMT+8 to Unix seconds, by counting days (a different way from
/// the client's).
pub fn gmt8_to_unix(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(' ')?;
    let mut date = date.split('-').map(|p| p.parse::<i64>());
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let mut time = time.split(':').map(|p| p.parse::<i64>());
    let (hour, minute, second) = (time.next()?.ok()?, time.next()?.ok()?, time.next()?.ok()?);
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days = 0;
    for y in 1970..year {
        days += if leap(y) { 366 } else { 365 };
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    days += lengths.iter().take((month - 1) as usize).sum::<i64>();
    days += day - 1;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - 8 * 3600)
}

fn documented(
    state: &State,
    method: &str,
    format: &str,
    gzip: bool,
    accept_encoding: &str,
) -> Response<Full<Bytes>> {
    let spec = &state.specs[method];

    let root = &spec.response.root;
    let (content_type, text) = if format == "json" {
        let mut value: serde_json::Value =
            serde_json::from_str(&spec.examples.response_json.text).expect("valid JSON example");
        value[root.as_str()]["request_id"] = serde_json::Value::from(REQUEST_ID);
        ("application/json;charset=UTF-8", value.to_string())
    } else {
        let closing = format!("</{root}>");
        let xml = spec.examples.response_xml.trim().replacen(
            &closing,
            &format!("<request_id>{REQUEST_ID}</request_id>{closing}"),
            1,
        );
        (
            "text/xml;charset=UTF-8",
            format!("<?xml version=\"1.0\" encoding=\"utf-8\" ?>{xml}<!--top.test.gateway-->"),
        )
    };
    let mut response = Response::builder()
        .status(200)
        .header("content-type", content_type);
    let body = if gzip && accept_encoding.contains("gzip") {
        response = response.header("content-encoding", "gzip");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(text.as_bytes()).expect("gzip");
        encoder.finish().expect("gzip")
    } else {
        text.into_bytes()
    };
    response
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}

fn error_reply(
    format: &str,
    code: i64,
    msg: &str,
    sub_code: Option<&str>,
    sub_msg: Option<&str>,
) -> Response<Full<Bytes>> {
    let (content_type, body) = if format == "json" {
        let mut error = serde_json::json!({ "code": code, "msg": msg, "request_id": REQUEST_ID });
        if let Some(sub_code) = sub_code {
            error["sub_code"] = sub_code.into();
        }
        if let Some(sub_msg) = sub_msg {
            error["sub_msg"] = sub_msg.into();
        }
        (
            "application/json;charset=UTF-8",
            serde_json::json!({ "error_response": error }).to_string(),
        )
    } else {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\" ?><error_response><code>{code}</code><msg>{msg}</msg>"
        );
        if let Some(sub_code) = sub_code {
            xml.push_str(&format!("<sub_code>{sub_code}</sub_code>"));
        }
        if let Some(sub_msg) = sub_msg {
            xml.push_str(&format!("<sub_msg>{sub_msg}</sub_msg>"));
        }
        xml.push_str(&format!(
            "<request_id>{REQUEST_ID}</request_id></error_response><!--top-->"
        ));
        ("text/xml;charset=UTF-8", xml)
    };
    Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}

/// How a [`RawServer`] ends each answer.
#[derive(Clone, Copy, Debug)]
pub enum RawEnding {
    /// Closes the connection normally (FIN), whatever its `Content-Length` promised.
    Close,
    /// Resets the connection (RST, by `SO_LINGER` 0) after a pause.
    Reset,
}

/// A server below HTTP, on 127.0.0.1, for what hyper cannot be made to do: it reads each
/// request whole, writes exactly `head` and `body` (the head may promise more), and ends
/// the connection as told. It counts the requests it read.
pub struct RawServer {
    pub url: String,
    requests: Arc<std::sync::atomic::AtomicUsize>,
}

impl RawServer {
    pub async fn start(head: String, body: Vec<u8>, ending: RawEnding) -> RawServer {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!(
            "http://{}/router/rest",
            listener.local_addr().expect("address")
        );
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let (head, body, counted) = (head.clone(), body.clone(), Arc::clone(&counted));
                tokio::spawn(async move {
                    // The request: headers, then `Content-Length` bytes of body.
                    let mut received = Vec::new();
                    let mut buffer = [0u8; 4096];
                    let complete = loop {
                        let Ok(n) = stream.read(&mut buffer).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        received.extend_from_slice(&buffer[..n]);
                        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                            let headers = String::from_utf8_lossy(&received[..end]).to_lowercase();
                            let length = headers
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            if received.len() >= end + 4 + length {
                                break true;
                            }
                        }
                    };
                    if complete {
                        counted.fetch_add(1, Ordering::SeqCst);
                    }
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(&body).await;
                    let _ = stream.flush().await;
                    match ending {
                        RawEnding::Close => {
                            let _ = stream.shutdown().await;
                        }
                        RawEnding::Reset => {
                            // Let the client read what was sent, then reset.
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            let _ = stream.set_zero_linger();
                        }
                    }
                    drop(stream);
                });
            }
        });
        RawServer { url, requests }
    }

    /// How many whole requests arrived.
    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }
}
