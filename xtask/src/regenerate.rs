//! `regenerate [--check]`: spec files in, generated files out; `xtask` owns
//! `generated/src/apis/` and deletes what no spec produces any more, and the lines between
//! the `@generated` markers of `generated/Cargo.toml` (one feature per API group).
//!
//! Both modes also print, per API whose module file differs, the change of its public API
//! (`taobao_top_codegen::change`): the committed file on disk is the previous state, the
//! file the specs produce now the new one. No git and no previous spec needed, and in CI
//! `--check` says what the stale code would change for users, not only that it is stale.
//!
//! What is stale is decided in one place, [`check`] (read the specs and the disk, then the
//! generator's pure [`freshness::differences`]); `taobao-top-tests`' freshness test calls
//! it too.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use taobao_top_codegen::freshness::{self, Difference, OnDisk};
use taobao_top_codegen::{Generated, GeneratedFile, change, emit::GENERATED_DIR};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
    /// `--keep-going`: write what the valid specs generate, then fail naming every error.
    WriteValid,
}

/// What the specs produce, what is on disk of it, and how the two differ.
pub struct Freshness {
    pub generated: Generated,
    pub on_disk: OnDisk,
    /// Empty when the committed code is fresh.
    pub differences: Vec<Difference>,
}

/// The stale-code check of `regenerate --check`, without printing: generates from
/// `spec/`, reads the generated folder and the manifest, and compares them
/// ([`freshness::differences`]). The tests call this very function, so the command and the
/// test cannot disagree about what is stale.
pub fn check(root: &Path) -> Result<Freshness, String> {
    let specs = read_specs(root)?;
    let generated =
        taobao_top_codegen::generate_crate(&specs).map_err(|errors| spec_errors(&errors, None))?;
    compare(root, generated)
}

/// Every error, one per line, after how many there are; with how many specs did generate.
fn spec_errors(errors: &[taobao_top_codegen::SpecError], generated: Option<usize>) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let mut text = format!("{} spec error(s):\n{}", errors.len(), lines.join("\n"));
    if let Some(count) = generated {
        text.push_str(&format!(
            "\nthe other {count} spec(s) were generated (--keep-going); the ones above were left out"
        ));
    }
    text
}

/// Reads what is on disk of `generated` and how it differs.
fn compare(root: &Path, generated: Generated) -> Result<Freshness, String> {
    let on_disk = read_on_disk(root, &generated)?;
    let differences = freshness::differences(&generated, &on_disk)?;
    Ok(Freshness {
        generated,
        on_disk,
        differences,
    })
}

/// The command: [`check`], then print (and in [`Mode::Write`] fix) what differs.
pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    run_reporting_to(root, mode, &mut std::io::stdout().lock())
}

/// [`run`], writing its report (what changed, each API's public API change) to `out`:
/// `measure-codegen` times the command without printing a thousand new files.
pub fn run_reporting_to(root: &Path, mode: Mode, out: &mut dyn Write) -> Result<(), String> {
    if mode == Mode::WriteValid {
        return write_valid(root, out);
    }
    let Freshness {
        generated,
        on_disk,
        differences,
    } = check(root)?;
    let files = &generated.files;
    let up_to_date = |out: &mut dyn Write| {
        report(
            out,
            format_args!(
                "generated code is up to date ({} files and the features of {})\n",
                files.len(),
                generated.manifest.path
            ),
        )
    };
    match mode {
        Mode::Check if differences.is_empty() => up_to_date(out),
        Mode::Check => Err(format!(
            "generated code is stale:\n{}\n{}run `cargo xtask regenerate` and commit the result",
            differences
                .iter()
                .map(|d| format!("  {d}"))
                .collect::<Vec<_>>()
                .join("\n"),
            api_changes(&on_disk, files),
        )),
        Mode::Write | Mode::WriteValid => {
            let changes = api_changes(&on_disk, files);
            write(root, &generated, &on_disk, &differences)?;
            if differences.is_empty() {
                return up_to_date(out);
            }
            for difference in &differences {
                report(out, format_args!("{difference}\n"))?;
            }
            report(out, format_args!("{changes}"))
        }
    }
}

/// `--keep-going`: the valid specs' code is written as [`Mode::Write`] writes it (a broken
/// spec's API is left out, its old file removed with the rest of what no spec produces),
/// then every error is reported and the command fails.
fn write_valid(root: &Path, out: &mut dyn Write) -> Result<(), String> {
    let specs = read_specs(root)?;
    let (generated, errors) = taobao_top_codegen::generate_valid(&specs);
    let generated = generated.ok_or_else(|| spec_errors(&errors, None))?;
    let valid = specs.len()
        - errors
            .iter()
            .map(|e| &e.file)
            .collect::<BTreeSet<_>>()
            .len();
    let Freshness {
        generated,
        on_disk,
        differences,
    } = compare(root, generated)?;
    let changes = api_changes(&on_disk, &generated.files);
    write(root, &generated, &on_disk, &differences)?;
    for difference in &differences {
        report(out, format_args!("{difference}\n"))?;
    }
    report(out, format_args!("{changes}"))?;
    if errors.is_empty() {
        return Ok(());
    }
    Err(spec_errors(&errors, Some(valid)))
}

/// Writes part of the report; a closed output (`| head`) is an error, not a panic.
fn report(out: &mut dyn Write, text: fmt::Arguments<'_>) -> Result<(), String> {
    out.write_fmt(text)
        .map_err(|error| format!("cannot write the report: {error}"))
}

