//! Helpers shared by the integration tests in `tests/tests/`: reading the repository's own
//! spec files and fixtures, and walking documented examples.

use std::path::{Path, PathBuf};

pub mod gateway;

// What generated code reaches through `crate::`, for the edge-case modules below.
#[doc(hidden)]
pub use taobao_top::{
    DocumentedError, FileItem, TopDate, TopDateTime, TopRequest, TopResponse, UnknownFields,
    builder, de, params, validate,
};

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

use taobao_top_codegen::spec::{RequestField, Spec};

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

fn object_from_examples(fields: &[RequestField]) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for field in fields {
        let value = match (&field.fields, &field.example) {
            (Some(children), _) if field.ty.trim_end().ends_with("[]") => {
                serde_json::Value::Array(vec![object_from_examples(children)])
            }
            (Some(children), _) => object_from_examples(children),
            (None, Some(example)) => typed_example(&field.ty, example),
            (None, None) => {
                assert!(
                    !field.required,
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
