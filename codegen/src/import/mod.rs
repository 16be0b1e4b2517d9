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

/// A spec made from a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub method: String,
    /// The spec file's text.
    pub yaml: String,
    /// What was carried over from the existing spec (hand-given enum and variant names).
    pub kept: Vec<String>,
    /// Documented examples left out because they contradict their type (`date` for a Date):
    /// a spec's examples must be values of their types.
    pub dropped: Vec<String>,
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
    let (mut spec, kept) = build::build(&page, existing.as_ref())?;
    spec.errors = errors::parse(page_text)?;
    let mut dropped = Vec::new();
    for (index, field) in spec.request.iter_mut().enumerate() {
        drop_bad_request_example(&format!("request[{index}]"), field, &mut dropped);
    }
    for (index, field) in spec.response.fields.iter_mut().enumerate() {
        drop_bad_response_example(&format!("response.fields[{index}]"), field, &mut dropped);
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
    // What we write must load and validate like any hand-written spec.
    let file = format!("{}.yaml", spec.method);
    crate::load(&file, &yaml)
        .map_err(|e| ImportError::page(format!("the imported spec is invalid: {e}")))?;
    Ok(Imported {
        method: spec.method,
        yaml,
        kept,
        dropped,
    })
}

fn dropped_note(path: &str, name: &str, problem: &str) -> String {
    format!("{path}.example of `{name}` left out: {problem}")
}

fn drop_bad_request_example(
    path: &str,
    field: &mut crate::spec::RequestField,
    dropped: &mut Vec<String>,
) {
    if let Some(example) = &field.example
        && let Some(problem) =
            crate::lower::spec_example_problem(&field.ty, field.enumeration.as_ref(), example)
    {
        dropped.push(dropped_note(path, &field.name, &problem));
        field.example = None;
    }
    for (index, child) in field.fields.iter_mut().flatten().enumerate() {
        drop_bad_request_example(&format!("{path}.fields[{index}]"), child, dropped);
    }
}

fn drop_bad_response_example(
    path: &str,
    field: &mut crate::spec::ResponseField,
    dropped: &mut Vec<String>,
) {
    if let Some(example) = &field.example
        && let Some(problem) =
            crate::lower::spec_example_problem(&field.ty, field.enumeration.as_ref(), example)
    {
        dropped.push(dropped_note(path, &field.name, &problem));
        field.example = None;
    }
    for (index, child) in field.fields.iter_mut().flatten().enumerate() {
        drop_bad_response_example(&format!("{path}.fields[{index}]"), child, dropped);
    }
}
