//! Arbitrary text as a spec file: `load` must answer `Ok` or a `SpecError`, never panic; a
//! spec that loads must generate, alone, without an error.
//!
//! The path given to `load` is `spec/<method>.yaml`, `<method>` read from the text's first
//! `method:` line, so mutated specs get past the file-name check and reach the generator.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = format!("spec/{}.yaml", method_of(text).unwrap_or("fuzz"));
    if taobao_top_codegen::load(&path, text).is_ok() {
        if let Err(errors) = taobao_top_codegen::generate(&[(path.clone(), text.to_owned())]) {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("{path} loads but does not generate: {errors:?}");
        }
    }
});

/// The value of the first top-level `method:` line, unquoted.
fn method_of(text: &str) -> Option<&str> {
    let line = text.lines().find_map(|line| line.strip_prefix("method:"))?;
    Some(line.trim().trim_matches(|c| c == '"' || c == '\''))
}
