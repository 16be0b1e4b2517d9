//! Helpers shared by the integration tests in `tests/tests/`: reading the repository's own
//! spec files and fixtures, and walking documented examples.

use std::path::{Path, PathBuf};

pub mod independent;
pub mod pos;
pub mod raw_server;

/// Code generated at build time from `tests/fixtures/edge-specs/` (see `build.rs`).
#[allow(clippy::type_complexity)]
pub mod edge {
    include!(concat!(env!("OUT_DIR"), "/edge_specs.rs"));
}

/// Code generated at build time from the pages in `tests/fixtures/pages/`, imported first.
#[allow(clippy::type_complexity)]
pub mod pages {
    include!(concat!(env!("OUT_DIR"), "/imported_pages.rs"));
}

/// The mock gateway's table of the APIs of `tests/fixtures/pages/` (see `build.rs`), for
/// `MockGatewayBuilder::apis(mock_pages::APIS)`.
#[rustfmt::skip]
pub mod mock_pages {
    include!(concat!(env!("OUT_DIR"), "/mock_pages.rs"));
}

/// Every API this crate can reach, found from the spec files at build time (see `build.rs`):
/// decoding and request encoding for an API chosen at run time.
pub mod registry {
    use serde::de::DeserializeOwned;
    use taobao_top::TopRequest;

