//! Every API against its own page, driven by the folders (nothing here names an API):
//! every spec of `spec/` and every page of `tests/fixtures/pages/` (imported and compiled by
//! `tests/build.rs`, see `taobao_top_tests::registry`). For each:
//! - the page's XML example decodes through the generated type with every value at its
//!   place (each XML element found at its path, lists item by item) and no unknown field;
//! - the derived JSON (`examples.response_json`) decodes to the same value, and that value
//!   serializes back to the JSON example itself;
//! - the error example, in both formats, is `Error::Api` with the example's code;
//! - the documented request (`taobao_top_tests::documented_request`) fits the generated
//!   type, passes the client-side checks, and its wire parameters carry every literal value
//!   the Java sample sets (files as file parameters).
//!
//! Snapshots (`tests/snapshots/<method>__<what>.snap`) of the typed values are asserted for
//! each API of `spec/` that has committed snapshots, or for every API of `spec/` when
//! `TOP_SNAPSHOTS=all` is set (how a new API gets its snapshots: see README). A new API
//! without snapshots is held by all the checks above; CI (`INSTA_UPDATE=no`) never needs a
//! snapshot that was not committed.

use taobao_top::{Error, Format};
use taobao_top_codegen::spec::Spec;
use taobao_top_tests::registry::{self, Registered};
use taobao_top_tests::{
    documented_request, is_file_type, java_sample_values, mismatched_paths, on_the_wire, repo_root,
    xml_tree, xml_values_missing,
};

/// Snapshots live in `tests/snapshots/<method>__<what>.snap`.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings
}

fn parsed(registered: &Registered) -> Spec {
    taobao_top_codegen::spec::parse(registered.spec_file, registered.yaml)
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The snapshot name prefix of an API: its method with `.` as `_`.
fn snapshot_prefix(method: &str) -> String {
    method.replace('.', "_")
}

fn has_committed_snapshots(method: &str) -> bool {
    let prefix = format!("{}__", snapshot_prefix(method));
    std::fs::read_dir(repo_root().join("tests/snapshots"))
        .expect("tests/snapshots/")
        .any(|entry| {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".snap")
        })
}

/// What one API's documented examples gave, for the snapshots.
struct Outcome {
    decoded_xml: String,
    decoded_json: String,
    error: String,
    wire_params: String,
}

