//! Property tests of decoding and request encoding, for every API of `spec/` (read with the
//! generator's own loader, decoded through `taobao_top::apis::ALL`) and, for the shapes the
//! seed specs lack (lists, string enums, dates in responses), every fixture API
//! (`tests/fixtures/edge-specs/`, `tests/fixtures/pages/`, see `taobao_top_tests::registry`).
//!
//! The bodies are written by this file's own encoders, not by the crate's serializer, and
//! the expected outcome comes from this file's own model of the decoding rules
//! ([`Judge`]): README's rules, GUIDE §4/§6/§7. The model says, for a body, one of
//! - *must fail*: any `Ok` is a wrong value (a number that does not fit, an array or text
//!   where an object is documented, a second root, a truncated body);
//! - *must decode*: `Ok` with exactly the model's value and unknown fields;
//! - *may fail*: `Ok` with exactly the model's value, or `Err` (a lenient reading the rules
//!   allow but do not promise, like a JSON number for a `String` field).
//!
//! Decisions about text, from what the decoder does today (both formats agree):
//! - leading and trailing spaces of a value are kept, so they are generated and expected;
//! - whitespace-only values are not generated: XML reads `<x>   </x>` as empty (absent)
//!   while JSON keeps `"   "`, and the rules do not say which is right;
//! - empty text (`""`, `<x></x>`) is absent; an empty object element is an empty object
//!   (`<result></result>` as `{"result":{}}`);
//! - control characters other than tab, line feed and carriage return are not generated
//!   (XML 1.0 cannot carry them); a carriage return is written `&#13;` in XML.

use std::fmt::Write as _;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};
use taobao_top::{DecodedAnswer, Error, Format};
use taobao_top_codegen::ir::{
    Api, Decoder, EnumDef, FieldType, RequestStruct, ResponseField, ResponseStruct,
};
use taobao_top_tests::registry::{self, EncodeRequest};

// ---------------------------------------------------------------------------------------
// The APIs under test.

type Decode = fn(Format, &str) -> Result<DecodedAnswer, Error>;

struct Case {
    api: Api,
    decode: Decode,
    encode_request: EncodeRequest,
    /// Its documented answer contradicts a response type (`mismatched_example`): the
    /// documented example must fail, so it is no model of a good answer.
    mismatched: bool,
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut cases = Vec::new();
        let spec_files = taobao_top_tests::yaml_files("spec");
        assert!(!spec_files.is_empty(), "spec/ has no spec");
        for path in spec_files {
            let text = taobao_top_tests::read(&path);
            let api =
                taobao_top_codegen::load(&path, &text).unwrap_or_else(|error| panic!("{error}"));
            let spec = taobao_top_codegen::spec::parse(&path, &text)
                .unwrap_or_else(|error| panic!("{error}"));
            let mismatched = has_mismatched_example(&spec.response.fields);
            let info = taobao_top::apis::ALL
                .iter()
                .find(|info| info.method == api.method)
                .unwrap_or_else(|| panic!("{path}: `{}` is not in apis::ALL", api.method));
            assert_eq!(info.root, api.response_root, "{path}: root");
            let registered = registry::SPEC_APIS
                .iter()
                .find(|registered| registered.info.method == api.method)
                .unwrap_or_else(|| panic!("{path}: not in the test registry (rebuild)"));
            cases.push(Case {
                api,
                decode: info.decode,
                encode_request: registered.encode_request,
                mismatched,
            });
        }
        assert_eq!(
            cases.len(),
            taobao_top::apis::ALL.len(),
            "apis::ALL and spec/ disagree"
        );
        for registered in registry::FIXTURE_APIS {
            // A page whose XML example contradicts its response types (`mismatched_example`)
            // has a documented answer that must not decode: it starts no property here
            // (`import_variants.rs` checks it fails naming the field).
            let spec = taobao_top_codegen::spec::parse(registered.spec_file, registered.yaml)
                .unwrap_or_else(|error| panic!("{error}"));
            if has_mismatched_example(&spec.response.fields) {
                continue;
            }
            let api = taobao_top_codegen::load(registered.spec_file, registered.yaml)
                .unwrap_or_else(|error| panic!("{error}"));
            cases.push(Case {
                api,
                decode: registered.info.decode,
                encode_request: registered.encode_request,
                mismatched: false,
            });
        }
        cases
    })
}

fn has_mismatched_example(fields: &[taobao_top_codegen::spec::Field]) -> bool {
    fields.iter().any(|field| {
        field.mismatched_example.is_some()
            || has_mismatched_example(field.fields.as_deref().unwrap_or_default())
    })
}

fn case_index() -> impl Strategy<Value = usize> {
    0..cases().len()
}

/// `cases` unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Beside this crate's sources, not beside the test file: `tests/proptest-regressions/`.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "proptest-regressions/properties.txt",
            ),
        )),
        // Shrinking a failure of a decoder under rewrite can take long; a few hundred steps
        // already give a small input.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

fn response_type<'a>(api: &'a Api, name: &str) -> &'a ResponseStruct {
    api.response_types
        .iter()
        .find(|ty| ty.name == name)
        .unwrap_or_else(|| panic!("{}: no response type `{name}`", api.method))
}

fn request_type<'a>(api: &'a Api, name: &str) -> &'a RequestStruct {
    api.request_types
        .iter()
        .find(|ty| ty.name == name)
        .unwrap_or_else(|| panic!("{}: no request type `{name}`", api.method))
}

fn enum_def<'a>(api: &'a Api, name: &str) -> &'a EnumDef {
    api.enums
        .iter()
        .find(|def| def.name == name)
        .unwrap_or_else(|| panic!("{}: no enum `{name}`", api.method))
}

fn item_name(field: &ResponseField) -> &str {
    match &field.decoder {
        Decoder::List(codec) => &codec.item_element,
        _ => panic!("field `{}` is not a list", field.wire_name),
    }
}

// ---------------------------------------------------------------------------------------
// A body as TOP sends it, and this file's own encoders.

/// A value on the wire. JSON writes it as is; XML writes objects as child elements, an
/// array as the field's element repeated, and scalars as escaped text.
#[derive(Clone, Debug, PartialEq)]
enum Wire {
    Obj(Vec<(String, Wire)>),
    Arr(Vec<Wire>),
    /// A JSON number literal, exactly as written (XML: the same text).
    Num(String),
    Str(String),
    Bool(bool),
    /// XML only: an attribute on the element holding the value.
    Attr(Box<Wire>, String, String),
}

fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json(wire: &Wire, out: &mut String) {
    match wire {
        Wire::Obj(fields) => {
            out.push('{');
            for (index, (key, value)) in fields.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                json_string(key, out);
                out.push(':');
                json(value, out);
            }
            out.push('}');
        }
        Wire::Arr(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                json(item, out);
            }
            out.push(']');
        }
        Wire::Num(text) => out.push_str(text),
        Wire::Str(text) => json_string(text, out),
        Wire::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Wire::Attr(inner, _, _) => json(inner, out),
    }
}

fn xml_escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// `<name>value</name>`; an array repeats the element once per item.
fn xml_element(name: &str, wire: &Wire, pretty: Option<usize>, out: &mut String) {
    if let Wire::Arr(items) = wire {
        for item in items {
            xml_element(name, item, pretty, out);
        }
        return;
    }
    let mut attributes = String::new();
    let mut value = wire;
    while let Wire::Attr(inner, attribute, text) = value {
        let _ = write!(attributes, " {attribute}=\"");
        xml_escape(text, &mut attributes);
        attributes.push('"');
        value = inner;
    }
    if let Some(depth) = pretty {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    }
    let _ = write!(out, "<{name}{attributes}>");
    match value {
        Wire::Obj(fields) => {
            for (key, child) in fields {
                xml_element(key, child, pretty.map(|depth| depth + 1), out);
            }
            if let (Some(depth), false) = (pretty, fields.is_empty()) {
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
            }
        }
        Wire::Num(text) | Wire::Str(text) => xml_escape(text, out),
        Wire::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Wire::Arr(_) | Wire::Attr(..) => unreachable!("peeled above"),
    }
    let _ = write!(out, "</{name}>");
}

/// How the body around the answer is laid out.
#[derive(Clone, Copy, Debug)]
struct Layout {
    pretty: bool,
    declaration: bool,
    trailing_comment: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(pretty, declaration, trailing_comment)| Layout {
            pretty,
            declaration,
            trailing_comment,
        },
    )
}

const PLAIN: Layout = Layout {
    pretty: false,
    declaration: true,
    trailing_comment: false,
};

