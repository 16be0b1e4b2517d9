//! Importing many pages at once (`cargo xtask import dir/ a.txt b.txt`): every page is tried,
//! every failure is reported with its page and line, the others are imported. Pure: pages
//! and the current specs come in as text, outcomes go out; `xtask` reads and writes files.

use std::collections::BTreeMap;
use std::fmt;

use crate::change::{self, ApiChange};
use crate::import::{self, Imported};

/// Why one page of a batch was not imported: `page.txt:12: message` (the line when known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError {
    /// The page's path, as given.
    pub page: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.page)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PageError {}

/// What importing a page does to `spec/<method>.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    New,
    Updated,
    Unchanged,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::New => "new",
            Status::Updated => "updated",
            Status::Unchanged => "unchanged",
        })
    }
}

/// A page imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedPage {
    pub page: String,
    pub imported: Imported,
    pub status: Status,
    /// The public API change against the spec it replaces (for a new API: `Added`).
    pub change: ApiChange,
}

/// The spec path of a method, repo-relative.
pub fn spec_path(method: &str) -> String {
    format!("spec/{method}.yaml")
}

/// Imports `pages` (`(path, text)`, in the order given) against the current specs
/// (`method → spec text`). One outcome per page, in the same order. A second page of the
/// batch documenting the same method as an earlier one is refused: which one should win
/// is for the user to say.
pub fn import_pages(
    pages: &[(String, String)],
    specs: &BTreeMap<String, String>,
) -> Vec<Result<ImportedPage, PageError>> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut outcomes = Vec::with_capacity(pages.len());
    for (path, text) in pages {
        let outcome = import_page(path, text, specs).and_then(|page| {
            if let Some(first) = seen.get(&page.imported.method) {
                return Err(PageError {
                    page: path.clone(),
                    line: None,
                    message: format!(
                        "documents `{}` like {first}, earlier in this batch: import one of them",
                        page.imported.method
                    ),
                });
            }
            seen.insert(page.imported.method.clone(), path);
            Ok(page)
        });
        outcomes.push(outcome);
    }
    outcomes
}

/// Imports one page against the current specs.
pub fn import_page(
    path: &str,
    text: &str,
    specs: &BTreeMap<String, String>,
) -> Result<ImportedPage, PageError> {
    let failed = |error: import::ImportError| PageError {
        page: path.to_owned(),
        line: error.line,
        message: error.message,
    };
    // A first pass learns the method, to find the spec it replaces.
    let first = import::import(text, None).map_err(failed)?;
    let existing = specs.get(&first.method);
    let imported = match existing {
        Some(existing) => import::import(text, Some(existing)).map_err(failed)?,
        None => first,
    };
    let status = match existing {
        None => Status::New,
        Some(existing) if *existing == imported.yaml => Status::Unchanged,
        Some(_) => Status::Updated,
    };
    let spec_file = spec_path(&imported.method);
    let change = match existing {
        None => ApiChange::added(&imported.method),
        Some(existing) => {
            let compared = crate::load(&spec_file, existing)
                .and_then(|old| Ok((old, crate::load(&spec_file, &imported.yaml)?)))
                .and_then(|(old, new)| change::compare(&old, &new));
            compared.unwrap_or_else(|error| ApiChange {
                api: imported.method.clone(),
                kind: change::ApiChangeKind::Changed,
                changes: vec![change::Change {
                    subject: "(spec)".to_owned(),
                    what: format!("cannot compare with the previous spec: {error}"),
                    breaking: true,
                }],
            })
        }
    };
    Ok(ImportedPage {
        page: path.to_owned(),
        imported,
        status,
        change,
    })
}
