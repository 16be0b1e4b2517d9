//! Broken spec files give one clear line naming the file, the field path and the problem.
//! Each fixture in `tests/fixtures/bad-specs/` starts with `# expect: <the exact error>` (the
//! first error, which `load` returns; `load_all` and regenerate report every one).

use taobao_top_tests::{read, yaml_files};

const DIR: &str = "tests/fixtures/bad-specs";

#[test]
fn every_broken_spec_gives_its_exact_error() {
    let paths = yaml_files(DIR);
    assert!(paths.len() >= 20, "the corpus shrank to {}", paths.len());
    let mut mismatches = Vec::new();
    for path in paths {
        let text = read(&path);
        let expected = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{path} does not start with `# expect: `"));
        let actual = match taobao_top_codegen::load(&path, &text) {
            Ok(_) => "<loaded without error>".to_owned(),
            Err(error) => error.to_string(),
        };
        assert!(
            !actual.contains('\n'),
            "{path}: the error is not one line: {actual}"
        );
        if actual != expected {
            mismatches.push(format!(
                "{path}\n  expected: {expected}\n  actual:   {actual}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
}

#[test]
fn generate_reports_every_broken_spec_and_clashes_between_specs() {
    let good = read("spec/alibaba.pos.order.pay.yaml");
    let specs = vec![
        ("spec/alibaba.pos.order.pay.yaml".to_owned(), good.clone()),
        // Same content under another directory: same module, same client method.
        ("other/alibaba.pos.order.pay.yaml".to_owned(), good),
        (
            format!("{DIR}/test.unknown.type.yaml"),
            read(&format!("{DIR}/test.unknown.type.yaml")),
        ),
    ];
    let errors = taobao_top_codegen::generate(&specs).expect_err("must fail");
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "tests/fixtures/bad-specs/test.unknown.type.yaml:8: request[0].type: `Numbr` is not Number, String, Boolean, Date, Price, Json or byte[], and as an object type it needs `fields`",
            "other/alibaba.pos.order.pay.yaml: method: module `alibaba_pos::order_pay` is already generated from spec/alibaba.pos.order.pay.yaml",
            "other/alibaba.pos.order.pay.yaml: method: client method `alibaba_pos_order_pay` is already generated from spec/alibaba.pos.order.pay.yaml",
        ]
    );
}

#[test]
fn every_error_of_one_spec_is_reported_in_one_run() {
    let path = format!("{DIR}/test.bad.several.yaml");
    let errors = match taobao_top_codegen::load_all(&path, &read(&path)) {
        Ok(_) => panic!("{path} loaded without error"),
        Err(errors) => errors.into_vec(),
    };
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "tests/fixtures/bad-specs/test.bad.several.yaml:9: request[0].type: `Numbr` is not Number, String, Boolean, Date, Price, Json or byte[], and as an object type it needs `fields`",
            "tests/fixtures/bad-specs/test.bad.several.yaml:19: request[2].example: `maybe` is not a Boolean (`true` or `false`)",
            "tests/fixtures/bad-specs/test.bad.several.yaml:21: response.root: `test_bad_several_response_wrong` does not match method `test.bad.several`: expected `test_bad_several_response`",
            "tests/fixtures/bad-specs/test.bad.several.yaml:25: response.fields[0].example: `yes` is not a Boolean (`true` or `false`)",
            "tests/fixtures/bad-specs/test.bad.several.yaml:31: examples.response_json.text: invalid JSON: EOF while parsing an object at line 1 column 41",
        ]
    );
    // Regenerating reports them all too, and `load` the first alone.
    let generated = taobao_top_codegen::generate(&[(path.clone(), read(&path))])
        .expect_err("a broken spec does not generate");
    assert_eq!(generated, errors);
    let first = taobao_top_codegen::load(&path, &read(&path)).expect_err("broken");
    assert_eq!(first, errors[0]);
}
