//! The spec file format (`spec/README.md`) as Rust types, and the YAML loader.
//!
//! Loading only checks shape (keys, YAML types); `crate::validate` checks meaning.

use serde::Deserialize;

use crate::error::SpecError;

/// One API, as its documentation page describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub method: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub category: Option<String>,
    pub needs_session: bool,
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// The call only reads: repeating it changes nothing, so a client may retry it.
    #[serde(default)]
    pub read_only: bool,
    pub request: Vec<Field>,
    pub response: Response,
    pub examples: Examples,
    /// The page's 错误码解释 table, in page order (absent when the table is empty).
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
}

/// One row of the page's 错误码解释 table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// The documented code (`isv.invalid-parameter`), quoted so YAML keeps its exact text.
    #[serde(deserialize_with = "quoted_code")]
    pub code: String,
    /// 错误描述.
    #[serde(default)]
    pub description: Option<String>,
    /// 解决方案.
    #[serde(default)]
    pub solution: Option<String>,
}

/// A field: a request parameter, a response field, or a field of an object type on either
/// side. One type for both sides, so loading, walking and writing a spec has one code path;
/// the keys that belong to one side only are checked by `crate::lower`, which names the key.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// Request fields only, where it must be given: whether a caller must set a value.
    /// Response fields are always optional (TOP leaves out empty fields).
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default, deserialize_with = "quoted")]
    pub example: Option<String>,
    /// The page's example when it is not a value of the type (`unfroze` for a Number): kept
    /// as text for the docs, never used as a value.
    #[serde(default, deserialize_with = "quoted")]
    pub mismatched_example: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Request fields only: the limits the client checks before sending.
    #[serde(default)]
    pub constraints: Option<Constraints>,
    /// Response lists only: the XML element of one item, when it is not the one derived
    /// from the item type.
    #[serde(default)]
    pub xml_item: Option<String>,
    #[serde(default, rename = "enum")]
    pub enumeration: Option<EnumSpec>,
    #[serde(default)]
    pub fields: Option<Vec<Field>>,
}

impl Field {
    /// A field with only a name and a type: the start of one built by hand or by the importer.
    pub fn new(name: &str, ty: &str) -> Field {
        Field {
            name: name.to_owned(),
            ty: ty.to_owned(),
            required: None,
            example: None,
            mismatched_example: None,
            description: None,
            constraints: None,
            xml_item: None,
            enumeration: None,
            fields: None,
        }
    }

    /// Whether a request must carry a value (`required: true`); never so for a response.
    pub fn is_required(&self) -> bool {
        self.required == Some(true)
    }
}

/// The page's 更多限制 column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub max_list_length: Option<u64>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub default: Option<String>,
}

/// The response tree under its root element.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub root: String,
    pub fields: Vec<Field>,
}

/// A closed set of documented values (`1-支付成功 2-支付失败 3-支付未决`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    /// The Rust type name; the field name in UpperCamelCase when absent.
    #[serde(default)]
    pub name: Option<String>,
    pub values: Vec<EnumValueSpec>,
}

/// One documented value of an enum.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    /// The value on the wire, exactly (`"001"`, `"1"`).
    #[serde(deserialize_with = "quoted_required")]
    pub value: String,
    /// The Rust variant name; derived from the value (`V001`) when absent.
    #[serde(default)]
    pub variant: Option<String>,
    /// The page's label for the value (`支付成功`).
    pub label: String,
}

/// The documented examples, verbatim, plus the JSON ones derived from them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub request_java: String,
    pub response_xml: String,
    pub response_json: DerivedExample,
    pub error_xml: String,
    pub error_json: DerivedExample,
}

/// An example the page does not show, written from another one that it does.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedExample {
    /// The key of the example it was derived from (`response_xml`, `error_xml`).
    pub derived_from: String,
    pub text: String,
}

/// Examples must be quoted strings: YAML reads an unquoted `001` as the number 1, and the
/// exact text of an example is what the docs and tests show.
fn quoted<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct Quoted;
    impl serde::de::Visitor<'_> for Quoted {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a quoted string (write `example: \"1\"` so YAML keeps the exact text)")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Some(text.to_owned()))
        }
    }
    deserializer.deserialize_any(Quoted)
}

/// An error code must be quoted like an example: YAML reads an unquoted `50` as a number.
fn quoted_code<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Quoted;
    impl serde::de::Visitor<'_> for Quoted {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a quoted string (write `code: \"50\"` so YAML keeps the exact text)")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(text.to_owned())
        }
    }
    deserializer.deserialize_any(Quoted)
}

fn quoted_required<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    quoted(deserializer).map(Option::unwrap_or_default)
}

/// Parses one spec file. `file` is only used in error messages.
pub fn parse(file: &str, text: &str) -> Result<Spec, SpecError> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = yaml_path(err.path());
        let inner = err.into_inner();
        let line = inner.location().map(|location| location.line());
        let message = strip_location(&inner.to_string());
        SpecError {
            file: file.to_owned(),
            message: strip_path_prefix(&message, &path).to_owned(),
            path,
            line,
        }
    })
}

/// serde_path_to_error prints `.` for the root and `?` for a position it does not know.
fn yaml_path(path: &serde_path_to_error::Path) -> String {
    let path = path.to_string();
    let known: Vec<&str> = path
        .split('.')
        .filter(|s| !s.is_empty() && *s != "?")
        .collect();
    known.join(".")
}

/// serde_yaml starts some messages with the path of the enclosing value (`request[0]: `);
/// we print our own, complete path.
fn strip_path_prefix<'m>(message: &'m str, path: &str) -> &'m str {
    match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.is_empty() && path.starts_with(prefix) => rest,
        _ => message,
    }
}

/// serde_yaml appends `at line L column C` (and sometimes prefixes the path): we print both
/// in our own place, so drop them from the message.
fn strip_location(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(at) => &message[..at],
        None => message,
    };
    message.to_owned()
}