fn body(format: Format, root: &str, answer: &Wire, layout: Layout) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            out.push('{');
            json_string(root, &mut out);
            out.push(':');
            json(answer, &mut out);
            out.push('}');
        }
        Format::Xml => {
            if layout.declaration {
                out.push_str(r#"<?xml version="1.0" encoding="utf-8"?>"#);
            }
            xml_element(root, answer, layout.pretty.then_some(0), &mut out);
            if layout.trailing_comment {
                out.push_str("<!--top010179061201.na61-->");
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// The model of the decoding rules.

/// What a body must decode to, by the rules (see the file's doc).
#[derive(Debug, Default)]
struct Judge {
    xml: bool,
    /// Any `Ok` is wrong.
    fail: bool,
    /// `Err` is allowed too.
    loose: bool,
    /// Why, for failure messages.
    reasons: Vec<String>,
    /// Leaf names of the fields to report as unknown (`zz_unknown`, `@attr`).
    unknown: Vec<String>,
}

impl Judge {
    fn new(format: Format) -> Self {
        Judge {
            xml: format == Format::Xml,
            ..Judge::default()
        }
    }

    fn fail(&mut self, path: &str, why: &str) -> Option<Value> {
        self.fail = true;
        self.reasons.push(format!("{path}: must fail: {why}"));
        None
    }

    fn loose(&mut self, path: &str, why: &str) {
        self.loose = true;
        self.reasons.push(format!("{path}: may fail: {why}"));
    }

    /// The answer under the root.
    fn answer(&mut self, api: &Api, wire: &Wire) -> Option<Value> {
        let wire = self.peel(wire, "<root>");
        match wire {
            Wire::Obj(_) => self.object(api, &api.response, wire, ""),
            // An empty root element, also written over two lines (`<x>\n</x>`): XML does not
            // tell it from an object without fields.
            Wire::Str(text) if self.xml && text.trim_ascii().is_empty() => {
                Some(Value::Object(Map::new()))
            }
            Wire::Arr(_) if self.xml => self.fail("<root>", "a second root"),
            _ => self.fail("<root>", "the answer is not an object"),
        }
    }

    /// Attributes (XML) are reported as unknown fields, or the decode fails.
    /// Also: in XML an array of one item is that item's element alone.
    fn peel<'w>(&mut self, mut wire: &'w Wire, path: &str) -> &'w Wire {
        loop {
            match wire {
                Wire::Attr(inner, name, _) => {
                    self.loose(path, "an XML attribute");
                    self.unknown.push(format!("@{name}"));
                    wire = inner;
                }
                Wire::Arr(items) if self.xml && items.len() == 1 => wire = &items[0],
                _ => return wire,
            }
        }
    }

    fn object(&mut self, api: &Api, ty: &ResponseStruct, wire: &Wire, path: &str) -> Option<Value> {
        let Wire::Obj(fields) = wire else {
            unreachable!("callers check")
        };
        let mut out = Map::new();
        let mut seen = Vec::new();
        for (key, value) in fields {
            let child = join(path, key);
            if seen.contains(&key) {
                return self.fail(&child, "the field appears twice");
            }
            seen.push(key);
            match ty.fields.iter().find(|field| &field.wire_name == key) {
                Some(field) => {
                    if let Some(value) = self.field(api, field, &field.ty, value, &child) {
                        out.insert(key.clone(), value);
                    }
                }
                None => self.unknown.push(key.clone()),
            }
        }
        Some(Value::Object(out))
    }

    fn field(
        &mut self,
        api: &Api,
        field: &ResponseField,
        ty: &FieldType,
        wire: &Wire,
        path: &str,
    ) -> Option<Value> {
        let wire = self.peel(wire, path);
        if self.xml && matches!(wire, Wire::Arr(_)) {
            return self.fail(path, "a repeated element where one value is documented");
        }
        // XML cannot tell an empty element from an empty object.
        let empty_xml = self.xml
            && match wire {
                Wire::Obj(fields) => fields.is_empty(),
                Wire::Str(text) => text.is_empty(),
                _ => false,
            };
        match ty {
            FieldType::Object(name) => match wire {
                Wire::Obj(_) => self.object(api, response_type(api, name), wire, path),
                _ if empty_xml => Some(Value::Object(Map::new())),
                // Empty text is no value, for an object too.
                Wire::Str(text) if text.is_empty() => None,
                Wire::Arr(_) => self.fail(path, "an array where an object is documented"),
                _ => self.fail(path, "a scalar where an object is documented"),
            },
            FieldType::List(item) => self.list(api, field, item, wire, path),
            _ if empty_xml => None,
            FieldType::Integer | FieldType::Enum { integer: true, .. } => match wire {
                Wire::Num(text) => self.integer(text, path),
                Wire::Str(text) if text.is_empty() => None,
                Wire::Str(text) => self.integer(text, path),
                Wire::Bool(_) => self.fail(path, "a boolean where a number is documented"),
                Wire::Obj(fields) if fields.is_empty() => {
                    self.loose(path, "an empty object where a number is documented");
                    None
                }
                _ => self.fail(path, "a structure where a number is documented"),
            },
            FieldType::Bool => match wire {
                Wire::Bool(value) => Some(Value::Bool(*value)),
                Wire::Str(text) if text.is_empty() => None,
                Wire::Str(text) if text == "true" || text == "false" => {
                    Some(Value::Bool(text == "true"))
                }
                Wire::Str(text)
                    if text.trim().eq_ignore_ascii_case("true")
                        || text.trim().eq_ignore_ascii_case("false") =>
                {
                    self.loose(path, "a boolean in another case or with spaces");
                    Some(Value::Bool(text.trim().eq_ignore_ascii_case("true")))
                }
                Wire::Obj(fields) if fields.is_empty() => {
                    self.loose(path, "an empty object where a boolean is documented");
                    None
                }
                _ => self.fail(path, "not a boolean"),
            },
            // String, Price, Json, Date (kept as sent when unparseable), string enums.
            _ => match wire {
                Wire::Str(text) if text.is_empty() => None,
                Wire::Str(text) => Some(Value::String(text.clone())),
                Wire::Num(text) if self.xml => Some(Value::String(text.clone())),
                Wire::Num(text) => {
                    self.loose(path, "a JSON number where text is documented");
                    Some(Value::String(text.clone()))
                }
                Wire::Bool(value) if self.xml => Some(Value::String(value.to_string())),
                Wire::Bool(value) => {
                    self.loose(path, "a JSON boolean where text is documented");
                    Some(Value::String(value.to_string()))
                }
                Wire::Obj(fields) if fields.is_empty() => {
                    self.loose(path, "an empty object where text is documented");
                    None
                }
                _ => self.fail(path, "a structure where text is documented"),
            },
        }
    }

    /// `{"<item>": [..]}` / `<item>..</item>..` (one item: `{"<item>": {..}}` in XML's
    /// reading), or a bare array (`simplify=true`). An empty list is absent.
    fn list(
        &mut self,
        api: &Api,
        field: &ResponseField,
        item: &FieldType,
        wire: &Wire,
        path: &str,
    ) -> Option<Value> {
        let item_name = item_name(field);
        let items: Vec<&Wire> = match wire {
            Wire::Arr(items) => items.iter().collect(),
            // The wrapper: entries named after the item hold the items; any other entry is
            // an unknown field, never an item.
            Wire::Obj(entries) => {
                let mut items = Vec::new();
                for (key, value) in entries {
                    if key != item_name {
                        self.unknown.push(key.clone());
                        continue;
                    }
                    match value {
                        Wire::Arr(inner) => items.extend(inner.iter()),
                        single if self.xml => items.push(single),
                        single => {
                            self.loose(path, "one list item without its array");
                            items.push(single);
                        }
                    }
                }
                items
            }
            Wire::Str(text) if text.is_empty() => Vec::new(),
            _ => return self.fail(path, "not a list wrapped in its item element"),
        };
        // In XML an array among the items is only more items.
        let items: Vec<&Wire> = if self.xml {
            items
                .into_iter()
                .flat_map(|wire| match wire {
                    Wire::Arr(inner) => inner.iter().collect(),
                    other => vec![other],
                })
                .collect()
        } else {
            items
        };
        // An item keeps its place: an empty text item is `""`, an empty object item `{}`;
        // an empty item of any other type cannot be kept and must fail.
        let mut values = Vec::new();
        for (index, wire) in items.into_iter().enumerate() {
            let child = format!("{path}.{index}");
            let mut bare = wire;
            while let Wire::Attr(inner, _, _) = bare {
                bare = inner;
            }
            let empty = match bare {
                Wire::Str(text) => text.is_empty(),
                Wire::Obj(entries) => entries.is_empty(),
                _ => false,
            };
            match self.field(api, field, item, wire, &child) {
                Some(value) => values.push(value),
                None if empty => match item {
                    FieldType::String
                    | FieldType::Price
                    | FieldType::Json
                    | FieldType::Enum { integer: false, .. } => {
                        values.push(Value::String(String::new()))
                    }
                    FieldType::Object(_) => values.push(Value::Object(Map::new())),
                    _ => return self.fail(&child, "an empty list item that is not text"),
                },
                None => {}
            }
        }
        if values.is_empty() {
            return None;
        }
        let mut wrapper = Map::new();
        wrapper.insert(item_name.to_owned(), Value::Array(values));
        Some(Value::Object(wrapper))
    }

    /// A `Number`: exact integers in range decode; an integer written with a fraction or
    /// an exponent may; anything else, or out of range, must fail.
    fn integer(&mut self, text: &str, path: &str) -> Option<Value> {
        let trimmed = text.trim();
        if trimmed != text || trimmed.starts_with('+') {
            self.loose(path, "an integer with spaces or a plus sign around it");
        }
        match exact_integer(trimmed.strip_prefix('+').unwrap_or(trimmed)) {
            Some((value, plain)) => {
                if !plain {
                    self.loose(path, "an integer written with a fraction or an exponent");
                }
                match value {
                    Some(value) => Some(Value::from(value)),
                    None => self.fail(path, "out of the range of i64"),
                }
            }
            None => self.fail(path, "not an integer"),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `Some((value, plain))` when `text` is a JSON number that is mathematically an integer:
/// `value` is `None` when it does not fit i64; `plain` when written without fraction or
/// exponent. Computed on the digits, never through floating point.
fn exact_integer(text: &str) -> Option<(Option<i64>, bool)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    let exponent: i64 = match exponent {
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if !digits(unsigned) || unsigned.len() > 6 {
                return None;
            }
            e.parse().ok()?
        }
        None => 0,
    };
    let plain = fraction.is_none() && exponent == 0;
    let mut all = format!("{whole}{}", fraction.unwrap_or(""));
    let shift = exponent - fraction.map_or(0, |f| f.len() as i64);
    if shift >= 0 {
        if all.trim_start_matches('0').len() as i64 + shift > 40 {
            return Some((None, plain));
        }
        all.extend(std::iter::repeat_n('0', shift as usize));
    } else {
        let cut = (-shift) as usize;
        if cut > all.len() {
            if all.bytes().all(|b| b == b'0') {
                all = "0".to_owned();
            } else {
                return None;
            }
        } else {
            let (kept, dropped) = all.split_at(all.len() - cut);
            if !dropped.bytes().all(|b| b == b'0') {
                return None;
            }
            all = if kept.is_empty() { "0" } else { kept }.to_owned();
        }
    }
    let magnitude: i128 = all.trim_start_matches('0').parse().unwrap_or(0);
    let value = if negative { -magnitude } else { magnitude };
    Some((i64::try_from(value).ok(), plain))
}

/// Checks one decode against the model's verdict.
fn check(
    case: &Case,
    format: Format,
    body: &str,
    judge: &Judge,
    expected: Option<&Value>,
) -> Result<(), TestCaseError> {
    let method = &case.api.method;
    let result = (case.decode)(format, body);
    if judge.fail {
        prop_assert!(
            result.is_err(),
            "{method} {format}: must be an error ({:?}), got {:?}\nbody: {body}",
            judge.reasons,
            result
        );
        return Ok(());
    }
    let decoded = match result {
        Ok(decoded) => decoded,
        Err(error) if judge.loose => {
            let _ = error;
            return Ok(());
        }
        Err(error) => {
            return Err(TestCaseError::fail(format!(
                "{method} {format}: must decode ({:?}), got {error}\nbody: {body}",
                judge.reasons
            )));
        }
    };
    let expected = expected.cloned().unwrap_or(Value::Object(Map::new()));
    prop_assert_eq!(
        &decoded.value,
        &expected,
        "{} {}: wrong value\nbody: {}",
        method,
        format,
        body
    );
    let mut reported = decoded.unknown_fields.clone();
    for name in &judge.unknown {
        let bare = name.trim_start_matches('@');
        let found = reported.iter().position(|path| path.ends_with(bare));
        prop_assert!(
            found.is_some(),
            "{method} {format}: `{name}` not reported in {:?}\nbody: {body}",
            decoded.unknown_fields
        );
        if let Some(at) = found {
            reported.remove(at);
        }
    }
    prop_assert!(
        reported.is_empty(),
        "{method} {format}: unexpected unknown fields {reported:?}\nbody: {body}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Arbitrary answers, from the IR.

/// Text a server may send: ids longer than i64, decimals, exponents, markup, unicode,
/// surrounding spaces. Never empty or whitespace only (see the file's doc).
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-9]{21,30}",
        Just("10.10".to_owned()),
        Just("1E2".to_owned()),
        Just("-0".to_owned()),
        Just("00123".to_owned()),
        Just(r#"<&>"'"#.to_owned()),
        Just("]]>".to_owned()),
        Just("true".to_owned()),
        "[a-z0-9]{1,12}",
        " {1,2}[a-z<&>]{1,6} {0,2}",
        "[a-z]{1,4}[\t\n\r][a-z]{1,4}",
        "\\PC{1,16}",
        "[中文支付成功€😀]{1,6}",
    ]
    .prop_filter("not whitespace only", |text| !text.trim().is_empty())
    .boxed()
}

fn integer() -> BoxedStrategy<i64> {
    prop_oneof![
        any::<i64>(),
        Just(i64::MIN),
        Just(i64::MAX),
        Just(0),
        (1i64 << 53)..=(1i64 << 62),
        -1000i64..1000,
    ]
    .boxed()
}

/// How scalars are written in JSON.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Scalars {
    /// Numbers as JSON numbers, booleans as JSON booleans.
    Typed,
    /// Also (TOP does this too) numbers and booleans as JSON strings: `"123"`, `"true"`.
    AsStrings,
}

/// A JSON number, or with [`Scalars::AsStrings`] sometimes the same text as a JSON string.
fn integer_wire(value: i64, scalars: Scalars) -> BoxedStrategy<Wire> {
    match scalars {
        Scalars::Typed => Just(Wire::Num(value.to_string())).boxed(),
        Scalars::AsStrings => prop_oneof![
            Just(Wire::Num(value.to_string())),
            Just(Wire::Str(value.to_string())),
        ]
        .boxed(),
    }
}

fn date_text() -> BoxedStrategy<String> {
    prop_oneof![
        (1u16..=9999, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60, 0u8..60).prop_map(
            |(y, mo, d, h, mi, s)| format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
        ),
        Just("2018-02-30 00:00:00".to_owned()),
        Just("2018-06-28".to_owned()),
        Just("0000-01-01 00:00:00".to_owned()),
        text(),
    ]
    .boxed()
}

const MAX_DEPTH: usize = 5;

/// A value of `ty`; never empty (emptiness is generated by [`struct_wire`]).
fn value_wire(
    api: &'static Api,
    field: &'static ResponseField,
    ty: &'static FieldType,
    depth: usize,
    scalars: Scalars,
) -> BoxedStrategy<Wire> {
    match ty {
        FieldType::Integer => integer()
            .prop_flat_map(move |value| integer_wire(value, scalars))
            .boxed(),
        FieldType::Bool if scalars == Scalars::Typed => any::<bool>().prop_map(Wire::Bool).boxed(),
        FieldType::Bool => prop_oneof![
            any::<bool>().prop_map(Wire::Bool),
            any::<bool>().prop_map(|value| Wire::Str(value.to_string())),
        ]
        .boxed(),
        FieldType::Date => date_text().prop_map(Wire::Str).boxed(),
        FieldType::Enum {
            name,
            integer: true,
        } => {
            let documented: Vec<i64> = enum_def(api, name)
                .values
                .iter()
                .map(|value| value.value.parse().expect("integer enum value"))
                .collect();
            prop_oneof![proptest::sample::select(documented), self::integer(),]
                .prop_flat_map(move |value| integer_wire(value, scalars))
                .boxed()
        }
        FieldType::Enum {
            name,
            integer: false,
        } => {
            let documented: Vec<String> = enum_def(api, name)
                .values
                .iter()
                .map(|value| value.value.clone())
                .collect();
            prop_oneof![proptest::sample::select(documented), text()]
                .prop_map(Wire::Str)
                .boxed()
        }
        FieldType::Object(name) => struct_wire(api, response_type(api, name), depth + 1, scalars),
        FieldType::List(item) => {
            let item_name = item_name(field).to_owned();
            proptest::collection::vec(value_wire(api, field, item, depth + 1, scalars), 1..=3)
                .prop_map(move |items| Wire::Obj(vec![(item_name.clone(), Wire::Arr(items))]))
                .boxed()
        }
        // String, Price, Json (and File, which no response has).
        _ => text().prop_map(Wire::Str).boxed(),
    }
}

/// An object: each field absent, empty (`""`, which must read as absent) or a value, in
/// any order.
fn struct_wire(
    api: &'static Api,
    ty: &'static ResponseStruct,
    depth: usize,
    scalars: Scalars,
) -> BoxedStrategy<Wire> {
    if depth > MAX_DEPTH {
        return Just(Wire::Obj(Vec::new())).boxed();
    }
    let fields: Vec<BoxedStrategy<Option<(String, Wire)>>> = ty
        .fields
        .iter()
        .map(|field| {
            let name = field.wire_name.clone();
            let empty = !matches!(field.ty, FieldType::Object(_));
            let value = value_wire(api, field, &field.ty, depth, scalars);
            let value = if empty {
                prop_oneof![9 => value, 1 => Just(Wire::Str(String::new()))].boxed()
            } else {
                value
            };
            proptest::option::weighted(0.7, value.prop_map(move |value| (name.clone(), value)))
                .boxed()
        })
        .collect();
    (fields, any::<bool>())
        .prop_flat_map(|(fields, shuffle)| {
            let fields: Vec<(String, Wire)> = fields.into_iter().flatten().collect();
            if shuffle {
                Just(fields).prop_shuffle().boxed()
            } else {
                Just(fields).boxed()
            }
        })
        .prop_map(Wire::Obj)
        .boxed()
}

fn answer(index: usize, scalars: Scalars) -> BoxedStrategy<Wire> {
    let api = &cases()[index].api;
    struct_wire(api, &api.response, 0, scalars)
}

// ---------------------------------------------------------------------------------------
// Property 1: arbitrary answers round trip, in both formats.

/// Any answer the IR allows, written as TOP writes it, decodes to exactly its values, with
/// no unknown field.
fn round_trip(
    format: Format,
    index: usize,
    answer: &Wire,
    layout: Layout,
) -> Result<(), TestCaseError> {
    let case = &cases()[index];
    let mut judge = Judge::new(format);
    let expected = judge.answer(&case.api, answer);
    prop_assert!(
        !judge.fail && !judge.loose && judge.unknown.is_empty(),
        "generator bug: {:?}",
        judge.reasons
    );
    let body = body(format, &case.api.response_root, answer, layout);
    check(case, format, &body, &judge, expected.as_ref())
}

fn answers(scalars: Scalars) -> impl Strategy<Value = (usize, Wire, Layout)> {
    case_index().prop_flat_map(move |index| (Just(index), answer(index, scalars), layout()))
}

proptest! {
    #![proptest_config(config(192))]

    /// Property 1, JSON with typed scalars.
    #[test]
    fn arbitrary_answers_round_trip_in_json((index, answer, layout) in answers(Scalars::Typed)) {
        round_trip(Format::Json, index, &answer, layout)?;
    }

    /// Property 1, JSON with numbers and booleans sometimes sent as strings.
    #[test]
    fn arbitrary_answers_with_scalars_as_strings_round_trip_in_json(
        (index, answer, layout) in answers(Scalars::AsStrings)
    ) {
        round_trip(Format::Json, index, &answer, layout)?;
    }

    /// Property 1, XML (where every scalar is text), pretty-printed or not.
    #[test]
    fn arbitrary_answers_round_trip_in_xml((index, answer, layout) in answers(Scalars::AsStrings)) {
        round_trip(Format::Xml, index, &answer, layout)?;
    }
}

// ---------------------------------------------------------------------------------------
// Property 2: mutations never give a wrong value.

/// Where a mutation starts: an arbitrary answer, or the page's documented example.
#[derive(Clone, Debug)]
enum Start {
    Arbitrary(Wire),
    Documented,
}

/// What replaces a node.
#[derive(Clone, Debug)]
enum Replacement {
    /// The node once or twice, as an array (XML: the element repeated).
    Array(usize),
    Text(String),
    Number(&'static str),
    Object,
    Bool(bool),
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Index, Replacement),
    /// A field the bindings do not know, added to an object.
    Unknown(Index, Wire),
    /// XML: an attribute on an element.
    Attribute(Index, String),
    /// The body cut before its end.
    Truncate(Index),
    /// JSON `{"<root>":..,"<root>":..}`; XML a second root element.
    DuplicateRoot,
    /// JSON: two documents; XML: two root elements.
    SecondDocument,
    /// The answer itself replaced (by an array: JSON `[..]`, XML the root twice).
    Root(Replacement),
    /// `error_response` beside the root (JSON), after it (both), or before it (JSON).
    ErrorBeside,
    ErrorAfter,
    ErrorBefore,
}

const HUGE_NUMBERS: &[&str] = &[
    "9007199254740993",
    "-9223372036854775809",
    "9223372036854775808",
    "18446744073709551616",
    "34.0000000000000001",
    "1E2",
    "1e400",
    "0.5",
    "-0",
    "123456789012345678901234567890",
];

fn unknown_value() -> impl Strategy<Value = Wire> {
    prop_oneof![
        text().prop_map(Wire::Str),
        integer().prop_map(|value| Wire::Num(value.to_string())),
        Just(Wire::Obj(vec![(
            "zz_inner".to_owned(),
            Wire::Str("1".to_owned())
        )])),
        Just(Wire::Obj(vec![(
            "zz_item".to_owned(),
            Wire::Arr(vec![Wire::Str("a".to_owned()), Wire::Str("b".to_owned())])
        )])),
    ]
}

/// The kinds of mutation, one test each (so one kind failing hides no other).
#[derive(Clone, Copy, Debug)]
enum Family {
    /// A node replaced by an array, an object, text or a boolean.
    TypeSwap,
    /// A node replaced by a number that is huge, not an integer, or out of range.
    Numbers,
    UnknownField,
    Attribute,
    Truncation,
    /// A second root, `error_response` beside or after the root.
    Envelope,
}

fn mutation(family: Family) -> BoxedStrategy<Mutation> {
    match family {
        Family::TypeSwap => (
            any::<Index>(),
            prop_oneof![
                (1usize..=2).prop_map(Replacement::Array),
                prop_oneof![text(), Just("abc".to_owned()), Just("3 yuan".to_owned())]
                    .prop_map(Replacement::Text),
                Just(Replacement::Object),
                any::<bool>().prop_map(Replacement::Bool),
            ],
        )
            .prop_map(|(at, with)| Mutation::Replace(at, with))
            .boxed(),
        Family::Numbers => (any::<Index>(), proptest::sample::select(HUGE_NUMBERS))
            .prop_map(|(at, number)| Mutation::Replace(at, Replacement::Number(number)))
            .boxed(),
        Family::UnknownField => (any::<Index>(), unknown_value())
            .prop_map(|(at, value)| Mutation::Unknown(at, value))
            .boxed(),
        Family::Attribute => (any::<Index>(), "[a-z]{1,5}")
            .prop_map(|(at, name)| Mutation::Attribute(at, name))
            .boxed(),
        Family::Truncation => any::<Index>().prop_map(Mutation::Truncate).boxed(),
        Family::Envelope => prop_oneof![
            Just(Mutation::DuplicateRoot),
            Just(Mutation::SecondDocument),
            Just(Mutation::ErrorBeside),
            Just(Mutation::ErrorAfter),
            Just(Mutation::ErrorBefore),
            Just(Mutation::Root(Replacement::Array(1))),
            Just(Mutation::Root(Replacement::Array(2))),
            Just(Mutation::Root(Replacement::Text("abc".to_owned()))),
            Just(Mutation::Root(Replacement::Number("1"))),
        ]
        .boxed(),
    }
}

/// The documented XML example, as a wire tree: repeated elements become an array, leaves
/// their (unescaped) text.
fn wire_from_xml(xml: &str) -> (String, Wire) {
    use quick_xml::events::Event;
    struct Open {
        name: String,
        children: Vec<(String, Wire)>,
        text: String,
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML example") {
            Event::Start(element) => stack.push(Open {
                name: element.name().as_ref().to_owned(),
                children: Vec::new(),
                text: String::new(),
            }),
            Event::Empty(element) => {
                let name: String = element.name().as_ref().to_owned();
                let parent = stack.last_mut().expect("the root is not empty");
                push_child(&mut parent.children, name, Wire::Str(String::new()));
            }
            Event::Text(text) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&text);
                }
            }
            Event::GeneralRef(reference) => {
                let name: &str = &reference;
                let resolved = quick_xml::escape::resolve_predefined_entity(name)
                    .unwrap_or_else(|| panic!("unknown entity &{name};"));
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(resolved);
                }
            }
            Event::End(_) => {
                let open = stack.pop().expect("balanced");
                let wire = if open.children.is_empty() {
                    Wire::Str(open.text)
                } else {
                    Wire::Obj(open.children)
                };
                match stack.last_mut() {
                    Some(parent) => push_child(&mut parent.children, open.name, wire),
                    None => return (open.name, wire),
                }
            }
            Event::Eof => panic!("the XML example has no root"),
            _ => {}
        }
    }
}

