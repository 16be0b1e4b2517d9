//! Decoding an answer through its envelope: `{"<root>": {...}}` / `<root>...</root>` is a
//! success, `error_response` is an [`ApiError`], anything else is a [`DecodeError`]. The
//! envelope is strict (quick-xml alone would decode any root into the response type); the
//! values inside are lenient (`crate::de`). Unknown fields are collected, never fatal.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, DecodeError};
use crate::{Error, TopResponse};

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

/// Decodes an answer of API `R` in `format`.
///
/// `Ok` only for the success root of `R`; an `error_response` is `Err(Error::Api)`. Fields
/// the bindings do not know are listed in [`TopResponse::unknown_fields`] and logged.
pub fn decode_response<R: TopResponse>(format: Format, body: &str) -> Result<R, Error> {
    let mut unknown = Vec::new();
    let response: R = match format {
        Format::Json => decode_json(body, &mut unknown)?,
        Format::Xml => decode_xml(body, &mut unknown)?,
    };
    Ok(with_unknown_fields(response, unknown))
}

/// Decodes the JSON answer to a call sent with `simplify=true`: the success object comes
/// without its root wrapper, while `error_response` stays wrapped. Unconfirmed on the wire:
/// this shape is known only from the official Java parser.
pub fn decode_simplified_json<R: TopResponse>(body: &str) -> Result<R, Error> {
    let fail = |path: String, message: String| -> Error {
        DecodeError::new(Format::Json, path, message, body).into()
    };
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| fail(String::new(), e.to_string()))?;
    let mut unknown = Vec::new();
    let mut failure_path = String::new();
    if let Some(error) = value.get(ERROR_ROOT) {
        let seed = Tracked::<ErrorBody> {
            unknown: &mut Vec::new(),
            failure_path: &mut failure_path,
            marker: std::marker::PhantomData,
        };
        return match seed.deserialize(error.clone()) {
            Ok(error) => Err(error.into_error(Format::Json, body)),
            Err(e) => Err(fail(failure_path, e.to_string())),
        };
    }
    if !value.is_object() {
        return Err(fail(String::new(), "expected a JSON object".to_owned()));
    }
    let seed = Tracked::<R> {
        unknown: &mut unknown,
        failure_path: &mut failure_path,
        marker: std::marker::PhantomData,
    };
    match seed.deserialize(value) {
        Ok(response) => Ok(with_unknown_fields(response, unknown)),
        Err(e) => Err(fail(failure_path, e.to_string())),
    }
}

/// Stores (and logs) the paths of fields the bindings did not know.
fn with_unknown_fields<R: TopResponse>(mut response: R, unknown: Vec<String>) -> R {
    if !unknown.is_empty() {
        tracing::warn!(
            root = R::ROOT,
            fields = ?unknown,
            "the answer has fields these bindings do not know; regenerate from a newer spec"
        );
    }
    response.set_unknown_fields(unknown);
    response
}

/// `error_response` as TOP sends it; every value lenient, `code` checked afterwards.
#[derive(Deserialize, Serialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "crate::de::integer")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "crate::de::string")]
    msg: Option<String>,
    #[serde(default, deserialize_with = "crate::de::string")]
    sub_code: Option<String>,
    #[serde(default, deserialize_with = "crate::de::string")]
    sub_msg: Option<String>,
    #[serde(default, deserialize_with = "crate::de::string")]
    request_id: Option<String>,
}

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

fn decode_json<R: TopResponse>(body: &str, unknown: &mut Vec<String>) -> Result<R, Error> {
    let mut failure_path = String::new();
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let seed = EnvelopeSeed::<R> {
        unknown: &mut *unknown,
        failure_path: &mut failure_path,
        marker: std::marker::PhantomData,
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

/// Reads the one-key JSON object around the answer.
struct EnvelopeSeed<'a, R> {
    unknown: &'a mut Vec<String>,
    failure_path: &'a mut String,
    marker: std::marker::PhantomData<R>,
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
        let Some(root) = map.next_key::<String>()? else {
            return Ok(Envelope::Empty);
        };
        let envelope = if root == R::ROOT {
            let seed = Tracked::<R> {
                unknown: &mut *self.unknown,
                failure_path: &mut *self.failure_path,
                marker: std::marker::PhantomData,
            };
            Envelope::Success(map.next_value_seed(seed)?)
        } else if root == ERROR_ROOT {
            let seed = Tracked::<ErrorBody> {
                unknown: &mut Vec::new(),
                failure_path: &mut *self.failure_path,
                marker: std::marker::PhantomData,
            };
            Envelope::Failure(map.next_value_seed(seed)?)
        } else {
            map.next_value::<IgnoredAny>()?;
            Envelope::WrongRoot(root)
        };
        // Keys beside the root are not part of any documented answer: report them.
        while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
            self.unknown.push(format!("<root>.{key}"));
        }
        Ok(envelope)
    }
}

/// Deserializes `T`, recording the path of a failure and the paths of ignored fields.
struct Tracked<'a, T> {
    unknown: &'a mut Vec<String>,
    failure_path: &'a mut String,
    marker: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Tracked<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        let mut track = serde_path_to_error::Track::new();
        let tracked = serde_path_to_error::Deserializer::new(deserializer, &mut track);
        let unknown = self.unknown;
        let result =
            serde_ignored::deserialize(tracked, |path| unknown.push(clean_path(&path.to_string())));
        if result.is_err() {
            *self.failure_path = clean_path(&track.path().to_string());
        }
        result
    }
}

/// Field paths as users write them: `result.model.pay_fee`. Both path crates print `?` for
/// an `Option` level or an unknown position, and `.` for the root; drop those.
fn clean_path(path: &str) -> String {
    let segments: Vec<&str> = path
        .split('.')
        .filter(|s| !s.is_empty() && *s != "?")
        .collect();
    segments.join(".")
}

fn decode_xml<R: TopResponse>(body: &str, unknown: &mut Vec<String>) -> Result<R, Error> {
    let root = xml_root(body)?;
    let mut failure_path = String::new();
    let mut deserializer = quick_xml::de::Deserializer::from_str(body);
    if root == R::ROOT {
        let seed = Tracked::<R> {
            unknown,
            failure_path: &mut failure_path,
            marker: std::marker::PhantomData,
        };
        seed.deserialize(&mut deserializer).map_err(|error| {
            DecodeError::new(Format::Xml, failure_path, error.to_string(), body).into()
        })
    } else if root == ERROR_ROOT {
        let seed = Tracked::<ErrorBody> {
            unknown: &mut Vec::new(),
            failure_path: &mut failure_path,
            marker: std::marker::PhantomData,
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

/// The name of the first element, skipping the declaration, comments and whitespace.
fn xml_root(body: &str) -> Result<String, Error> {
    use quick_xml::events::Event;
    let fail =
        |message: String| -> Error { DecodeError::new(Format::Xml, "", message, body).into() };
    let mut reader = quick_xml::Reader::from_str(body);
    loop {
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element)) => {
                return Ok(element.name().as_ref().to_owned());
            }
            Ok(Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_)) => {}
            Ok(Event::Text(text)) if text.trim().is_empty() => {}
            Ok(Event::Eof) => return Err(fail("no root element".to_owned())),
            Ok(other) => return Err(fail(format!("expected a root element, found {other:?}"))),
            Err(error) => return Err(fail(format!("malformed XML: {error}"))),
        }
    }
}
