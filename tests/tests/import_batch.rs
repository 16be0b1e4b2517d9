//! `cargo xtask import` over many pages (`taobao_top_codegen::batch`): good pages import,
//! each bad page is reported with its file and line, and one failure stops nothing.

use std::collections::BTreeMap;

use taobao_top_codegen::batch::{self, Status};
use taobao_top_codegen::change::ApiChangeKind;
use taobao_top_tests::{read, repo_root};

fn txt_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(repo_root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    files.sort();
    files
}

/// The current specs, as `xtask import` hands them over.
fn current_specs() -> BTreeMap<String, String> {
    taobao_top_tests::yaml_files("spec")
        .into_iter()
        .map(|path| {
            let method = path
                .trim_start_matches("spec/")
                .trim_end_matches(".yaml")
                .to_owned();
            (method, read(&path))
        })
        .collect()
}

#[test]
fn bad_pages_are_reported_with_file_and_line_and_the_rest_import() {
    // Good and bad pages interleaved: a failure must not stop the pages after it.
    let good = txt_files("tests/fixtures/pages");
    let bad = txt_files("tests/fixtures/bad-pages");
    assert!(good.len() >= 2 && bad.len() >= 2);
    let mut paths = Vec::new();
    for i in 0..good.len().max(bad.len()) {
        paths.extend(bad.get(i).cloned());
        paths.extend(good.get(i).cloned());
    }
    let pages: Vec<(String, String)> = paths.iter().map(|p| (p.clone(), read(p))).collect();
    let outcomes = batch::import_pages(&pages, &BTreeMap::new());
    assert_eq!(
        outcomes.len(),
        pages.len(),
        "one outcome per page, in order"
    );

    for ((path, _), outcome) in pages.iter().zip(&outcomes) {
        if path.contains("/bad-pages/") {
            let error = outcome.as_ref().expect_err(path);
            assert_eq!(&error.page, path);
            // The same error the single-page importer gives, behind the file (and line).
            let expected = read(&path.replace(".txt", ".expected"));
            let shown = error.to_string();
            assert!(shown.starts_with(path.as_str()), "{shown}");
            let message = match error.line {
                Some(line) => {
                    assert!(shown.starts_with(&format!("{path}:{line}: ")), "{shown}");
                    format!("line {line}: {}", error.message)
                }
                None => error.message.clone(),
            };
            assert_eq!(message, expected.trim_end(), "{path}");
        } else {
            let page = outcome
                .as_ref()
                .unwrap_or_else(|e| panic!("{path} must import: {e}"));
            assert_eq!(&page.page, path);
            assert_eq!(page.status, Status::New);
            assert_eq!(page.change.kind, ApiChangeKind::Added);
        }
    }
    let lines = outcomes
        .iter()
        .filter(|o| o.as_ref().is_err_and(|e| e.line.is_some()))
        .count();
    assert!(lines > 0, "some bad page must fail at a known line");
}

#[test]
fn reimporting_the_seed_pages_over_their_specs_changes_nothing() {
    let pages: Vec<(String, String)> = txt_files("spec/pages")
        .into_iter()
        .map(|p| {
            let text = read(&p);
            (p, text)
        })
        .collect();
    let outcomes = batch::import_pages(&pages, &current_specs());
    for outcome in outcomes {
        let page = outcome.unwrap();
        assert_eq!(page.status, Status::Unchanged, "{}", page.page);
        assert!(page.change.is_empty(), "{}", page.change);
    }
}

#[test]
fn the_same_method_twice_in_one_batch_is_refused_not_overwritten() {
    let path = txt_files("tests/fixtures/pages").remove(0);
    let text = read(&path);
    let pages = vec![(path.clone(), text.clone()), ("copy.txt".to_owned(), text)];
    let outcomes = batch::import_pages(&pages, &BTreeMap::new());
    assert!(outcomes[0].is_ok());
    let error = outcomes[1].as_ref().unwrap_err();
    assert!(
        error.to_string().starts_with("copy.txt: documents `"),
        "{error}"
    );
    assert!(error.message.contains(&path), "{error}");
}

/// Importing a page over an older spec of the same API reports the public API change.
#[test]
fn import_over_an_existing_spec_reports_the_change() {
    let path = "spec/pages/alibaba.pos.pay.account.ack.txt";
    let page = read(path);
    let method = "alibaba.pos.pay.account.ack";
    let mut specs = current_specs();
    // The older spec lacked `msg_info` and had `payee_id` required.
    let older = specs[method]
        .replace(
            "        - name: msg_info\n          type: String\n          example: \"错误信息\"\n          description: 错误信息\n",
            "",
        )
        .replace(
            "      - name: payee_id\n        type: Number\n        required: false",
            "      - name: payee_id\n        type: Number\n        required: true",
        );
    assert_ne!(older, specs[method]);
    specs.insert(method.to_owned(), older);
    let imported = batch::import_page(path, &page, &specs).unwrap();
    assert_eq!(imported.status, Status::Updated);
    assert_eq!(
        imported.change.to_string(),
        "alibaba.pos.pay.account.ack: 2 changes, 1 BREAKING\n  \
         BREAKING PayAccountDetailRequest.payee_id: required → optional (the field is now `Option<i64>`)\n           \
         PosResult.msg_info: new field `Option<String>`"
    );
}