fn push_child(children: &mut Vec<(String, Wire)>, name: String, wire: Wire) {
    match children.iter_mut().find(|(key, _)| *key == name) {
        Some((_, Wire::Arr(items))) => items.push(wire),
        Some((_, existing)) => {
            let first = std::mem::replace(existing, Wire::Arr(Vec::new()));
            *existing = Wire::Arr(vec![first, wire]);
        }
        None => children.push((name, wire)),
    }
}

fn wire_from_json(value: &Value) -> Wire {
    match value {
        Value::Object(map) => Wire::Obj(
            map.iter()
                .map(|(key, value)| (key.clone(), wire_from_json(value)))
                .collect(),
        ),
        Value::Array(items) => Wire::Arr(items.iter().map(wire_from_json).collect()),
        Value::Number(number) => Wire::Num(number.to_string()),
        Value::String(text) => Wire::Str(text.clone()),
        Value::Bool(value) => Wire::Bool(*value),
        Value::Null => Wire::Str(String::new()),
    }
}

/// The documented example of `api` in `format`, under its root.
fn documented(api: &Api, format: Format) -> Wire {
    let spec = taobao_top_codegen::spec::parse(&api.spec_file, &spec_text(api))
        .unwrap_or_else(|error| panic!("{error}"));
    match format {
        Format::Xml => {
            let (root, wire) = wire_from_xml(&spec.examples.response_xml);
            assert_eq!(root, api.response_root, "{}: XML example root", api.method);
            wire
        }
        Format::Json => {
            let value: Value = serde_json::from_str(&spec.examples.response_json.text)
                .unwrap_or_else(|error| panic!("{}: JSON example: {error}", api.method));
            wire_from_json(&value[&api.response_root])
        }
    }
}

