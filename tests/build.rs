//! Compiles generated code this crate's tests exercise but `spec/` does not hold:
//! - `tests/fixtures/edge-specs/*.yaml`: shapes the seed specs lack (keywords, lists, enums);
//! - `tests/fixtures/pages/*.txt`: pages of new shapes, run through `cargo xtask import`'s
//!   importer first, so the tests prove an imported page regenerates into code that compiles.
//!
//! The generated code refers to `crate::...`; `src/lib.rs` re-exports the runtime items it
//! needs at this crate's root.

use std::path::Path;

fn files(dir: &Path, extension: &str) -> Vec<String> {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("readable folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(extension))
        .collect();
    names.sort();
    names
}

fn module(api: &taobao_top_codegen::ir::Api) -> String {
    let code = taobao_top_codegen::emit::emit_api_types(api).unwrap_or_else(|e| panic!("{e}"));
    format!("pub mod {} {{\n{code}\n}}\n", api.module.source())
}

fn main() {
    println!("cargo::rerun-if-changed=../codegen/src");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let dir = Path::new("fixtures/edge-specs");
    let mut edge = String::new();
    for name in files(dir, ".yaml") {
        let path = format!("tests/fixtures/edge-specs/{name}");
        let text = std::fs::read_to_string(dir.join(&name)).expect("readable fixture");
        let api = taobao_top_codegen::load(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        edge.push_str(&module(&api));
    }
    std::fs::write(out.join("edge_specs.rs"), edge).expect("writable OUT_DIR");

    let dir = Path::new("fixtures/pages");
    let mut pages = String::new();
    for name in files(dir, ".txt") {
        let text = std::fs::read_to_string(dir.join(&name)).expect("readable fixture");
        let imported = taobao_top_codegen::import::import(&text, None)
            .unwrap_or_else(|e| panic!("tests/fixtures/pages/{name}: {e}"));
        let path = format!("tests/fixtures/pages/{name}");
        let api = taobao_top_codegen::load(&path.replace(".txt", ".yaml"), &imported.yaml)
            .unwrap_or_else(|e| panic!("{e}"));
        pages.push_str(&module(&api));
    }
    std::fs::write(out.join("imported_pages.rs"), pages).expect("writable OUT_DIR");
}
