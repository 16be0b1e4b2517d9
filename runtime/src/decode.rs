//! Decoding an answer through its envelope, the same rules for JSON and XML.
//!
//! The envelope is strict: a body holds exactly one root. The success root of the API alone
//! is a success, `error_response` alone is an [`ApiError`], anything else (no root, another
//! root, two roots, content after the root) is a [`DecodeError`] naming what was found. The
//! body's real format is told by its first non-blank character, so an `error_response` in the
//! other format keeps its code; a success in the other format is refused. The values inside
//! are decoded by `crate::de`. Unknown fields are collected (up to [`MAX_UNKNOWN_PATHS`]
//! paths, then only counted), never fatal.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::de::{ObjectOnly, XmlRoot};
use crate::error::{ApiError, DecodeError};
use crate::object::{ElementText, visit_object};
use crate::{Error, TopResponse};

mod track;

/// The answer format, TOP's `format` parameter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    #[default]
    Json,
    Xml,
}

impl Format {
    /// The value of the `format` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Xml => "XML",
        })
    }
}

/// The root of TOP's error answers.
pub const ERROR_ROOT: &str = "error_response";

/// How many unknown field paths an answer keeps; beyond them they are only counted, so a
/// hostile body cannot make decoding hold more than a small multiple of its own size.
pub const MAX_UNKNOWN_PATHS: usize = 100;

/// Paths of fields in an answer that the bindings do not know (`result.model.new_field`,
/// `result.model.pay_fee.@currency` for an XML attribute): reported, not decoded.
///
/// Holds the first [`MAX_UNKNOWN_PATHS`] paths and the count of all of them. Dereferences to
/// the kept paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnknownFields {
    paths: Vec<String>,
    total: usize,
}

impl UnknownFields {
    /// The kept paths, in the order they were met.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// How many unknown fields the answer had, kept or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Whether some paths were counted but not kept.
    pub fn is_truncated(&self) -> bool {
        self.total > self.paths.len()
    }

    fn record(&mut self, path: &dyn fmt::Display) {
        self.total += 1;
        if self.paths.len() < MAX_UNKNOWN_PATHS {
            self.paths.push(clean_path(&path.to_string()));
        }
    }
}

impl std::ops::Deref for UnknownFields {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.paths
    }
}

/// Decodes an answer of API `R`, asked for in `format`.
///
/// `Ok` only for the success root of `R` alone, in the format asked for; an `error_response`
/// (in either format) is `Err(Error::Api)`. Fields the bindings do not know are listed in
/// [`TopResponse::unknown_fields`] and logged.
pub fn decode_response<R: TopResponse>(format: Format, body: &str) -> Result<R, Error> {
    let body = without_bom(body);
    let arrived = sniff(body)?;
    let mut unknown = UnknownFields::default();
    let response: R = match arrived {
        Format::Json => decode_json(body, &mut unknown)?,
        Format::Xml => decode_xml(body, &mut unknown)?,
    };
    if arrived != format {
        return Err(other_format(format, arrived, body));
    }
    Ok(with_unknown_fields(response, unknown))
}

/// Decodes the JSON answer to a call sent with `simplify=true`: the success object comes
/// without its root wrapper, while `error_response` stays wrapped. Unconfirmed on the wire:
/// this shape is known only from the official Java parser.
pub fn decode_simplified_json<R: TopResponse>(body: &str) -> Result<R, Error> {
    let body = without_bom(body);
    if sniff(body)? != Format::Json {
        // Not the simplified shape at all: decode it by the ordinary rules, which keep an
        // `error_response` and refuse a success in the other format.
        return decode_response(Format::Json, body);
    }
    let mut unknown = UnknownFields::default();
    let mut failure_path = String::new();
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let seed = Tracked {
        inner: SimplifiedSeed::<R>(PhantomData),
        unknown: &mut unknown,
        failure_path: &mut failure_path,
    };
    let envelope = seed
        .deserialize(&mut deserializer)
        .and_then(|envelope| deserializer.end().map(|()| envelope));
    match envelope {
        Ok(Envelope::Success(response)) => Ok(with_unknown_fields(response, unknown)),
        Ok(Envelope::Failure(error)) => Err(error.into_error(Format::Json, body)),
        Ok(Envelope::WrongRoot(_) | Envelope::Empty) => {
            Err(DecodeError::new(Format::Json, "", "expected an object".to_owned(), body).into())
        }
        Err(error) => {
            Err(DecodeError::new(Format::Json, failure_path, error.to_string(), body).into())
        }
    }
}

fn without_bom(body: &str) -> &str {
    body.strip_prefix('\u{feff}').unwrap_or(body)
}

