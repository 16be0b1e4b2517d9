//! `regenerate [--check]`: spec files in, generated files out; `xtask` owns
//! `generated/src/apis/` and deletes what no spec produces any more, and the lines between
//! the `@generated` markers of `generated/Cargo.toml` (one feature per API group).
//!
//! Both modes also print, per API whose module file differs, the change of its public API
//! (`taobao_top_codegen::change`): the committed file on disk is the previous state, the
//! file the specs produce now the new one. No git and no previous spec needed, and in CI
//! `--check` says what the stale code would change for users, not only that it is stale.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use taobao_top_codegen::manifest::ManifestSection;
use taobao_top_codegen::{GeneratedFile, change, emit::GENERATED_DIR};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let specs = read_specs(root)?;
    let generated = taobao_top_codegen::generate_crate(&specs).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("{} spec error(s):\n{}", errors.len(), lines.join("\n"))
    })?;
    let files = generated.files;
    let manifest = Manifest::read(root, &generated.manifest)?;
    let mut stale = stale_files(root, &files)?;
    if manifest.is_stale() {
        stale.push(format!(
            "changed:  {} (the features between its @generated markers)",
            generated.manifest.path
        ));
    }
    let changes = if mode == Mode::Write && !stale.is_empty() {
        api_changes(root, &files)?
    } else {
        String::new()
    };
    match mode {
        Mode::Check if stale.is_empty() => {
            println!(
                "generated code is up to date ({} files and the features of {})",
                files.len(),
                generated.manifest.path
            );
            Ok(())
        }
        Mode::Check => Err(format!(
            "generated code is stale:\n{}\n{}run `cargo xtask regenerate` and commit the result",
            stale
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n"),
            api_changes(root, &files)?,
        )),
        Mode::Write => {
            write(root, &files)?;
            manifest.write()?;
            if stale.is_empty() {
                println!(
                    "generated code is up to date ({} files and the features of {})",
                    files.len(),
                    generated.manifest.path
                );
            } else {
                for line in &stale {
                    println!("{line}");
                }
                print!("{changes}");
            }
            Ok(())
        }
    }
}

/// The crate manifest as on disk and with the generated features spliced in.
struct Manifest {
    path: PathBuf,
    on_disk: String,
    spliced: String,
}

impl Manifest {
    fn read(root: &Path, section: &ManifestSection) -> Result<Manifest, String> {
        let path = root.join(&section.path);
        let on_disk = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let spliced = section.splice(&on_disk)?;
        Ok(Manifest {
            path,
            on_disk,
            spliced,
        })
    }

    fn is_stale(&self) -> bool {
        self.on_disk != self.spliced
    }

    fn write(&self) -> Result<(), String> {
        if !self.is_stale() {
            return Ok(());
        }
        fs::write(&self.path, &self.spliced)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
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

/// Every file under the generated folder, repo-relative with `/` separators.
fn existing_files(root: &Path) -> Result<BTreeSet<String>, String> {
    let mut found = BTreeSet::new();
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
                found.insert(relative(root, &path));
            }
        }
    }
    Ok(found)
}

fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What differs between disk and the generator's output, one line per file.
fn stale_files(root: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    let mut existing = existing_files(root)?;
    for file in files {
        let on_disk = fs::read_to_string(root.join(&file.path)).ok();
        existing.remove(&file.path);
        match on_disk {
            None => stale.push(format!("missing:  {}", file.path)),
            Some(text) if text != file.contents => stale.push(format!("changed:  {}", file.path)),
            Some(_) => {}
        }
    }
    stale.extend(existing.into_iter().map(|path| format!("obsolete: {path}")));
    Ok(stale)
}

/// The public API change of every API module that differs from disk, as text ending in a
/// line break; empty when none differs.
fn api_changes(root: &Path, files: &[GeneratedFile]) -> Result<String, String> {
    let mut old: BTreeMap<String, String> = BTreeMap::new();
    for path in existing_files(root)? {
        if is_api_module(&path)
            && let Ok(text) = fs::read_to_string(root.join(&path))
        {
            old.insert(path, text);
        }
    }
    let new: BTreeMap<&str, &str> = files
        .iter()
        .filter(|f| is_api_module(&f.path))
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let mut paths: BTreeSet<&str> = new.keys().copied().collect();
    paths.extend(old.keys().map(String::as_str));
    let mut report = String::new();
    for path in paths {
        let before = old.get(path).map(String::as_str);
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
    Ok(report)
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

fn write(root: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in existing_files(root)? {
        if !wanted.contains(path.as_str()) {
            let full = root.join(&path);
            fs::remove_file(&full).map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
        }
    }
    remove_empty_dirs(&root.join(GENERATED_DIR));
    for file in files {
        let path: PathBuf = root.join(&file.path);
        if fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
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