fn spec_text(api: &Api) -> String {
    if api.spec_file.starts_with("spec/") {
        return taobao_top_tests::read(&api.spec_file);
    }
    registry::FIXTURE_APIS
        .iter()
        .find(|registered| registered.spec_file == api.spec_file)
        .map(|registered| registered.yaml.to_owned())
        .unwrap_or_else(|| panic!("{}: unknown spec", api.spec_file))
}

/// A node of a wire tree: its position (child indexes) and whether the IR makes it an
/// object (where an unknown field can be added).
struct Node {
    at: Vec<usize>,
    object: bool,
    /// An element of its own in XML (not an array, which is its element repeated).
    element: bool,
}

fn nodes(api: &Api, wire: &Wire) -> Vec<Node> {
    let mut out = vec![Node {
        at: Vec::new(),
        object: true,
        element: false,
    }];
    walk(
        api,
        Some(&api.response),
        None,
        wire,
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// Records the children of `wire`, typed by `ty` (an object) or `list_item` (a list's
/// item type) where the IR knows them.
fn walk(
    api: &Api,
    ty: Option<&ResponseStruct>,
    list_item: Option<&FieldType>,
    wire: &Wire,
    at: &mut Vec<usize>,
    out: &mut Vec<Node>,
) {
    let children: Vec<(&Wire, Option<&FieldType>)> = match wire {
        Wire::Obj(fields) => fields
            .iter()
            .map(|(key, value)| {
                let field_ty = match (ty, list_item) {
                    (Some(ty), _) => ty
                        .fields
                        .iter()
                        .find(|field| &field.wire_name == key)
                        .map(|field| &field.ty),
                    (None, Some(item)) => Some(item),
                    _ => None,
                };
                (value, field_ty)
            })
            .collect(),
        Wire::Arr(items) => items.iter().map(|item| (item, list_item)).collect(),
        _ => Vec::new(),
    };
    for (index, (child, child_ty)) in children.into_iter().enumerate() {
        at.push(index);
        let object_ty = match child_ty {
            Some(FieldType::Object(name)) if matches!(child, Wire::Obj(_)) => {
                Some(response_type(api, name))
            }
            _ => None,
        };
        let item_ty = match child_ty {
            Some(FieldType::List(item)) => Some(&**item),
            // An array's items have the type of the field holding it.
            other if matches!(child, Wire::Arr(_)) => other,
            _ => None,
        };
        out.push(Node {
            at: at.clone(),
            object: object_ty.is_some(),
            element: !matches!(child, Wire::Arr(_)),
        });
        walk(api, object_ty, item_ty, child, at, out);
        at.pop();
    }
}

fn node_mut<'w>(wire: &'w mut Wire, at: &[usize]) -> &'w mut Wire {
    at.iter().fold(wire, |wire, &index| match wire {
        Wire::Obj(fields) => &mut fields[index].1,
        Wire::Arr(items) => &mut items[index],
        _ => unreachable!("positions come from `nodes`"),
    })
}