/// The format a body is really in, by its first non-blank character.
fn sniff(body: &str) -> Result<Format, Error> {
    match body.trim_start().chars().next() {
        Some('{') => Ok(Format::Json),
        Some('<') => Ok(Format::Xml),
        Some(other) => Err(DecodeError::new(
            Format::Json,
            "",
            format!("the answer is neither JSON nor XML: it starts with {other:?}"),
            body,
        )
        .into()),
        None => Err(DecodeError::new(Format::Json, "", "the answer is empty", body).into()),
    }
}

fn other_format(asked: Format, arrived: Format, body: &str) -> Error {
    DecodeError::new(
        arrived,
        "",
        format!(
            "the answer is {arrived} although {asked} was asked for: a success in another \
             format than asked is not accepted"
        ),
        body,
    )
    .into()
}

/// Stores (and logs) the paths of fields the bindings did not know.
fn with_unknown_fields<R: TopResponse>(mut response: R, unknown: UnknownFields) -> R {
    if unknown.total() > 0 {
        tracing::warn!(
            root = R::ROOT,
            count = unknown.total(),
            fields = ?unknown.paths(),
            "the answer has fields these bindings do not know; regenerate from a newer spec"
        );
    }
    response.set_unknown_fields(unknown);
    response
}

/// `error_response` as TOP sends it; every value lenient, `code` checked afterwards.
#[derive(Default)]
struct ErrorBody {
    code: Option<i64>,
    msg: Option<String>,
    sub_code: Option<String>,
    sub_msg: Option<String>,
    request_id: Option<String>,
}

crate::__response_object!(ErrorBody {
    0 code: Integer,
    1 msg: Text,
    2 sub_code: Text,
    3 sub_msg: Text,
    4 request_id: Text,
});

impl ErrorBody {
    fn into_error(self, format: Format, body: &str) -> Error {
        match self.code {
            Some(code) => Error::Api(ApiError {
                code,
                msg: self.msg.unwrap_or_default(),
                sub_code: self.sub_code,
                sub_msg: self.sub_msg,
                request_id: self.request_id,
                http_status: None,
            }),
            None => {
                DecodeError::new(format, ERROR_ROOT, "`error_response` without `code`", body).into()
            }
        }
    }
}

/// What the envelope held.
enum Envelope<R> {
    Success(R),
    Failure(ErrorBody),
    WrongRoot(String),
    Empty,
}

fn wrong_root<R: TopResponse>(format: Format, found: &str, body: &str) -> Error {
    DecodeError::new(
        format,
        "",
        format!(
            "unexpected root `{found}`: expected `{}` or `{ERROR_ROOT}`",
            R::ROOT
        ),
        body,
    )
    .into()
}

fn decode_json<R: TopResponse>(body: &str, unknown: &mut UnknownFields) -> Result<R, Error> {
    let mut failure_path = String::new();
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let seed = EnvelopeSeed::<R> {
        unknown: &mut *unknown,
        failure_path: &mut failure_path,
        marker: PhantomData,
    };
    let envelope = seed
        .deserialize(&mut deserializer)
        .and_then(|envelope| deserializer.end().map(|()| envelope));
    match envelope {
        Ok(Envelope::Success(response)) => Ok(response),
        Ok(Envelope::Failure(error)) => Err(error.into_error(Format::Json, body)),
        Ok(Envelope::WrongRoot(found)) => Err(wrong_root::<R>(Format::Json, &found, body)),
        Ok(Envelope::Empty) => Err(DecodeError::new(
            Format::Json,
            "",
            format!("empty object: expected `{}` or `{ERROR_ROOT}`", R::ROOT),
            body,
        )
        .into()),
        Err(error) => {
            Err(DecodeError::new(Format::Json, failure_path, error.to_string(), body).into())
        }
    }
}

/// Which root a key names, read without allocating for the two expected ones.
enum RootKey {
    Success,
    Error,
    Other(String),
}

impl RootKey {
    fn name<'a>(&'a self, success: &'a str) -> &'a str {
        match self {
            RootKey::Success => success,
            RootKey::Error => ERROR_ROOT,
            RootKey::Other(name) => name,
        }
    }
}