/// Makes the generated folder and the manifest's features under `root` what `generated`
/// says, without printing (`build-groups` regenerates a scratch copy with the catalogue:
/// thousands of new files). Files already right are not rewritten, so their mtimes stay and
/// cargo does not rebuild them. Returns how many paths differed.
pub fn write_generated(root: &Path, generated: &Generated) -> Result<usize, String> {
    let on_disk = read_on_disk(root, generated)?;
    let differences = freshness::differences(generated, &on_disk)?;
    write(root, generated, &on_disk, &differences)?;
    Ok(differences.len())
}

/// `spec/*.yaml`, sorted, as repo-relative `(path, text)` pairs.
fn read_specs(root: &Path) -> Result<Vec<(String, String)>, String> {
    let dir = root.join("spec");
    let entries = fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok((format!("spec/{name}"), text))
        })
        .collect()
}

/// The snapshot [`freshness::differences`] compares with: every file under the generated
/// folder (repo-relative, `/` separators; a text that is not UTF-8 is read with
/// replacement characters: such a file shows as changed) and the manifest's text.
pub fn read_on_disk(root: &Path, generated: &Generated) -> Result<OnDisk, String> {
    let path = root.join(&generated.manifest.path);
    let manifest =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut files = BTreeMap::new();
    let mut pending = vec![root.join(GENERATED_DIR)];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
        };
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes =
                    fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                files.insert(relative(root, &path), text);
            }
        }
    }
    // Generated files elsewhere (the mock gateway's table): read where they are expected.
    for file in &generated.files {
        if file.path.starts_with(&format!("{GENERATED_DIR}/")) {
            continue;
        }
        match fs::read_to_string(root.join(&file.path)) {
            Ok(text) => {
                files.insert(file.path.clone(), text);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot read {}: {e}", file.path)),
        }
    }
    Ok(OnDisk { files, manifest })
}

fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The public API change of every API module that differs from disk, as text ending in a
/// line break; empty when none differs.
fn api_changes(on_disk: &OnDisk, files: &[GeneratedFile]) -> String {
    let old: BTreeMap<&str, &str> = on_disk
        .files
        .iter()
        .filter(|(path, _)| is_api_module(path))
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = files
        .iter()
        .filter(|f| is_api_module(&f.path))
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let mut paths: BTreeSet<&str> = new.keys().copied().collect();
    paths.extend(old.keys().copied());
    let mut report = String::new();
    for path in paths {
        let before = old.get(path).copied();
        let after = new.get(path).copied();
        if before == after {
            continue;
        }
        let api = after.or(before).and_then(method_of).unwrap_or(path);
        let change = change::compare_generated(api, before, after);
        if report.is_empty() {
            report.push_str("public API changes (BREAKING: users' code may stop compiling):\n");
        }
        for line in change.to_string().lines() {
            report.push_str(&format!("  {line}\n"));
        }
    }
    report
}

/// `generated/src/apis/<group>/<api>.rs`, not a `mod.rs`.
fn is_api_module(path: &str) -> bool {
    path.strip_prefix(GENERATED_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|rest| rest.split('/').count() == 2 && !rest.ends_with("/mod.rs"))
}

/// The method a generated file names in its first line (`... from spec/<method>.yaml. ...`).
fn method_of(text: &str) -> Option<&str> {
    let first = text.lines().next()?;
    let start = first.find(" from spec/")? + " from spec/".len();
    let rest = &first[start..];
    rest.find(".yaml").map(|end| &rest[..end])
}

/// Makes the disk what the specs produce: obsolete files go, missing and changed files and
/// a stale manifest section are written.
fn write(
    root: &Path,
    generated: &Generated,
    on_disk: &OnDisk,
    differences: &[Difference],
) -> Result<(), String> {
    let wanted: BTreeSet<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    for path in on_disk.files.keys() {
        if !wanted.contains(path.as_str()) {
            let full = root.join(path);
            fs::remove_file(&full).map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
        }
    }
    remove_empty_dirs(&root.join(GENERATED_DIR));
    for file in &generated.files {
        if on_disk.files.get(&file.path) == Some(&file.contents) {
            continue;
        }
        let path: PathBuf = root.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if differences
        .iter()
        .any(|d| matches!(d, Difference::Manifest(_)))
    {
        let path = root.join(&generated.manifest.path);
        let spliced = generated.manifest.splice(&on_disk.manifest)?;
        fs::write(&path, spliced).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Group folders whose last API went away.
fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_empty_dirs(&path);
            let _ = fs::remove_dir(&path); // fails, as intended, when not empty
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_modules_are_the_files_one_group_deep_except_mod_rs() {
        assert!(is_api_module("generated/src/apis/alibaba_pos/order_pay.rs"));
        assert!(!is_api_module("generated/src/apis/alibaba_pos/mod.rs"));
        assert!(!is_api_module("generated/src/apis/mod.rs"));
        assert!(!is_api_module("generated/src/client.rs"));
    }

    #[test]
    fn the_method_comes_from_the_header_line() {
        let text = taobao_top_codegen::emit::header("spec/alibaba.pos.order.pay.yaml");
        assert_eq!(method_of(&text), Some("alibaba.pos.order.pay"));
        assert_eq!(method_of("fn main() {}"), None);
    }
}