/// Every check of the module doc on one API; the failures as lines naming the API.
fn check(registered: &Registered) -> Result<Outcome, Vec<String>> {
    let spec = parsed(registered);
    let method = registered.info.method;
    let mut problems = Vec::new();
    let mut fail =
        |what: String| problems.push(format!("{method} ({}): {what}", registered.spec_file));

    // The XML example: every value at its place, nothing unknown.
    let xml = (registered.info.decode)(Format::Xml, &spec.examples.response_xml);
    let json = (registered.info.decode)(Format::Json, &spec.examples.response_json.text);
    // A field whose documented example contradicts its type (`mismatched_example`) may make
    // the example fail, but only with a decode error naming that field: never silently.
    let mismatched = mismatched_paths(&spec.response.fields, "");
    let refused = |result: &Result<taobao_top::DecodedAnswer, Error>| match result {
        Err(Error::Decode(error)) => mismatched
            .iter()
            .any(|path| error.path.starts_with(path.as_str())),
        _ => false,
    };
    let (xml_refused, json_refused) = (refused(&xml), refused(&json));
    if xml_refused != json_refused {
        fail(format!(
            "the examples disagree on a mismatched example: XML {xml:?}, JSON {json:?}"
        ));
    }
    match &xml {
        _ if xml_refused => {}
        Ok(decoded) => {
            let tree = xml_tree(&spec.examples.response_xml);
            for problem in xml_values_missing(&tree, &decoded.value) {
                fail(format!("XML example: {problem}"));
            }
            if !decoded.unknown_fields.is_empty() {
                fail(format!(
                    "XML example: unknown fields {:?}",
                    decoded.unknown_fields
                ));
            }
        }
        Err(error) => fail(format!("XML example does not decode: {error}")),
    }
    // The derived JSON: the same value, and back to itself.
    match &json {
        _ if json_refused => {}
        Ok(decoded) => {
            if !decoded.unknown_fields.is_empty() {
                fail(format!(
                    "JSON example: unknown fields {:?}",
                    decoded.unknown_fields
                ));
            }
            if let Ok(from_xml) = &xml
                && from_xml.value != decoded.value
            {
                fail(format!(
                    "XML and JSON examples disagree:\n  XML:  {}\n  JSON: {}",
                    from_xml.value, decoded.value
                ));
            }
            let example: serde_json::Value =
                serde_json::from_str(&spec.examples.response_json.text).expect("valid JSON");
            if example.get(registered.info.root) != Some(&decoded.value) {
                fail(format!(
                    "the JSON example does not serialize back to itself: {}",
                    decoded.value
                ));
            }
        }
        Err(error) => fail(format!("JSON example does not decode: {error}")),
    }
    // The error example: `Error::Api` with its code, the same in both formats.
    let code: i64 = xml_tree(&spec.examples.error_xml)
        .children
        .iter()
        .find(|child| child.name == "code")
        .and_then(|code| code.text.trim().parse().ok())
        .unwrap_or_else(|| panic!("{method}: the error example has no numeric <code>"));
    let mut errors = Vec::new();
    for (format, body) in [
        (Format::Xml, &spec.examples.error_xml),
        (Format::Json, &spec.examples.error_json.text),
    ] {
        match (registered.info.decode)(format, body) {
            Err(Error::Api(error)) => {
                if error.code != code {
                    fail(format!(
                        "{format} error example: code {} instead of {code}",
                        error.code
                    ));
                }
                errors.push(format!("{error:#?}\n\nDisplay: {error}"));
            }
            other => fail(format!(
                "{format} error example is not Error::Api: {other:?}"
            )),
        }
    }
    if errors.len() == 2 && errors[0] != errors[1] {
        fail(format!(
            "XML and JSON errors disagree:\n{}\n{}",
            errors[0], errors[1]
        ));
    }
    // The documented request: builds, validates, and sends what the Java sample sets.
    let mut wire_params = String::new();
    let request_json = documented_request(&spec);
    match (registered.documented_request)(request_json.clone()) {
        Ok(wire) => {
            wire_params = format!("{:#?}", wire.params);
            // The key's value, read from the request by the generated code, is the one the
            // documented request holds at the spec's dotted path.
            let expected = spec.idempotency_key.as_deref().map(|key| {
                let value = key
                    .split('.')
                    .fold(&request_json, |value, segment| &value[segment]);
                value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned)
            });
            if wire.idempotency_value != expected {
                fail(format!(
                    "idempotency_value() is {:?}, the documented request holds {expected:?}",
                    wire.idempotency_value
                ));
            }
            for (setter, value) in java_sample_values(&spec.examples.request_java) {
                if !on_the_wire(&wire.params, &value) {
                    fail(format!(
                        "the Java sample's `{setter}({value:?})` is not on the wire: {:?}",
                        wire.params
                    ));
                }
            }
            for field in spec.request.iter().filter(|f| is_file_type(&f.ty)) {
                if field.is_required() && !wire.files.contains(&field.name.as_str()) {
                    fail(format!("file parameter `{}` is not sent", field.name));
                }
            }
        }
        Err(error) => fail(format!("the documented request {error}")),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let debug = |format, body: &str| match (registered.debug_answer)(format, body) {
        Ok(debug) => debug,
        Err(error) => format!("refused, as its mismatched example says: {error}"),
    };
    Ok(Outcome {
        decoded_xml: debug(Format::Xml, &spec.examples.response_xml),
        decoded_json: debug(Format::Json, &spec.examples.response_json.text),
        error: errors.swap_remove(0),
        wire_params,
    })
}

