//! `regenerate [--check]`: spec files in, generated files out; `xtask` owns
//! `generated/src/apis/` and deletes what no spec produces any more.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use taobao_top_codegen::{GeneratedFile, emit::GENERATED_DIR};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let specs = read_specs(root)?;
    let files = taobao_top_codegen::generate(&specs).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("{} spec error(s):\n{}", errors.len(), lines.join("\n"))
    })?;
    let stale = stale_files(root, &files)?;
    match mode {
        Mode::Check if stale.is_empty() => {
            println!("generated code is up to date ({} files)", files.len());
            Ok(())
        }
        Mode::Check => Err(format!(
            "generated code is stale:\n{}\nrun `cargo xtask regenerate` and commit the result",
            stale
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        )),
        Mode::Write => {
            write(root, &files)?;
            if stale.is_empty() {
                println!("generated code is up to date ({} files)", files.len());
            } else {
                for line in &stale {
                    println!("{line}");
                }
            }
            Ok(())
        }
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