fn error_wire() -> Wire {
    Wire::Obj(vec![
        ("code".to_owned(), Wire::Num("15".to_owned())),
        (
            "msg".to_owned(),
            Wire::Str("Remote service error".to_owned()),
        ),
    ])
}

/// Applies a mutation; gives the body and the model's verdict.
fn mutate(
    case: &Case,
    format: Format,
    mut wire: Wire,
    mutation: &Mutation,
) -> Option<(String, Judge, Option<Value>)> {
    let api = &case.api;
    let root = &api.response_root;
    let mut judge = Judge::new(format);
    let json_body = |pairs: &[(&str, &Wire)]| {
        let mut out = String::from("{");
        for (index, (key, value)) in pairs.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            json_string(key, &mut out);
            out.push(':');
            json(value, &mut out);
        }
        out.push('}');
        out
    };
    let whole = |judge: &mut Judge, why: &str| {
        judge.fail("<body>", why);
    };
    let body = match mutation {
        Mutation::Replace(..) | Mutation::Root(_) => {
            let (target, with) = match mutation {
                Mutation::Replace(at, with) => {
                    // Below the root (replacing the root is `Root`).
                    let all = nodes(api, &wire);
                    if all.len() < 2 {
                        return None;
                    }
                    let node = &all[1 + at.index(all.len() - 1)];
                    (node_mut(&mut wire, &node.at), with)
                }
                Mutation::Root(with) => (&mut wire, with),
                _ => unreachable!(),
            };
            *target = match with {
                Replacement::Array(copies) => Wire::Arr(vec![target.clone(); *copies]),
                Replacement::Text(text) => Wire::Str(text.clone()),
                Replacement::Number(text) => Wire::Num((*text).to_owned()),
                Replacement::Object => {
                    Wire::Obj(vec![("zz_value".to_owned(), Wire::Str("1".to_owned()))])
                }
                Replacement::Bool(value) => Wire::Bool(*value),
            };
            body(format, root, &wire, PLAIN)
        }
        Mutation::Unknown(at, value) => {
            let all: Vec<Node> = nodes(api, &wire).into_iter().filter(|n| n.object).collect();
            let node = &all[at.index(all.len())];
            if let Wire::Obj(fields) = node_mut(&mut wire, &node.at) {
                fields.push(("zz_unknown".to_owned(), value.clone()));
            }
            body(format, root, &wire, PLAIN)
        }
        Mutation::Attribute(at, name) => {
            if format == Format::Json {
                return None;
            }
            let all: Vec<Node> = nodes(api, &wire)
                .into_iter()
                .filter(|n| n.element)
                .collect();
            if all.is_empty() {
                return None;
            }
            let node = &all[at.index(all.len())];
            let target = node_mut(&mut wire, &node.at);
            *target = Wire::Attr(Box::new(target.clone()), name.clone(), "1".to_owned());
            body(format, root, &wire, PLAIN)
        }
        Mutation::Truncate(at) => {
            let full = body(format, root, &wire, PLAIN);
            let cuts: Vec<usize> = full.char_indices().map(|(i, _)| i).collect();
            // Never the whole body: the last character closes the root.
            let cut = cuts[at.index(cuts.len())];
            whole(&mut judge, "a truncated body");
            return Some((full[..cut].to_owned(), judge, None));
        }
        Mutation::DuplicateRoot => {
            whole(&mut judge, "the root twice");
            match format {
                Format::Json => json_body(&[(root, &wire), (root, &wire)]),
                Format::Xml => format!(
                    "{}{}",
                    body(format, root, &wire, PLAIN),
                    body(
                        format,
                        root,
                        &wire,
                        Layout {
                            declaration: false,
                            ..PLAIN
                        }
                    )
                ),
            }
        }
        Mutation::SecondDocument | Mutation::ErrorAfter => {
            let (second_root, second) = match mutation {
                Mutation::ErrorAfter => ("error_response", error_wire()),
                _ => (root.as_str(), wire.clone()),
            };
            whole(&mut judge, "a second root after the answer");
            format!(
                "{}{}",
                body(format, root, &wire, PLAIN),
                body(
                    format,
                    second_root,
                    &second,
                    Layout {
                        declaration: false,
                        ..PLAIN
                    }
                )
            )
        }
        Mutation::ErrorBeside | Mutation::ErrorBefore => {
            if format == Format::Xml {
                return None;
            }
            whole(&mut judge, "`error_response` beside the answer");
            let error = error_wire();
            match mutation {
                Mutation::ErrorBeside => json_body(&[(root, &wire), ("error_response", &error)]),
                _ => json_body(&[("error_response", &error), (root, &wire)]),
            }
        }
    };
    // Unknown fields never fail a decode: the model reports them without loosening.
    let expected = judge.answer(api, &wire);
    Some((body, judge, expected))
}

