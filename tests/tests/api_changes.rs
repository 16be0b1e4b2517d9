//! The public API change report (`taobao_top_codegen::change`), one case per folder of
//! `tests/fixtures/api-changes/`: `old.yaml` and `new.yaml` (either may be absent: an API
//! added or removed) and `expected.txt`, the exact report. A new case is a new folder.
//! After changing the report on purpose, `TOP_CHANGES_BLESS=1 cargo test --test api_changes`
//! rewrites the `expected.txt` files: read their diff before committing.

use taobao_top_codegen::change::{self, ApiChange};
use taobao_top_tests::repo_root;

const DIR: &str = "tests/fixtures/api-changes";

fn load(case: &str, side: &str) -> Option<taobao_top_codegen::ir::Api> {
    let path = repo_root().join(format!("{DIR}/{case}/{side}.yaml"));
    let text = std::fs::read_to_string(path).ok()?;
    let spec_file = "spec/test.change.demo.yaml";
    Some(
        taobao_top_codegen::load(spec_file, &text)
            .unwrap_or_else(|e| panic!("{case}/{side}.yaml does not load: {e}")),
    )
}

fn report(case: &str) -> ApiChange {
    match (load(case, "old"), load(case, "new")) {
        (Some(old), Some(new)) => change::compare(&old, &new).unwrap(),
        (None, Some(new)) => ApiChange::added(&new.method),
        (Some(old), None) => ApiChange::removed(&old.method),
        (None, None) => panic!("{case}: neither old.yaml nor new.yaml"),
    }
}

#[test]
fn every_case_reports_exactly_its_expected_text() {
    let mut cases: Vec<String> = std::fs::read_dir(repo_root().join(DIR))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "the cases shrank to {}", cases.len());
    let mut mismatches = Vec::new();
    for case in cases {
        let actual = format!("{}\n", report(&case));
        let expected_path = repo_root().join(format!("{DIR}/{case}/expected.txt"));
        if std::env::var_os("TOP_CHANGES_BLESS").is_some() {
            std::fs::write(&expected_path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "{case}\n--- expected\n{expected}--- actual\n{actual}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
}

/// Breaking is what the case's name says it is: the expected files cannot drift into calling a
/// removal harmless. Cases named here break users' code; all others must not.
#[test]
fn breaking_cases_are_exactly_the_breaking_kinds() {
    let breaking = [
        "api-removed",
        "enum-value-removed",
        "enum-variant-renamed",
        "field-becomes-enum",
        "field-renamed",
        "field-type-changed",
        "optional-to-required",
        "request-required-field-added",
        "required-to-optional",
        "response-field-removed",
        "type-renamed",
    ];
    for entry in std::fs::read_dir(repo_root().join(DIR)).unwrap() {
        let case = entry.unwrap().file_name().to_string_lossy().into_owned();
        let change = report(&case);
        assert_eq!(
            change.is_breaking(),
            breaking.contains(&case.as_str()),
            "{case}:\n{change}"
        );
    }
}

/// The committed generated code compared with itself: no change. And every committed API
/// compared with an empty file of the same API: everything reads as removed, which proves
/// the reader finds the real generated items (not an empty surface that never differs).
#[test]
fn the_reader_sees_the_committed_generated_code() {
    for spec_file in taobao_top_tests::yaml_files("spec") {
        let text = std::fs::read_to_string(repo_root().join(&spec_file)).unwrap();
        let api = taobao_top_codegen::load(&spec_file, &text).unwrap();
        let code = taobao_top_codegen::emit::emit_api(&api).unwrap();
        let same = change::compare_generated(&api.method, Some(&code), Some(&code));
        assert!(same.is_empty(), "{same}");
        let surface = change::Surface::parse(&code).unwrap();
        assert!(
            surface.structs.contains_key(api.request.name.as_str()),
            "{spec_file}"
        );
        assert!(
            surface.structs.contains_key(api.response.name.as_str()),
            "{spec_file}"
        );
        assert!(
            surface.structs[api.request.name.as_str()].built,
            "{spec_file}"
        );
        for def in &api.enums {
            assert_eq!(
                surface.enums[def.name.as_str()].variants.len(),
                def.values.len() + 1,
                "{spec_file}: {} and its Unknown",
                def.name
            );
        }
        let gone = change::compare_generated(&api.method, Some(&code), Some("// nothing\n"));
        assert!(gone.is_breaking(), "{spec_file}");
        assert!(
            gone.changes
                .iter()
                .any(|c| c.subject == api.response.name && c.what == "type removed"),
            "{gone}"
        );
    }
}

/// Text that is not Rust (a hand-edited file) gives a report saying so, never a panic.
#[test]
fn unreadable_code_is_reported_not_fatal() {
    let change = change::compare_generated("x.y", Some("pub struct {"), Some(""));
    assert!(change.is_breaking());
    assert!(
        change.to_string().contains("does not parse as Rust"),
        "{change}"
    );
}
