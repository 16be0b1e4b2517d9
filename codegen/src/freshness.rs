//! Is the committed generated code what the specs produce? [`differences`] compares the
//! generator's output with a snapshot of the disk ([`OnDisk`]) and says, file by file, what
//! `cargo xtask regenerate` would change.
//!
//! Pure, like the rest of the generator: reading the snapshot is `xtask`'s job, and
//! `regenerate --check` and the tests' freshness test both call `xtask`'s one reader and
//! then this one function, so the command and the test cannot disagree.

use std::collections::BTreeMap;
use std::fmt;

use crate::Generated;

/// What is on disk of what [`Generated`] describes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OnDisk {
    /// Every file under [`crate::emit::GENERATED_DIR`], generated or not, and those of the
    /// generated files elsewhere ([`crate::emit::GATEWAY_TABLE`]) that exist: repo-relative
    /// path with `/` separators, to its text.
    pub files: BTreeMap<String, String>,
    /// The text of the crate's manifest ([`crate::manifest::ManifestSection::path`]).
    pub manifest: String,
}

/// One thing on disk that is not what the specs produce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// A file the specs produce is not on disk.
    Missing(String),
    /// A file the specs produce is on disk with other contents.
    Changed(String),
    /// A file under the generated folder that no spec produces.
    Obsolete(String),
    /// The manifest (its path) holds other lines between its `@generated` markers.
    Manifest(String),
}

impl Difference {
    /// The repo-relative path of the file that differs.
    pub fn path(&self) -> &str {
        match self {
            Difference::Missing(path)
            | Difference::Changed(path)
            | Difference::Obsolete(path)
            | Difference::Manifest(path) => path,
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Missing(path) => write!(f, "missing:  {path}"),
            Difference::Changed(path) => write!(f, "changed:  {path}"),
            Difference::Obsolete(path) => write!(f, "obsolete: {path}"),
            Difference::Manifest(path) => write!(
                f,
                "changed:  {path} (the features between its @generated markers)"
            ),
        }
    }
}

/// What differs between `on_disk` and `generated`: the missing and changed files in the
/// order of [`Generated::files`], then the obsolete ones sorted, then the manifest. Empty
/// when the disk is fresh.
///
/// Fails, with [`crate::manifest::ManifestSection::splice`]'s message, when the manifest's
/// markers cannot be found: then there is no place to compare the features at.
pub fn differences(generated: &Generated, on_disk: &OnDisk) -> Result<Vec<Difference>, String> {
    let mut differences = Vec::new();
    let mut unclaimed: BTreeMap<&str, &str> = on_disk
        .files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    for file in &generated.files {
        match unclaimed.remove(file.path.as_str()) {
            None => differences.push(Difference::Missing(file.path.clone())),
            Some(text) if text != file.contents => {
                differences.push(Difference::Changed(file.path.clone()));
            }
            Some(_) => {}
        }
    }
    differences.extend(
        unclaimed
            .into_keys()
            .map(|path| Difference::Obsolete(path.to_owned())),
    );
    if generated.manifest.splice(&on_disk.manifest)? != on_disk.manifest {
        differences.push(Difference::Manifest(generated.manifest.path.clone()));
    }
    Ok(differences)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GeneratedFile;
    use crate::manifest::{BEGIN_MARKER, END_MARKER, MANIFEST_PATH, ManifestSection};

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    fn manifest(features: &str) -> String {
        format!("[features]\n{BEGIN_MARKER}\n{features}{END_MARKER}\n")
    }

    fn generated() -> Generated {
        Generated {
            files: vec![
                file("generated/src/apis/a/one.rs", "one\n"),
                file("generated/src/apis/a/two.rs", "two\n"),
                file("generated/src/apis/mod.rs", "root\n"),
            ],
            manifest: ManifestSection {
                path: MANIFEST_PATH.to_owned(),
                contents: "a = []\n".to_owned(),
            },
            groups: Vec::new(),
        }
    }

    /// The disk as `regenerate` leaves it.
    fn fresh() -> OnDisk {
        let generated = generated();
        OnDisk {
            files: generated
                .files
                .into_iter()
                .map(|file| (file.path, file.contents))
                .collect(),
            manifest: manifest("a = []\n"),
        }
    }

    #[test]
    fn what_regenerate_writes_has_no_difference() {
        assert_eq!(differences(&generated(), &fresh()), Ok(Vec::new()));
    }

    #[test]
    fn each_kind_of_difference_is_found_and_named_in_order() {
        let mut disk = fresh();
        disk.files.remove("generated/src/apis/a/one.rs");
        disk.files.insert(
            "generated/src/apis/a/two.rs".to_owned(),
            "edited\n".to_owned(),
        );
        disk.files.insert(
            "generated/src/apis/b/gone.rs".to_owned(),
            "old\n".to_owned(),
        );
        disk.files
            .insert("generated/src/apis/a/notes.txt".to_owned(), "".to_owned());
        disk.manifest = manifest("a = []\nb = []\n");
        let found = differences(&generated(), &disk).expect("markers");
        assert_eq!(
            found,
            [
                Difference::Missing("generated/src/apis/a/one.rs".to_owned()),
                Difference::Changed("generated/src/apis/a/two.rs".to_owned()),
                Difference::Obsolete("generated/src/apis/a/notes.txt".to_owned()),
                Difference::Obsolete("generated/src/apis/b/gone.rs".to_owned()),
                Difference::Manifest(MANIFEST_PATH.to_owned()),
            ]
        );
        let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "missing:  generated/src/apis/a/one.rs",
                "changed:  generated/src/apis/a/two.rs",
                "obsolete: generated/src/apis/a/notes.txt",
                "obsolete: generated/src/apis/b/gone.rs",
                "changed:  generated/Cargo.toml (the features between its @generated markers)",
            ]
        );
        assert_eq!(found[4].path(), MANIFEST_PATH);
    }

    #[test]
    fn only_the_lines_between_the_markers_count_in_the_manifest() {
        let mut disk = fresh();
        disk.manifest = format!("# hand-written\n{}[dependencies]\n", manifest("a = []\n"));
        assert_eq!(differences(&generated(), &disk), Ok(Vec::new()));
    }

    #[test]
    fn an_empty_disk_misses_every_file() {
        let disk = OnDisk {
            files: BTreeMap::new(),
            manifest: manifest(""),
        };
        let found = differences(&generated(), &disk).expect("markers");
        assert_eq!(found.len(), 4);
        assert!(
            found[..3]
                .iter()
                .all(|d| matches!(d, Difference::Missing(_)))
        );
        assert_eq!(found[3], Difference::Manifest(MANIFEST_PATH.to_owned()));
    }

    #[test]
    fn a_manifest_without_markers_is_an_error_naming_it() {
        let mut disk = fresh();
        disk.manifest = "[features]\n".to_owned();
        let error = differences(&generated(), &disk).expect_err("no markers");
        assert!(error.starts_with(MANIFEST_PATH), "{error}");
        assert!(error.contains("is missing"), "{error}");
    }
}