/// A mutated answer decodes to exactly what the body says, or fails: never a wrong `Ok`.
fn mutated(
    format: Format,
    index: usize,
    start: Start,
    mutation: &Mutation,
) -> Result<(), TestCaseError> {
    let case = &cases()[index];
    let wire = match start {
        Start::Arbitrary(wire) => wire,
        Start::Documented => documented(&case.api, format),
    };
    match mutate(case, format, wire, mutation) {
        Some((body, judge, expected)) => check(case, format, &body, &judge, expected.as_ref()),
        None => Ok(()),
    }
}

/// A start (the documented example or an arbitrary answer) and a mutation of `family`.
fn mutations(family: Family) -> impl Strategy<Value = (usize, Start, Mutation)> {
    case_index().prop_flat_map(move |index| {
        (
            Just(index),
            prop_oneof![
                1 => Just(Start::Documented),
                2 => answer(index, Scalars::Typed).prop_map(Start::Arbitrary),
            ],
            mutation(family),
        )
    })
}

macro_rules! mutation_tests {
    ($($json:ident, $xml:ident, $family:ident;)*) => {
        proptest! {
            #![proptest_config(config(256))]
            $(
                #[test]
                fn $json((index, start, mutation) in mutations(Family::$family)) {
                    mutated(Format::Json, index, start, &mutation)?;
                }

                #[test]
                fn $xml((index, start, mutation) in mutations(Family::$family)) {
                    mutated(Format::Xml, index, start, &mutation)?;
                }
            )*
        }
    };
}

// Property 2, one test per kind of mutation and format.
mutation_tests! {
    type_swaps_never_give_a_wrong_value_in_json, type_swaps_never_give_a_wrong_value_in_xml, TypeSwap;
    odd_numbers_never_give_a_wrong_value_in_json, odd_numbers_never_give_a_wrong_value_in_xml, Numbers;
    unknown_fields_are_reported_in_json, unknown_fields_are_reported_in_xml, UnknownField;
    attributes_are_reported_or_fail_in_json, attributes_are_reported_or_fail_in_xml, Attribute;
    truncated_bodies_fail_in_json, truncated_bodies_fail_in_xml, Truncation;
    broken_envelopes_fail_in_json, broken_envelopes_fail_in_xml, Envelope;
}

