//! Pages the importer must refuse, each with the exact error it gives
//! (`tests/fixtures/bad-pages/<name>.txt` and `<name>.expected`). After changing an error
//! on purpose, `TOP_IMPORT_BLESS=1 cargo test --test import_errors` rewrites the `.expected`
//! files: read their diff before committing, as with snapshots.

use taobao_top_tests::{read, repo_root};

#[test]
fn every_bad_page_gives_its_exact_error() {
    let dir = "tests/fixtures/bad-pages";
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "the corpus shrank to {}", names.len());
    let mut mismatches = Vec::new();
    for name in names {
        let page = read(&format!("{dir}/{name}.txt"));
        let actual = match taobao_top_codegen::import::import(&page, None) {
            Ok(_) => "<imported without error>".to_owned(),
            Err(error) => error.to_string(),
        };
        let expected_path = repo_root().join(format!("{dir}/{name}.expected"));
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if std::env::var_os("TOP_IMPORT_BLESS").is_some() {
            std::fs::write(&expected_path, format!("{actual}\n")).unwrap();
        }
        if expected.trim_end() != actual {
            mismatches.push(format!(
                "{name}\n  expected: {}\n  actual:   {actual}",
                expected.trim_end()
            ));
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
}
