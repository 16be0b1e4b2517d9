//! `import <page.txt | dir>...`: documentation pages in, `spec/<method>.yaml` out (and each
//! page kept as `spec/pages/<method>.txt`, the evidence). Names a page cannot express (enum
//! and variant names) are kept from the spec being replaced. A folder means its `*.txt`
//! files, sorted. Every page is tried: the failures are reported together (file and line),
//! the rest are imported, and the command fails when any page did. For each page the public
//! API change against the spec it replaces is printed (`taobao_top_codegen::change`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use taobao_top_codegen::batch::{self, ImportedPage, PageError};

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    if args.is_empty() {
        return Err("usage: cargo xtask import <page.txt | folder>...".to_owned());
    }
    let mut failures: Vec<String> = Vec::new();
    let mut pages = Vec::new();
    for arg in args {
        match page_files(Path::new(arg)) {
            Ok(files) => {
                for file in files {
                    let shown = file.display().to_string();
                    match fs::read_to_string(&file) {
                        Ok(text) => pages.push((shown, text)),
                        Err(e) => failures.push(format!("{shown}: cannot read: {e}")),
                    }
                }
            }
            Err(message) => failures.push(format!("{arg}: {message}")),
        }
    }
    let specs = read_specs(root)?;
    let total = pages.len() + failures.len();
    for outcome in batch::import_pages(&pages, &specs) {
        match outcome.map_err(|e: PageError| e.to_string()) {
            Ok(page) => {
                if let Err(message) = write(root, &page, &pages) {
                    failures.push(format!("{}: {message}", page.page));
                } else {
                    report(&page);
                }
            }
            Err(message) => failures.push(message),
        }
    }
    if failures.is_empty() {
        println!("review the spec changes (git diff spec/), then run `cargo xtask regenerate`");
        Ok(())
    } else {
        Err(format!(
            "{} of {total} page(s) not imported (the others were):\n{}",
            failures.len(),
            failures.join("\n")
        ))
    }
}

/// A file stands for itself; a folder for its `*.txt` files, sorted.
fn page_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = fs::read_dir(path).map_err(|e| format!("cannot read the folder: {e}"))?;
    let mut files = Vec::new();
    for entry in entries {
        let file = entry
            .map_err(|e| format!("cannot read the folder: {e}"))?
            .path();
        if file.is_file() && file.extension().is_some_and(|ext| ext == "txt") {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err("no *.txt page in this folder".to_owned());
    }
    files.sort();
    Ok(files)
}

/// `method → text` of every `spec/*.yaml`; a spec that cannot be read is left out (the page
/// then imports as new, and writing it reports the problem).
fn read_specs(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let dir = root.join("spec");
    let entries = fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut specs = BTreeMap::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(method) = name.strip_suffix(".yaml")
            && let Ok(text) = fs::read_to_string(entry.path())
        {
            specs.insert(method.to_owned(), text);
        }
    }
    Ok(specs)
}

fn write(root: &Path, page: &ImportedPage, pages: &[(String, String)]) -> Result<(), String> {
    let imported = &page.imported;
    let spec_path = root.join(batch::spec_path(&imported.method));
    fs::write(&spec_path, &imported.yaml)
        .map_err(|e| format!("cannot write {}: {e}", spec_path.display()))?;
    let text = pages
        .iter()
        .find(|(path, _)| *path == page.page)
        .map(|(_, text)| text.as_str())
        .unwrap_or_default();
    let kept_page = root
        .join("spec")
        .join("pages")
        .join(format!("{}.txt", imported.method));
    if fs::read_to_string(&kept_page).ok().as_deref() != Some(text) {
        if let Some(parent) = kept_page.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&kept_page, text)
            .map_err(|e| format!("cannot write {}: {e}", kept_page.display()))?;
    }
    Ok(())
}

fn report(page: &ImportedPage) {
    let imported = &page.imported;
    println!(
        "{}: {} ({})",
        batch::spec_path(&imported.method),
        page.status,
        page.page
    );
    for kept in &imported.kept {
        println!("  kept from the existing spec: {kept}");
    }
    for mismatch in &imported.mismatches {
        println!("  the page contradicts itself: {mismatch}");
    }
    if page.status != batch::Status::Unchanged {
        for line in page.change.to_string().lines() {
            println!("  {line}");
        }
    }
}