/// The unmutated documented examples are what the mutations start from: they must decode
/// to what the model says (a failure here is a bug of the model or of the example).
#[test]
fn documented_examples_decode_as_the_model_says() {
    for case in cases() {
        for format in [Format::Json, Format::Xml] {
            let wire = documented(&case.api, format);
            let mut judge = Judge::new(format);
            let expected = judge.answer(&case.api, &wire);
            // Such an answer is judged like any other: it must fail, and does.
            assert!(
                case.mismatched || (!judge.fail && !judge.loose),
                "{}: {:?}",
                case.api.method,
                judge.reasons
            );
            let body = body(format, &case.api.response_root, &wire, PLAIN);
            check(case, format, &body, &judge, expected.as_ref())
                .unwrap_or_else(|error| panic!("{error}"));
        }
    }
}

#[test]
fn the_number_model_is_exact() {
    assert_eq!(exact_integer("34"), Some((Some(34), true)));
    assert_eq!(
        exact_integer("-9223372036854775808"),
        Some((Some(i64::MIN), true))
    );
    assert_eq!(exact_integer("-9223372036854775809"), Some((None, true)));
    assert_eq!(exact_integer("1E2"), Some((Some(100), false)));
    assert_eq!(exact_integer("34.0"), Some((Some(34), false)));
    assert_eq!(exact_integer("34.0000000000000001"), None);
    assert_eq!(exact_integer("1e400"), Some((None, false)));
    assert_eq!(exact_integer("0.5"), None);
    assert_eq!(exact_integer("-0"), Some((Some(0), true)));
    assert_eq!(exact_integer("abc"), None);
    assert_eq!(exact_integer("1.5e1"), Some((Some(15), false)));
}

// ---------------------------------------------------------------------------------------
// Property 3: request encoding.

/// An arbitrary request as JSON (wire names as keys, as `documented_request` builds the
/// documented one), with the business parameters TOP expects for it, computed here.
fn request(api: &'static Api) -> BoxedStrategy<(Value, Vec<(String, String)>)> {
    request_object(api, &api.request, 0)
        .prop_map(move |value| {
            let mut params: Vec<(String, String)> = Vec::new();
            let Value::Object(map) = &value else {
                unreachable!()
            };
            for field in &api.request.fields {
                let Some(field_value) = map.get(&field.wire_name) else {
                    continue;
                };
                let text = match (&field.ty, field_value) {
                    (FieldType::File, _) => continue,
                    (FieldType::List(item), Value::Array(items))
                        if !matches!(**item, FieldType::Object(_)) =>
                    {
                        items.iter().map(scalar_param).collect::<Vec<_>>().join(",")
                    }
                    (FieldType::Object(_) | FieldType::List(_), value) => compact_sorted(value),
                    (_, value) => scalar_param(value),
                };
                params.push((field.wire_name.clone(), text));
            }
            params.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            (value, params)
        })
        .boxed()
}

fn scalar_param(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Compact JSON, keys in byte order, strings escaped as JSON requires and nothing more.
fn compact_sorted(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
                out.push('{');
                for (index, key) in keys.into_iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    json_string(key, out);
                    out.push(':');
                    write(&map[key], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Value::String(text) => json_string(text, out),
            Value::Number(number) => out.push_str(&number.to_string()),
            Value::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Value::Null => out.push_str("null"),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// Any text a caller may send, empty included (kept in the parameters; signing drops it).
fn request_text() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        Just("  ".to_owned()),
        text(),
        "\\PC{0,10}[,/\"\\\\\u{1}\u{1f}]{1,3}",
    ]
    .boxed()
}

fn request_value(api: &'static Api, ty: &'static FieldType, depth: usize) -> BoxedStrategy<Value> {
    match ty {
        FieldType::Integer => integer().prop_map(Value::from).boxed(),
        FieldType::Bool => any::<bool>().prop_map(Value::from).boxed(),
        FieldType::Date => (1u16..=9999, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60, 0u8..60)
            .prop_map(|(y, mo, d, h, mi, s)| {
                Value::from(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
            })
            .boxed(),
        FieldType::File => ("[a-z]{1,8}\\.jpg", proptest::collection::vec(any::<u8>(), 0..8))
            .prop_map(|(name, content)| {
                serde_json::json!({"file_name": name, "content": content, "mime_type": null})
            })
            .boxed(),
        FieldType::Enum { name, integer: true } => {
            let documented: Vec<i64> = enum_def(api, name)
                .values
                .iter()
                .map(|value| value.value.parse().expect("integer enum value"))
                .collect();
            prop_oneof![proptest::sample::select(documented), integer()]
                .prop_map(Value::from)
                .boxed()
        }
        FieldType::Enum { name, integer: false } => {
            let documented: Vec<String> = enum_def(api, name)
                .values
                .iter()
                .map(|value| value.value.clone())
                .collect();
            prop_oneof![proptest::sample::select(documented), text()]
                .prop_map(Value::from)
                .boxed()
        }
        FieldType::Object(name) => request_object(api, request_type(api, name), depth + 1),
        FieldType::List(item) => proptest::collection::vec(request_value(api, item, depth + 1), 0..=3)
            .prop_map(Value::Array)
            .boxed(),
        _ => request_text().prop_map(Value::from).boxed(),
    }
}

fn request_object(
    api: &'static Api,
    ty: &'static RequestStruct,
    depth: usize,
) -> BoxedStrategy<Value> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = ty
        .fields
        .iter()
        .map(|field| {
            let name = field.wire_name.clone();
            let value =
                request_value(api, &field.ty, depth).prop_map(move |value| (name.clone(), value));
            if field.required {
                value.prop_map(Some).boxed()
            } else if depth > MAX_DEPTH {
                Just(None).boxed()
            } else {
                proptest::option::weighted(0.6, value).boxed()
            }
        })
        .collect();
    fields
        .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect()))
        .boxed()
}

proptest! {
    #![proptest_config(config(256))]

    /// Any request the IR allows becomes exactly the parameters TOP expects: scalars as
    /// text, top-level scalar lists comma-joined, objects (and lists of objects) as one
    /// compact JSON text with keys in byte order and absent fields omitted, files not among
    /// the text parameters, parameters in wire-name byte order.
    #[test]
    fn arbitrary_requests_encode_as_top_expects(
        (index, (value, expected)) in case_index().prop_flat_map(|index| (Just(index), request(&cases()[index].api)))
    ) {
        let case = &cases()[index];
        let params = (case.encode_request)(value.clone())
            .map_err(|error| TestCaseError::fail(format!("{}: {error}\nrequest: {value}", case.api.method)))?;
        let params: Vec<(String, String)> = params
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        prop_assert_eq!(params, expected, "{}: request {}", &case.api.method, value);
    }
}
