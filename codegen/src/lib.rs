//! The generator behind `cargo xtask regenerate`: TOP API specs (YAML) in, Rust files out.
//!
//! A pure library: it is handed `(path, text)` pairs and returns files as strings; reading
//! and writing files is `xtask`'s job. The pipeline is
//! [`spec::parse`] (shape) → [`lower::lower`] (meaning, into the [`ir`]) → [`emit`] (tokens,
//! formatted by `prettyplease`). Output is deterministic: same specs, same bytes.

pub mod batch;
pub mod change;
pub mod emit;
pub mod error;
mod error_table;
pub mod freshness;
pub mod import;
pub mod ir;
mod locate;
pub mod lower;
pub mod manifest;
pub mod names;
mod parallel;
pub mod spec;
pub mod types;
mod values;

use std::collections::BTreeMap;

pub use error::SpecError;

/// A file the generator wants on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Repo-relative path with `/` separators: under [`emit::GENERATED_DIR`], or the mock
    /// gateway's table ([`emit::GATEWAY_TABLE`]).
    pub path: String,
    pub contents: String,
}

/// Everything `cargo xtask regenerate` writes: the files under [`emit::GENERATED_DIR`] and
/// the generated lines of the crate's manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// Sorted by path.
    pub files: Vec<GeneratedFile>,
    /// One cargo feature per API group, and `full`.
    pub manifest: manifest::ManifestSection,
    /// The groups that manifest declares, sorted by feature.
    pub groups: Vec<manifest::ApiGroup>,
}

/// Parses and validates one spec file into the IR; the first error if it is invalid.
pub fn load(path: &str, text: &str) -> Result<ir::Api, SpecError> {
    load_all(path, text).map_err(|errors| errors.first)
}

/// [`load`], reporting every error of the spec it finds ([`lower::SpecErrors`]).
pub fn load_all(path: &str, text: &str) -> Result<ir::Api, lower::SpecErrors> {
    let spec = spec::parse(path, text)?;
    lower::lower_all(path, &spec).map_err(|errors| {
        // Validation works on the parsed spec; the line of a path is found in the text again.
        let with_line = |mut error: SpecError| {
            if error.line.is_none() {
                error.line = locate::line_of(text, &error.path);
            }
            error
        };
        lower::SpecErrors {
            first: with_line(errors.first),
            more: errors.more.into_iter().map(with_line).collect(),
        }
    })
}

/// Generates every file for a set of specs, given as `(repo-relative path, text)`: the
/// files of [`generate_crate`] without the manifest lines.
pub fn generate(specs: &[(String, String)]) -> Result<Vec<GeneratedFile>, Vec<SpecError>> {
    generate_crate(specs).map(|generated| generated.files)
}

/// Generates every file and the manifest's feature lines for a set of specs, given as
/// `(repo-relative path, text)`.
///
/// Returns every problem found (every error of each broken spec that [`load_all`] finds, plus
/// clashes between specs), so a user fixing specs sees them all at once.
pub fn generate_crate(specs: &[(String, String)]) -> Result<Generated, Vec<SpecError>> {
    match generate_valid(specs) {
        (Some(generated), errors) if errors.is_empty() => Ok(generated),
        (_, errors) => Err(errors),
    }
}

/// What the valid specs generate, beside the errors of the others, so that one broken spec
/// does not hold back the rest (`cargo xtask regenerate --keep-going`). A spec whose module
/// or client method clashes with an earlier one's is left out with its error. `None` only
/// when emitting itself failed.
pub fn generate_valid(specs: &[(String, String)]) -> (Option<Generated>, Vec<SpecError>) {
    let mut errors = Vec::new();
    let mut apis = Vec::with_capacity(specs.len());
    for loaded in parallel::map(specs, |(path, text)| load_all(path, text)) {
        match loaded {
            Ok(api) => apis.push(api),
            Err(spec_errors) => errors.extend(spec_errors.into_vec()),
        }
    }
    let clashes = check_clashes(&apis);
    apis.retain(|api| !clashes.iter().any(|clash| clash.file == api.spec_file));
    errors.extend(clashes);
    apis.sort_by(|a, b| a.method.cmp(&b.method));
    match emit_all(&apis) {
        Ok(files) => {
            let groups = manifest::api_groups(&apis.iter().collect::<Vec<_>>());
            let manifest = manifest::features_section(&groups);
            (
                Some(Generated {
                    files,
                    manifest,
                    groups,
                }),
                errors,
            )
        }
        Err(emit_errors) => {
            errors.extend(emit_errors);
            (None, errors)
        }
    }
}

/// Two specs must not land in the same module or give the client two methods of one name.
fn check_clashes(apis: &[ir::Api]) -> Vec<SpecError> {
    let mut errors = Vec::new();
    let mut modules: BTreeMap<(String, String), &str> = BTreeMap::new();
    let mut client_fns: BTreeMap<&str, &str> = BTreeMap::new();
    for api in apis {
        let module = (api.group.text.clone(), api.module.text.clone());
        if let Some(first) = modules.insert(module, &api.spec_file) {
            errors.push(SpecError::new(
                &api.spec_file,
                "method",
                format!(
                    "module `{}::{}` is already generated from {first}",
                    api.group.text, api.module.text
                ),
            ));
        }
        if let Some(first) = client_fns.insert(&api.client_fn.text, &api.spec_file) {
            errors.push(SpecError::new(
                &api.spec_file,
                "method",
                format!(
                    "client method `{}` is already generated from {first}",
                    api.client_fn.text
                ),
            ));
        }
    }
    errors
}

/// Every file, or every file that failed to emit (each error names its spec).
fn emit_all(apis: &[ir::Api]) -> Result<Vec<GeneratedFile>, Vec<SpecError>> {
    let mut groups: BTreeMap<&str, Vec<&ir::Api>> = BTreeMap::new();
    for api in apis {
        groups.entry(api.group.text.as_str()).or_default().push(api);
    }
    let mut files = Vec::with_capacity(apis.len() + groups.len() + 1);
    let mut errors = Vec::new();
    let mut add = |path: String, contents: Result<String, SpecError>| match contents {
        Ok(contents) => files.push(GeneratedFile { path, contents }),
        Err(error) => errors.push(error),
    };
    let group_names: Vec<(&names::RustName, &str)> = groups
        .values()
        .filter_map(|apis| apis.first().map(|api| (&api.group, api.feature.as_str())))
        .collect();
    add(
        format!("{}/mod.rs", emit::GENERATED_DIR),
        emit::emit_apis_mod(&group_names, &apis.iter().collect::<Vec<_>>()),
    );
    for (group, members) in &groups {
        add(
            format!("{}/{group}/mod.rs", emit::GENERATED_DIR),
            emit::emit_group_mod(members),
        );
    }
    // One file per API: most of the work, and independent, so on every core.
    for (api, contents) in apis.iter().zip(parallel::map(apis, emit::emit_api)) {
        add(
            format!(
                "{}/{}/{}.rs",
                emit::GENERATED_DIR,
                api.group.text,
                api.module.text
            ),
            contents,
        );
    }
    add(
        emit::GATEWAY_TABLE.to_owned(),
        emit::emit_gateway_table(&apis.iter().collect::<Vec<_>>()),
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
