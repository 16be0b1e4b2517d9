//! `import <page.txt>...`: a documentation page in, `spec/<method>.yaml` out (and the page
//! kept as `spec/pages/<method>.txt`, the evidence). Names a page cannot express (enum and
//! variant names) are kept from the spec being replaced.

use std::fs;
use std::path::Path;

pub fn run(root: &Path, pages: &[&str]) -> Result<(), String> {
    if pages.is_empty() {
        return Err("usage: cargo xtask import <page.txt>...".to_owned());
    }
    let mut failures = Vec::new();
    for page in pages {
        if let Err(message) = import_one(root, Path::new(page)) {
            failures.push(format!("{page}: {message}"));
        }
    }
    if failures.is_empty() {
        println!("review the spec changes (git diff spec/), then run `cargo xtask regenerate`");
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn import_one(root: &Path, page_path: &Path) -> Result<(), String> {
    let page = fs::read_to_string(page_path).map_err(|e| format!("cannot read: {e}"))?;
    // A first pass learns the method, to find the spec it replaces.
    let first = taobao_top_codegen::import::import(&page, None).map_err(|e| e.to_string())?;
    let spec_path = root.join("spec").join(format!("{}.yaml", first.method));
    let existing = fs::read_to_string(&spec_path).ok();
    let imported = match &existing {
        Some(text) => {
            taobao_top_codegen::import::import(&page, Some(text)).map_err(|e| e.to_string())?
        }
        None => first,
    };
    let status = match &existing {
        None => "new",
        Some(text) if *text == imported.yaml => "unchanged",
        Some(_) => "updated",
    };
    fs::write(&spec_path, &imported.yaml)
        .map_err(|e| format!("cannot write {}: {e}", spec_path.display()))?;
    let kept_page = root
        .join("spec")
        .join("pages")
        .join(format!("{}.txt", imported.method));
    if fs::read_to_string(&kept_page).ok().as_deref() != Some(page.as_str()) {
        if let Some(parent) = kept_page.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&kept_page, &page)
            .map_err(|e| format!("cannot write {}: {e}", kept_page.display()))?;
    }
    println!("spec/{}.yaml: {status}", imported.method);
    for kept in &imported.kept {
        println!("  kept from the existing spec: {kept}");
    }
    for mismatch in &imported.mismatches {
        println!("  the page contradicts itself: {mismatch}");
    }
    Ok(())
}
