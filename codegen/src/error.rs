//! The one error type of the generator: where (file, field path, line) and what.

use std::fmt;

/// A problem found in a spec file. `Display` prints one line:
/// `spec/x.yaml:12: request[1].type: unknown type "Strin"` (the line only when known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file, as given to the loader (repo-relative).
    pub file: String,
    /// The dotted path of the offending key (`request[1].fields[0].type`), empty for the file itself.
    pub path: String,
    /// 1-based line, when the YAML parser knows it.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl SpecError {
    pub(crate) fn new(file: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecError {}
