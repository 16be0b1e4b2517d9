//! The public response decoder, both formats, every API in `taobao_top::apis::ALL`.
//!
//! Input: the first byte chooses the format (bit 0: 0 = JSON, 1 = XML) and the API (the
//! other bits, modulo `ALL.len()`, in `ALL`'s order: sorted by method); the rest is the body.
//! `fuzz/seed.py` writes the documented examples in this layout.
//!
//! Beyond "no panic", what a payment SDK must hold:
//! - an `Ok` answer's value, put back under its root as JSON, decodes `Ok` to the same value
//!   (nothing the decoder accepted is lost or changed by the typed response);
//! - `Ok` only when the body names the API's root and has exactly one root (no
//!   `error_response` or second element beside it), `Err(Error::Api)` only when it names
//!   `error_response` (the envelope is strict);
//! - the `Display` of every error stays short (it ends up in logs and bug reports).

#![no_main]

use libfuzzer_sys::fuzz_target;
use taobao_top::{ApiInfo, Error, Format, apis::ALL};

/// Longest `Display` of an error we accept.
const MAX_DISPLAY: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let format = if selector & 1 == 0 {
        Format::Json
    } else {
        Format::Xml
    };
    let api = &ALL[usize::from(selector >> 1) % ALL.len()];
    check(api, format, body);
});

fn check(api: &ApiInfo, format: Format, body: &str) {
    match (api.decode)(format, body) {
        Ok(answer) => {
            assert!(
                names_root(format, body, api.root),
                "{} {format}: Ok for a body without the root `{}`",
                api.method,
                api.root
            );
            assert!(
                one_root(format, body),
                "{} {format}: Ok for a body with more than one root",
                api.method
            );
            let mut wrapped = serde_json::Map::new();
            wrapped.insert(api.root.to_owned(), answer.value.clone());
            let text = serde_json::Value::Object(wrapped).to_string();
            match (api.decode)(Format::Json, &text) {
                Ok(again) => {
                    assert_eq!(
                        again.value, answer.value,
                        "{} {format}: the decoded value changes when re-encoded as JSON {text}",
                        api.method
                    );
                    assert!(
                        again.unknown_fields.is_empty(),
                        "{} {format}: the re-encoded value {text} has unknown fields {:?}",
                        api.method,
                        again.unknown_fields
                    );
                }
                Err(error) => panic!(
                    "{} {format}: the decoded value, re-encoded as JSON {text}, does not decode: {error}",
                    api.method
                ),
            }
        }
        Err(error) => {
            if let Error::Api(_) = &error {
                assert!(
                    names_root(format, body, "error_response"),
                    "{} {format}: Error::Api for a body without `error_response`: {error}",
                    api.method
                );
            }
            let shown = error.to_string();
            assert!(
                shown.len() < MAX_DISPLAY,
                "{} {format}: error Display is {} bytes long: {}...",
                api.method,
                shown.len(),
                shown.chars().take(300).collect::<String>()
            );
        }
    }
}

/// Whether `name` can be the body's root: literally in the text, or (JSON) as a top-level
/// key spelled with escapes (`"error\u005fresponse"`).
fn names_root(format: Format, body: &str, name: &str) -> bool {
    if body.contains(name) {
        return true;
    }
    match format {
        Format::Xml => false,
        Format::Json => serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|value| value.as_object().map(|map| map.contains_key(name)))
            .unwrap_or(false),
    }
}

/// Whether a body that decoded has one root only: a JSON object with one key; an XML
/// document with one top-level element (comments, declarations and whitespace aside).
fn one_root(format: Format, body: &str) -> bool {
    match format {
        Format::Json => serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|value| value.as_object().map(|map| map.len() == 1))
            .unwrap_or(false),
        Format::Xml => {
            use quick_xml::events::Event;
            let mut reader = quick_xml::Reader::from_str(body);
            let (mut depth, mut roots) = (0usize, 0usize);
            loop {
                match reader.read_event() {
                    Ok(Event::Start(_)) => {
                        roots += usize::from(depth == 0);
                        depth += 1;
                    }
                    Ok(Event::Empty(_)) => roots += usize::from(depth == 0),
                    Ok(Event::End(_)) => depth = depth.saturating_sub(1),
                    Ok(Event::Eof) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            roots == 1
        }
    }
}
