//! `cargo xtask import`: a TOP documentation page (its text, as copied from the browser) in,
//! a spec out. Pure: text in, text out; `xtask` reads and writes the files.
//!
//! Pages lose information (nesting depth, which trailing token is an example and which a
//! description), so the importer decides by evidence: the Java sample's setter chain and
//! literals for requests, the XML example's tree and values for responses. When the
//! evidence does not decide, or the page contradicts itself, it stops with an error naming
//! the line, rather than writing a wrong spec.

mod build;
mod enums;
mod errors;
mod java;
mod json;
mod page;
mod render;
mod xml;
mod yaml;

use std::fmt;

/// Why a page could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line of the page, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl ImportError {
    pub(crate) fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }

    pub(crate) fn page(message: impl Into<String>) -> Self {
        Self {
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// A documented example that is not a value of its field's type (`unfroze` for a Number,
/// `[1001]` for an item of a `Number []`): the spec keeps it as `mismatched_example`, for the
/// docs, and no test or doc example uses it as a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleMismatch {
    /// 1-based line of the field's row on the page.
    pub line: Option<usize>,
    /// The field's path in the spec (`response.fields[0].fields[2]`).
    pub path: String,
    /// The field's dotted wire path (`result.item_ids`).
    pub field: String,
    pub example: String,
    pub problem: String,
}

impl fmt::Display for ExampleMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        write!(
            f,
            "the example of `{}` ({}) is not a value of its type: {}; kept as `mismatched_example`",
            self.field, self.path, self.problem
        )
    }
}

/// A spec made from a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub method: String,
    /// The spec file's text.
    pub yaml: String,
    /// What was carried over from the existing spec (hand-given enum and variant names).
    pub kept: Vec<String>,
    /// Documented examples that contradict their type, each with its page line: a spec's
    /// `example` must be a value of its type, so these are kept as `mismatched_example`.
    pub mismatches: Vec<ExampleMismatch>,
}

/// Imports a page. `existing` is the current text of the spec, if there is one: the parts a
/// page cannot express (enum and variant names) are kept from it.
///
/// A page in the table ("|") rendering is first rewritten into the plain one (`render`);
/// errors still name the lines of the page as given.
pub fn import(page_text: &str, existing: Option<&str>) -> Result<Imported, ImportError> {
    match render::normalize(page_text)? {
        None => import_plain(page_text, existing),
        Some(normalized) => import_plain(&normalized.text, existing).map_err(|mut error| {
            error.line = error.line.map(|line| normalized.page_line(line));
            error
        }),
    }
}

fn import_plain(page_text: &str, existing: Option<&str>) -> Result<Imported, ImportError> {
    let page = page::Page::parse(page_text)?;
    let existing = match existing {
        Some(text) => Some(
            crate::spec::parse("existing spec", text)
                .map_err(|e| ImportError::page(format!("the existing spec does not load: {e}")))?,
        ),
        None => None,
    };
    let (mut spec, kept, lines) = build::build(&page, existing.as_ref())?;
    spec.errors = errors::parse(page_text)?;
    let mut mismatches = Vec::new();
    let mut marker = Marker {
        lines: &lines,
        found: &mut mismatches,
    };
    for (index, field) in spec.request.iter_mut().enumerate() {
        marker.mark("request", &format!("request[{index}]"), "", field);
    }
    for (index, field) in spec.response.fields.iter_mut().enumerate() {
        marker.mark("response", &format!("response.fields[{index}]"), "", field);
    }
    let yaml = yaml::write(&spec);
    // What we write must read back as exactly what we meant, character for character.
    let reread = crate::spec::parse(&format!("{}.yaml", spec.method), &yaml)
        .map_err(|e| ImportError::page(format!("the imported spec does not read back: {e}")))?;
    if reread != spec {
        return Err(ImportError::page(
            "the imported spec does not read back as written (a bug in the YAML writer)",
        ));
    }
    // What we write must load and validate like any hand-written spec. What the loader
    // refuses in a row (a limit on a type that has none) is the page's problem: its line.
    let file = format!("{}.yaml", spec.method);
    crate::load(&file, &yaml).map_err(|e| match build::row_of(&spec, &e.path, &lines) {
        Some((wire, line)) => ImportError::at(line, format!("`{wire}`: {}", e.message)),
        None => ImportError::page(format!("the imported spec is invalid: {e}")),
    })?;
    Ok(Imported {
        method: spec.method,
        yaml,
        kept,
        mismatches,
    })
}

/// Moves each example that is not a value of its type to `mismatched_example`.
struct Marker<'a> {
    /// Page lines by `request <wire path>` / `response <wire path>`.
    lines: &'a build::RowLines,
    found: &'a mut Vec<ExampleMismatch>,
}

impl Marker<'_> {
    /// Moves the example of `field` (at spec path `path`, under the wire path `prefix`;
    /// `side` is `request` or `response`) and of its fields to `mismatched_example` where
    /// it is not a value of the field's type.
    fn mark(&mut self, side: &str, path: &str, prefix: &str, field: &mut crate::spec::Field) {
        let wire = build::join(prefix, &field.name);
        let problem = match (crate::types::TypeRef::parse(&field.ty), &field.example) {
            (Some(ty), Some(text)) => crate::values::problem(&ty, field.enumeration.as_ref(), text),
            _ => None,
        };
        if let Some(problem) = problem
            && let Some(text) = field.example.take()
        {
            self.found.push(ExampleMismatch {
                line: self.lines.get(&format!("{side} {wire}")).copied(),
                path: path.to_owned(),
                field: wire.clone(),
                example: text.clone(),
                problem: problem.message,
            });
            field.mismatched_example = Some(text);
        }
        for (index, child) in field.fields.iter_mut().flatten().enumerate() {
            self.mark(side, &format!("{path}.fields[{index}]"), &wire, child);
        }
    }
}
