//! Arbitrary text as a documentation page: `import` must answer `Ok` or an `ImportError`,
//! never panic, and what it imports must load and generate. The importer checks its own
//! output, so an `Err` saying "the imported spec is invalid" is a finding too.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = std::str::from_utf8(data) else {
        return;
    };
    let imported = match taobao_top_codegen::import::import(page, None) {
        Ok(imported) => imported,
        Err(error) => {
            let message = error.to_string();
            // The importer's own check has no line number, so its message starts the text;
            // a page may well quote the phrase (libFuzzer learns it from this comparison).
            assert!(
                !message.starts_with("the imported spec is invalid"),
                "the importer wrote a spec that does not load: {message}"
            );
            return;
        }
    };
    let path = format!("spec/{}.yaml", imported.method);
    if let Err(error) = taobao_top_codegen::load(&path, &imported.yaml) {
        panic!(
            "the imported spec does not load: {error}\n{}",
            imported.yaml
        );
    }
    if let Err(errors) = taobao_top_codegen::generate(&[(path, imported.yaml.clone())]) {
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!(
            "the imported spec does not generate: {errors:?}\n{}",
            imported.yaml
        );
    }
});
