//! Compiles generated code this crate's tests exercise but `spec/` does not hold:
//! - `tests/fixtures/edge-specs/*.yaml`: shapes the seed specs lack (keywords, lists, enums);
//! - `tests/fixtures/pages/*.txt`: pages of new shapes, run through `cargo xtask import`'s
//!   importer first, so the tests prove an imported page regenerates into code that compiles;
//!   and the mock gateway's table of those APIs (`mock_pages`), by the emitter that writes
//!   `mock/src/apis.rs`, so the mock serves them too.
//!
//! The generated code refers to `crate::...`; `src/lib.rs` re-exports the runtime items it
//! needs at this crate's root.
//!
//! It also writes `registry.rs`: for every API of `spec/` and of the two fixture folders, a
//! function that turns request JSON into that API's wire parameters (`registry::encode`), so
//! tests about all APIs can build requests of a type chosen at run time; and the macro
//! `for_each_spec_api!`, for tests that need each API of `spec/` as a type (one test per API,
//! a request type looked up by method). Nothing lists the APIs by hand: the entries come from
//! the spec files found here.

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
    let code = taobao_top_codegen::emit::emit_api(api).unwrap_or_else(|e| panic!("{e}"));
    format!("pub mod {} {{\n{code}\n}}\n", api.module.source())
}

/// One entry of `registry.rs`.
fn registered(api: &taobao_top_codegen::ir::Api, type_path: &str, yaml: &str) -> String {
    format!(
        "crate::registry::Registered {{ spec_file: {:?}, yaml: {:?}, info: ::taobao_top::ApiInfo::of::<{type_path}>(), encode_request: crate::registry::encode::<{type_path}>, documented_request: crate::registry::documented::<{type_path}>, debug_answer: crate::registry::debug_answer::<{type_path}> }},\n",
        api.spec_file, yaml
    )
}

/// `for_each_spec_api!($callback)`: `$callback!(client_fn, RequestType, "method");` for each
/// API of `spec/`, in the order of `SPEC_APIS`; `calls` holds those lines.
fn for_each_macro(calls: &str) -> String {
    format!(
        "/// `$callback!(name, RequestType, \"method\");` for each API of `spec/` (in the order of\n\
         /// `registry::SPEC_APIS`): `name` is its client method, an identifier to name a test by.\n\
         #[macro_export]\n\
         macro_rules! for_each_spec_api {{\n    ($callback:ident) => {{\n{calls}    }};\n}}\n"
    )
}

fn main() {
    println!("cargo::rerun-if-changed=../codegen/src");
    let mut registry = String::new();

    let dir = Path::new("../spec");
    let mut each = String::new();
    registry.push_str("/// The APIs of `spec/`, compiled into `taobao_top::apis`.\n");
    registry.push_str("pub const SPEC_APIS: &[crate::registry::Registered] = &[\n");
    for name in files(dir, ".yaml") {
        let path = format!("spec/{name}");
        let text = std::fs::read_to_string(dir.join(&name)).expect("readable spec");
        let api = taobao_top_codegen::load(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let type_path = format!(
            "::taobao_top::apis::{}::{}",
            api.group.source(),
            api.request.name
        );
        registry.push_str(&registered(&api, &type_path, &text));
        each.push_str(&format!(
            "        $callback!({}, {type_path}, {:?});\n",
            api.client_fn.source(),
            api.method
        ));
    }
    registry.push_str("];\n");
    registry.push_str(&for_each_macro(&each));
    registry.push_str(
        "/// The APIs of `tests/fixtures/edge-specs/` and `tests/fixtures/pages/` (imported), compiled into this crate.\n",
    );
    registry.push_str("pub const FIXTURE_APIS: &[crate::registry::Registered] = &[\n");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let dir = Path::new("fixtures/edge-specs");
    let mut edge = String::new();
    for name in files(dir, ".yaml") {
        let path = format!("tests/fixtures/edge-specs/{name}");
        let text = std::fs::read_to_string(dir.join(&name)).expect("readable fixture");
        let api = taobao_top_codegen::load(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        edge.push_str(&module(&api));
        let type_path = format!("crate::edge::{}::{}", api.module.source(), api.request.name);
        registry.push_str(&registered(&api, &type_path, &text));
    }
    std::fs::write(out.join("edge_specs.rs"), edge).expect("writable OUT_DIR");

    let dir = Path::new("fixtures/pages");
    let mut pages = String::new();
    let mut page_apis = Vec::new();
    for name in files(dir, ".txt") {
        let text = std::fs::read_to_string(dir.join(&name)).expect("readable fixture");
        let imported = taobao_top_codegen::import::import(&text, None)
            .unwrap_or_else(|e| panic!("tests/fixtures/pages/{name}: {e}"));
        let path = format!("tests/fixtures/pages/{name}");
        let api = taobao_top_codegen::load(&path.replace(".txt", ".yaml"), &imported.yaml)
            .unwrap_or_else(|e| panic!("{e}"));
        pages.push_str(&module(&api));
        let type_path = format!(
            "crate::pages::{}::{}",
            api.module.source(),
            api.request.name
        );
        registry.push_str(&registered(&api, &type_path, &imported.yaml));
        page_apis.push(api);
    }
    std::fs::write(out.join("imported_pages.rs"), pages).expect("writable OUT_DIR");
    let page_apis: Vec<&taobao_top_codegen::ir::Api> = page_apis.iter().collect();
    let mock_table = taobao_top_codegen::emit::emit_mock_table(&page_apis, "tests/fixtures/pages/")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("mock_pages.rs"), mock_table).expect("writable OUT_DIR");
    registry.push_str("];\n");
    std::fs::write(out.join("registry.rs"), registry).expect("writable OUT_DIR");
}