fn check_all(apis: &[&Registered]) -> Vec<(&'static str, Outcome)> {
    let mut problems = Vec::new();
    let mut outcomes = Vec::new();
    for registered in apis {
        match check(registered) {
            Ok(outcome) => outcomes.push((registered.info.method, outcome)),
            Err(found) => problems.extend(found),
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    outcomes
}

/// The files of a folder with an extension, as names: what the registry must hold.
fn folder(dir: &str, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join(dir))
        .unwrap_or_else(|error| panic!("{dir}: {error}"))
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(extension))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_api_of_spec_against_its_page() {
    let files = folder("spec", ".yaml");
    let registered: Vec<&Registered> = registry::SPEC_APIS.iter().collect();
    let in_registry: Vec<&str> = registered.iter().map(|r| r.spec_file).collect();
    assert_eq!(in_registry, files, "the registry is stale: rebuild");
    assert!(!files.is_empty(), "spec/ has no spec");
    let all_snapshots = std::env::var("TOP_SNAPSHOTS").is_ok_and(|v| v == "all");
    for (method, outcome) in check_all(&registered) {
        if !(all_snapshots || has_committed_snapshots(method)) {
            continue;
        }
        let prefix = snapshot_prefix(method);
        settings().bind(|| {
            insta::assert_snapshot!(format!("{prefix}__decoded_xml"), outcome.decoded_xml);
            insta::assert_snapshot!(format!("{prefix}__decoded_json"), outcome.decoded_json);
            insta::assert_snapshot!(format!("{prefix}__error"), outcome.error);
            insta::assert_snapshot!(format!("{prefix}__wire_params"), outcome.wire_params);
        });
    }
}

#[test]
fn every_page_of_the_fixtures_against_itself() {
    let pages = folder("tests/fixtures/pages", ".txt");
    let registered: Vec<&Registered> = registry::FIXTURE_APIS
        .iter()
        .filter(|r| r.spec_file.starts_with("tests/fixtures/pages/"))
        .collect();
    let in_registry: Vec<String> = registered
        .iter()
        .map(|r| r.spec_file.replace(".yaml", ".txt"))
        .collect();
    assert_eq!(in_registry, pages, "the registry is stale: rebuild");
    check_all(&registered);
}

/// The checks can fail: a page whose example lost a value, or whose sample sets a value the
/// request does not send, is reported.
#[test]
fn the_checks_catch_a_dropped_value_and_an_unsent_one() {
    let tree = xml_tree("<r><a>1</a><b><c>x</c><c>y</c></b><d></d></r>");
    let value = serde_json::json!({"a": 1, "b": {"c": ["x"]}});
    assert_eq!(
        xml_values_missing(&tree, &value),
        ["r.b.c: 2 elements, 1 items decoded"]
    );
    let value = serde_json::json!({"a": "2", "b": {"c": ["x", "y"]}, "d": "z"});
    assert_eq!(
        xml_values_missing(&tree, &value),
        [
            "r.a: \"1\" in XML, \"2\" decoded",
            "r.d: empty in XML, decoded \"z\""
        ]
    );
    let java = "Req req = new Req();\nreq.setA(\"v\");\nreq.setIds(new Long[] { 1L, 2L };\n);\nstray.setB(\"s\");\nreq.setF(new FileItem(\"/p\"));";
    assert_eq!(
        java_sample_values(java),
        [
            ("req.setA".to_owned(), "v".to_owned()),
            ("req.setIds".to_owned(), "1".to_owned()),
            ("req.setIds".to_owned(), "2".to_owned()),
        ]
    );
    let params = [
        ("a", "v".to_owned()),
        ("ids", "1,2".to_owned()),
        ("o", r#"{"k":[3]}"#.to_owned()),
    ];
    assert!(on_the_wire(&params, "2") && on_the_wire(&params, "3") && !on_the_wire(&params, "w"));
}