    /// Turns request JSON (wire names as keys, as [`crate::documented_request`] builds it)
    /// into the business parameters, or says why it could not.
    pub type EncodeRequest = fn(serde_json::Value) -> Result<Vec<(&'static str, String)>, String>;

    /// One API.
    #[derive(Clone, Copy, Debug)]
    pub struct Registered {
        /// Repo-relative path of its spec (for pages: of the spec imported from the page).
        pub spec_file: &'static str,
        /// The spec's YAML text (for pages: as imported).
        pub yaml: &'static str,
        pub info: taobao_top::ApiInfo,
        pub encode_request: EncodeRequest,
        /// Like `encode_request`, for the documented request: it must also pass the
        /// client-side checks (`TopRequest::validate`); gives the text parameters and the
        /// names of the file parameters.
        pub documented_request: DocumentedRequest,
        /// Decodes an answer into the typed response and prints it with `{:#?}` (for the
        /// snapshots of the typed values).
        pub debug_answer: fn(taobao_top::Format, &str) -> Result<String, taobao_top::Error>,
    }

    /// See [`Registered::documented_request`].
    pub type DocumentedRequest = fn(serde_json::Value) -> Result<WireRequest, String>;

    /// A request as it goes on the wire: business text parameters and file parameter names.
    #[derive(Clone, Debug, PartialEq)]
    pub struct WireRequest {
        pub params: Vec<(&'static str, String)>,
        pub files: Vec<&'static str>,
        /// `TopRequest::idempotency_value`, owned.
        pub idempotency_value: Option<String>,
    }

    /// [`DocumentedRequest`] for request type `R`.
    pub fn documented<R: TopRequest + DeserializeOwned>(
        value: serde_json::Value,
    ) -> Result<WireRequest, String> {
        let request: R = serde_json::from_value(value)
            .map_err(|error| format!("does not fit the generated type: {error}"))?;
        request
            .validate()
            .map_err(|error| format!("fails the client-side checks: {error}"))?;
        let params = request
            .business_params()
            .map_err(|error| format!("does not encode: {error}"))?;
        let mut writer = taobao_top::params::BusinessParams::new();
        request.write_params(&mut writer);
        let files = writer.files().iter().map(|(name, _)| *name).collect();
        let idempotency_value = request.idempotency_value().map(|value| value.into_owned());
        Ok(WireRequest {
            params,
            files,
            idempotency_value,
        })
    }

    /// [`Registered::debug_answer`] for request type `R`.
    pub fn debug_answer<R: TopRequest>(
        format: taobao_top::Format,
        body: &str,
    ) -> Result<String, taobao_top::Error>
    where
        R::Response: std::fmt::Debug,
    {
        let response: R::Response = taobao_top::decode_response(format, body)?;
        Ok(format!("{response:#?}"))
    }

    /// [`EncodeRequest`] for request type `R`.
    pub fn encode<R: TopRequest + DeserializeOwned>(
        value: serde_json::Value,
    ) -> Result<Vec<(&'static str, String)>, String> {
        let request: R = serde_json::from_value(value).map_err(|error| error.to_string())?;
        request.business_params().map_err(|error| error.to_string())
    }

    include!(concat!(env!("OUT_DIR"), "/registry.rs"));
}

use taobao_top_codegen::spec::{Field, Spec};

/// The repository root (this crate lives in `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Reads a repo-relative file.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path))
        .unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

/// The `.yaml` files of a repo-relative folder, as sorted repo-relative paths.
pub fn yaml_files(dir: &str) -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir(repo_root().join(dir))
        .unwrap_or_else(|error| panic!("cannot read {dir}: {error}"))
        .map(|entry| {
            entry
                .expect("readable folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    paths.sort();
    paths
}

/// Parses `spec/<method>.yaml` with the generator's own loader.
pub fn spec(method: &str) -> Spec {
    let path = format!("spec/{method}.yaml");
    taobao_top_codegen::spec::parse(&path, &read(&path)).unwrap_or_else(|error| panic!("{error}"))
}

/// The documented request as JSON: every field with an example, typed by its documented
/// type. Deserializing it into the generated request type gives the page's example request.
pub fn documented_request(spec: &Spec) -> serde_json::Value {
    object_from_examples(&spec.request)
}

fn object_from_examples(fields: &[Field]) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for field in fields {
        let value = match (&field.fields, &field.example) {
            (Some(children), _) if field.ty.trim_end().ends_with("[]") => {
                serde_json::Value::Array(vec![object_from_examples(children)])
            }
            (Some(children), _) => object_from_examples(children),
            (None, Some(example)) => typed_example(&field.ty, example),
            (None, None) if field.is_required() && is_file_type(&field.ty) => {
                typed_example(&field.ty, "")
            }
            (None, None) => {
                assert!(
                    !field.is_required(),
                    "required field `{}` has no example",
                    field.name
                );
                continue;
            }
        };
        object.insert(field.name.clone(), value);
    }
    serde_json::Value::Object(object)
}

fn typed_example(ty: &str, example: &str) -> serde_json::Value {
    if is_file_type(ty) {
        // A file's example is a placeholder (`文件内容`): its text becomes the content.
        return serde_json::json!({
            "file_name": "documented.bin",
            "content": example.as_bytes(),
            "mime_type": null,
        });
    }
    if let Some(item) = ty.strip_suffix("[]") {
        // A top-level list's example is comma-joined, as it is sent.
        let items = example
            .split(',')
            .map(|part| typed_example(item.trim(), part));
        return serde_json::Value::Array(items.collect());
    }
    match ty {
        "Number" => serde_json::Value::from(
            example
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("Number example {example:?} is not an integer")),
        ),
        "Boolean" => serde_json::Value::from(example == "true"),
        _ => serde_json::Value::from(example),
    }
}

/// Dotted wire paths of the response fields whose documented example contradicts their type.
pub fn mismatched_paths(fields: &[Field], prefix: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for field in fields {
        let path = if prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{prefix}.{}", field.name)
        };
        if field.mismatched_example.is_some() {
            paths.push(path.clone());
        }
        paths.extend(mismatched_paths(
            field.fields.as_deref().unwrap_or_default(),
            &path,
        ));
    }
    paths
}

/// `byte[]` (also written `byte []`): a file parameter.
pub fn is_file_type(ty: &str) -> bool {
    ty.split_whitespace().collect::<String>() == "byte[]"
}

/// Every element of an XML document that holds text and no child element, as
/// (`path.below.root`, text), in document order. Empty elements come with empty text.
pub fn xml_leaves(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut has_child = vec![false];
    let mut leaves = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML example") {
            Event::Start(element) => {
                if let Some(parent) = has_child.last_mut() {
                    *parent = true;
                }
                stack.push(element.name().as_ref().to_owned());
                has_child.push(false);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t),
            Event::GeneralRef(r) => {
                let name: &str = &r;
                let resolved = quick_xml::escape::resolve_predefined_entity(name)
                    .unwrap_or_else(|| panic!("unknown entity &{name};"));
                text.push_str(resolved);
            }
            Event::End(_) => {
                let leaf = !has_child.pop().unwrap_or(true);
                if leaf {
                    let path = stack[1..].join(".");
                    leaves.push((path, std::mem::take(&mut text)));
                }
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    leaves
}

/// Follows a dotted path into a JSON value.
pub fn json_at<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(value, |value, key| value.get(key))
}

/// The text of a JSON scalar as XML would carry it.
pub fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// An XML element as a tree: name, child elements, text (entities resolved).
#[derive(Clone, Debug, Default)]
pub struct XmlElement {
    pub name: String,
    pub children: Vec<XmlElement>,
    pub text: String,
}

/// Parses an XML document into its root element (a test helper: panics on malformed XML).
pub fn xml_tree(xml: &str) -> XmlElement {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<XmlElement> = vec![XmlElement::default()];
    loop {
        match reader.read_event().expect("well-formed XML example") {
            Event::Start(element) => stack.push(XmlElement {
                name: element.name().as_ref().to_owned(),
                ..XmlElement::default()
            }),
            Event::Empty(element) => {
                let empty = XmlElement {
                    name: element.name().as_ref().to_owned(),
                    ..XmlElement::default()
                };
                stack.last_mut().expect("a parent").children.push(empty);
            }
            Event::Text(t) => stack.last_mut().expect("a parent").text.push_str(&t),
            Event::CData(t) => stack.last_mut().expect("a parent").text.push_str(&t),
            Event::GeneralRef(r) => {
                let name: &str = &r;
                let resolved = quick_xml::escape::resolve_predefined_entity(name)
                    .unwrap_or_else(|| panic!("unknown entity &{name};"));
                stack.last_mut().expect("a parent").text.push_str(resolved);
            }
            Event::End(_) => {
                let done = stack.pop().expect("an open element");
                stack.last_mut().expect("a parent").children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut document = stack.pop().expect("the document");
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.remove(0)
}

/// Every value of an XML example found at its place in `value` (a decoded answer serialized
/// to JSON in TOP's wrapped shape, under the root): each element with text has the same text
/// at the same path, repeated elements are the items of a list in document order, and an
/// empty element is absent (or, where an object is documented, an object without values).
/// Returns one line per value not found, naming its path.
pub fn xml_values_missing(root: &XmlElement, value: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    compare_children(root, value, &root.name, &mut problems);
    problems
}

fn compare_children(
    element: &XmlElement,
    value: &serde_json::Value,
    path: &str,
    problems: &mut Vec<String>,
) {
    let mut names: Vec<&str> = element.children.iter().map(|c| c.name.as_str()).collect();
    names.dedup();
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        if !seen.insert(name) {
            // The same name again after another one: items must be consecutive.
            problems.push(format!("{path}.{name}: repeated apart from its siblings"));
            continue;
        }
        let children: Vec<&XmlElement> =
            element.children.iter().filter(|c| c.name == name).collect();
        let child_path = format!("{path}.{name}");
        match value.get(name) {
            Some(serde_json::Value::Array(items)) => {
                if items.len() != children.len() {
                    problems.push(format!(
                        "{child_path}: {} elements, {} items decoded",
                        children.len(),
                        items.len()
                    ));
                }
                for (index, (child, item)) in children.iter().zip(items).enumerate() {
                    compare_element(
                        child,
                        Some(item),
                        &format!("{child_path}[{index}]"),
                        problems,
                    );
                }
            }
            found => {
                if children.len() > 1 {
                    problems.push(format!(
                        "{child_path}: {} elements but not decoded as a list",
                        children.len()
                    ));
                }
                compare_element(children[0], found, &child_path, problems);
            }
        }
    }
}

fn compare_element(
    element: &XmlElement,
    found: Option<&serde_json::Value>,
    path: &str,
    problems: &mut Vec<String>,
) {
    if !element.children.is_empty() {
        match found {
            Some(object @ serde_json::Value::Object(_)) => {
                compare_children(element, object, path, problems);
            }
            other => problems.push(format!(
                "{path}: an element with children, decoded {other:?}"
            )),
        }
        return;
    }
    let text = element.text.trim_matches(|c: char| c.is_ascii_whitespace());
    match found {
        _ if text.is_empty() => match found {
            None => {}
            Some(serde_json::Value::Object(map)) if map.is_empty() => {}
            Some(other) => problems.push(format!("{path}: empty in XML, decoded {other}")),
        },
        None => problems.push(format!("{path} = {:?}: dropped", element.text)),
        Some(value) if value.is_object() || value.is_array() => {
            problems.push(format!("{path} = {:?}: decoded {value}", element.text))
        }
        Some(value) => {
            let decoded = scalar_text(value);
            if decoded != element.text && decoded != text {
                problems.push(format!(
                    "{path}: {:?} in XML, {decoded:?} decoded",
                    element.text
                ));
            }
        }
    }
}

/// The literal values the Java sample sets on the request and on the objects it declares,
/// as (setter receiver and name, value text): `req.setShopId(124L)` gives
/// `("req.setShopId", "124")`, `new Long[] { 1L, 2L }` its two numbers, a date parsed from a
/// string that string. Setters on variables the sample never declares (a broken sample) and
/// files (`new FileItem(..)`) are left out: they set nothing on the request.
pub fn java_sample_values(java: &str) -> Vec<(String, String)> {
    let mut declared = std::collections::BTreeSet::new();
    for line in java.lines() {
        // `Type name = new ...` declares `name`.
        if let Some((left, right)) = line.split_once('=')
            && right.trim_start().starts_with("new ")
            && let Some(name) = left.split_whitespace().last()
        {
            declared.insert(name.to_owned());
        }
    }
    let mut values = Vec::new();
    // Setter calls may span lines (a broken sample closes `)` on the next one).
    let text = java;
    let mut rest = text;
    while let Some(at) = rest.find(".set") {
        let before = &rest[..at];
        let receiver: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = &rest[at + 1..];
        let Some(open) = after.find('(') else { break };
        let setter = &after[..open];
        let arguments = &after[open + 1..];
        let end = arguments.find(';').unwrap_or(arguments.len());
        let argument = &arguments[..end];
        rest = &arguments[end..];
        if !setter.chars().all(|c| c.is_alphanumeric() || c == '_') || !declared.contains(&receiver)
        {
            continue;
        }
        if argument.trim_start().starts_with("new FileItem") {
            continue;
        }
        for literal in java_literals(argument) {
            values.push((format!("{receiver}.{setter}"), literal));
        }
    }
    values
}

/// String, number and boolean literals in a Java expression, as their values' text.
fn java_literals(expression: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = expression.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                    text.push(match chars[i] {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                } else {
                    text.push(chars[i]);
                }
                i += 1;
            }
            out.push(text);
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            // A digit inside a name (`obj1`) is not a literal.
            let in_name =
                start > 0 && (chars[start - 1].is_alphanumeric() || chars[start - 1] == '_');
            if i < chars.len() && matches!(chars[i], 'L' | 'l' | 'D' | 'd' | 'F' | 'f') {
                i += 1;
            }
            if !in_name {
                out.push(number);
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word == "true" || word == "false" {
                out.push(word);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `text` is on the wire: a parameter's value, an item of a comma-joined one, or a
/// value inside a JSON one (an object parameter), compared as text.
pub fn on_the_wire(params: &[(&'static str, String)], text: &str) -> bool {
    fn in_json(value: &serde_json::Value, text: &str) -> bool {
        match value {
            serde_json::Value::Object(map) => map.values().any(|v| in_json(v, text)),
            serde_json::Value::Array(items) => items.iter().any(|v| in_json(v, text)),
            other => scalar_text(other) == text,
        }
    }
    params.iter().any(|(_, value)| {
        value == text
            || value.split(',').any(|item| item == text)
            || serde_json::from_str::<serde_json::Value>(value)
                .is_ok_and(|json| (json.is_object() || json.is_array()) && in_json(&json, text))
    })
}