struct RootKeySeed(&'static str);

impl<'de> DeserializeSeed<'de> for RootKeySeed {
    type Value = RootKey;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RootKey, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RootKeySeed {
    type Value = RootKey;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a root name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<RootKey, E> {
        Ok(if key == self.0 {
            RootKey::Success
        } else if key == ERROR_ROOT {
            RootKey::Error
        } else {
            RootKey::Other(key.to_owned())
        })
    }
}

/// After the root's value: any further key makes the body ambiguous.
fn expect_no_other_root<'de, A: MapAccess<'de>>(
    map: &mut A,
    first: &RootKey,
    success: &'static str,
) -> Result<(), A::Error> {
    match map.next_key_seed(RootKeySeed(success))? {
        None => Ok(()),
        Some(second) => Err(de::Error::custom(format!(
            "the body holds `{}` and then `{}`: expected exactly one root",
            first.name(success),
            second.name(success)
        ))),
    }
}

/// Reads the one-key JSON object around the answer.
struct EnvelopeSeed<'a, R> {
    unknown: &'a mut UnknownFields,
    failure_path: &'a mut String,
    marker: PhantomData<R>,
}

impl<'de, R: TopResponse> DeserializeSeed<'de> for EnvelopeSeed<'_, R> {
    type Value = Envelope<R>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, R: TopResponse> Visitor<'de> for EnvelopeSeed<'_, R> {
    type Value = Envelope<R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with `{}` or `{ERROR_ROOT}`", R::ROOT)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(root) = map.next_key_seed(RootKeySeed(R::ROOT))? else {
            return Ok(Envelope::Empty);
        };
        let envelope = match &root {
            RootKey::Success => Envelope::Success(map.next_value_seed(Tracked {
                inner: ObjectOnly::<R>(PhantomData),
                unknown: &mut *self.unknown,
                failure_path: &mut *self.failure_path,
            })?),
            RootKey::Error => Envelope::Failure(map.next_value_seed(Tracked {
                inner: ObjectOnly::<ErrorBody>(PhantomData),
                unknown: &mut UnknownFields::default(),
                failure_path: &mut *self.failure_path,
            })?),
            RootKey::Other(name) => {
                map.next_value::<IgnoredAny>()?;
                Envelope::WrongRoot(name.clone())
            }
        };
        expect_no_other_root(&mut map, &root, R::ROOT)?;
        Ok(envelope)
    }
}

/// The simplified shape: the response object itself, or `{"error_response": {...}}`.
struct SimplifiedSeed<R>(PhantomData<R>);

impl<'de, R: TopResponse> DeserializeSeed<'de> for SimplifiedSeed<R> {
    type Value = Envelope<R>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, R: TopResponse> Visitor<'de> for SimplifiedSeed<R> {
    type Value = Envelope<R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the `{}` object or `{ERROR_ROOT}`", R::ROOT)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // The success object's keys are field names; the root name itself never is one.
        let Some(first) = map.next_key_seed(RootKeySeed(R::ROOT))? else {
            return Ok(Envelope::Success(R::default()));
        };
        match first {
            RootKey::Error => {
                let error = map.next_value_seed(ObjectOnly::<ErrorBody>(PhantomData))?;
                expect_no_other_root(&mut map, &RootKey::Error, R::ROOT)?;
                Ok(Envelope::Failure(error))
            }
            RootKey::Success => Err(de::Error::custom(format!(
                "`{}` in a simplified answer: it was sent without simplify",
                R::ROOT
            ))),
            RootKey::Other(key) => {
                let replay = ReplayFirstKey {
                    first: Some(key),
                    map,
                };
                // Read as a user's `Deserialize` reads it (serde's derive did, before the
                // field tables): a simplified answer is JSON, which has no element text.
                visit_object::<R, _>(replay, ElementText::Ignored).map(Envelope::Success)
            }
        }
    }
}

/// A map whose first key was already read: hands it out again, then the rest.
struct ReplayFirstKey<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ReplayFirstKey<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(key) => seed
                .deserialize(de::value::StringDeserializer::<A::Error>::new(key))
                .map(Some),
            None => self.map.next_key_seed(seed),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// Deserializes with `inner`, recording the path of a failure and the paths of ignored fields
/// (one wrapper, see `track`).
struct Tracked<'a, S> {
    inner: S,
    unknown: &'a mut UnknownFields,
    failure_path: &'a mut String,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Tracked<'_, S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        let track = track::Track::new(std::mem::take(self.unknown));
        let result = track::deserialize(self.inner, deserializer, &track);
        let (unknown, failure_path) = track.finish();
        *self.unknown = unknown;
        if result.is_err() {
            *self.failure_path = failure_path;
        }
        result
    }
}

