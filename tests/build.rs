//! Compiles the edge-case fixture specs into this test crate, so the tests prove the
//! generator's output for shapes the real specs lack builds and behaves, not only that its
//! text looks right. The generated code refers to `crate::...`; `src/lib.rs` re-exports the
//! runtime items it needs at this crate's root.

use std::path::Path;

fn main() {
    let dir = Path::new("fixtures/edge-specs");
    println!("cargo::rerun-if-changed={}", dir.display());
    println!("cargo::rerun-if-changed=../codegen/src");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/fixtures/edge-specs exists")
        .map(|entry| entry.expect("readable folder").file_name())
        .collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        let name = name.to_string_lossy();
        let path = format!("tests/fixtures/edge-specs/{name}");
        let text = std::fs::read_to_string(dir.join(&*name)).expect("readable fixture");
        let api = taobao_top_codegen::load(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let code = taobao_top_codegen::emit::emit_api_types(&api);
        out.push_str(&format!("pub mod {} {{\n{code}\n}}\n", api.module.source()));
    }
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("edge_specs.rs");
    std::fs::write(target, out).expect("writable OUT_DIR");
}