/// Field paths as users write them: `result.model.pay_fee`, the same in JSON and XML. The
/// raw paths (written as `serde_path_to_error` and `serde_ignored` wrote them, see `track`)
/// have `?` for an `Option` level or an unknown position and `.` for the root; quick-xml
/// names element text `$text`, serde_json the raw text of a value by its token.
fn clean_path(path: &str) -> String {
    let segments: Vec<&str> = path
        .split('.')
        .filter(|s| !s.is_empty() && *s != "?" && *s != "$text" && !s.starts_with("$serde_json"))
        .collect();
    segments.join(".")
}

fn decode_xml<R: TopResponse>(body: &str, unknown: &mut UnknownFields) -> Result<R, Error> {
    let root = xml_document_root(body)?;
    let mut failure_path = String::new();
    let mut deserializer = quick_xml::de::Deserializer::from_str(body);
    if root == R::ROOT {
        let seed = Tracked {
            inner: XmlRoot::<R>(PhantomData),
            unknown,
            failure_path: &mut failure_path,
        };
        seed.deserialize(&mut deserializer).map_err(|error| {
            DecodeError::new(Format::Xml, failure_path, error.to_string(), body).into()
        })
    } else if root == ERROR_ROOT {
        let seed = Tracked {
            inner: XmlRoot::<ErrorBody>(PhantomData),
            unknown: &mut UnknownFields::default(),
            failure_path: &mut failure_path,
        };
        match seed.deserialize(&mut deserializer) {
            Ok(error) => Err(error.into_error(Format::Xml, body)),
            Err(error) => {
                Err(DecodeError::new(Format::Xml, failure_path, error.to_string(), body).into())
            }
        }
    } else {
        Err(wrong_root::<R>(Format::Xml, &root, body))
    }
}

/// How deep XML elements may nest: serde_json's own limit for JSON. Decoding recurses per
/// level, so a deeper body would exhaust the stack rather than fail cleanly.
const MAX_XML_DEPTH: usize = 128;

/// The name of the one root element, after checking the document holds exactly one: before
/// it only the declaration, a doctype, comments, processing instructions and whitespace;
/// after it only comments, processing instructions and whitespace.
fn xml_document_root(body: &str) -> Result<String, Error> {
    use quick_xml::events::Event;
    let fail =
        |message: String| -> Error { DecodeError::new(Format::Xml, "", message, body).into() };
    let mut reader = quick_xml::Reader::from_str(body);
    let mut root: Option<String> = None;
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| fail(format!("malformed XML: {error}")))?;
        if depth > 0 {
            match event {
                Event::Start(_) if depth >= MAX_XML_DEPTH => {
                    return Err(fail(format!(
                        "elements nested deeper than {MAX_XML_DEPTH} levels"
                    )));
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => {
                    return Err(fail(format!(
                        "the body ends inside `{}`",
                        root.unwrap_or_default()
                    )));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let name = element.name().as_ref().to_owned();
                if let Some(first) = &root {
                    return Err(fail(format!(
                        "a second root element `{name}` after `{first}`: expected exactly one root"
                    )));
                }
                if matches!(event, Event::Start(_)) {
                    depth = 1;
                }
                root = Some(name);
            }
            Event::Decl(_) | Event::DocType(_) if root.is_none() => {}
            Event::Comment(_) | Event::PI(_) => {}
            Event::Text(text) if text.trim().is_empty() => {}
            Event::Eof => return root.ok_or_else(|| fail("no root element".to_owned())),
            _ if root.is_some() => {
                return Err(fail(
                    "content after the root element: expected exactly one root".to_owned(),
                ));
            }
            _ => return Err(fail("content before the root element".to_owned())),
        }
    }
}

/// Status and body to a result: 2xx decodes; another status with an `error_response` body
/// is that API error (keeping the status); any other status is an HTTP error.
pub(crate) fn interpret<T: TopResponse>(
    format: Format,
    simplified: bool,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let decode = |text: &str| {
        if simplified {
            crate::decode_simplified_json::<T>(text)
        } else {
            crate::decode_response::<T>(format, text)
        }
    };
    let success = (200..300).contains(&status);
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(_) if success => {
            let lossy = String::from_utf8_lossy(body);
            return Err(
                crate::DecodeError::new(format, "", "the body is not UTF-8", &lossy).into(),
            );
        }
        Err(_) => {
            return Err(Error::HttpStatus {
                status,
                body_excerpt: crate::error::excerpt(&String::from_utf8_lossy(body)),
                redirect_host: None,
            });
        }
    };
    if success {
        return decode(text);
    }
    match decode(text) {
        Err(Error::Api(mut error)) => {
            error.http_status = Some(status);
            Err(Error::Api(error))
        }
        _ => Err(Error::HttpStatus {
            status,
            body_excerpt: crate::error::excerpt(text),
            redirect_host: None,
        }),
    }
}
