//! The part of `generated/Cargo.toml` that `cargo xtask regenerate` owns: one cargo feature
//! per API group and `full` for all of them, written between two marker lines inside the
//! hand-written `[features]` table (which keeps `default`, `blocking` and their comments).
//!
//! Pure text, like the rest of the generator: [`features_section`] makes the lines and
//! [`ManifestSection::splice`] puts them into the manifest's text; `xtask` reads and writes
//! the file, and `regenerate --check` compares the spliced text with the file.

use std::collections::BTreeMap;

use crate::ir::Api;

/// The manifest, repo-relative.
pub const MANIFEST_PATH: &str = "generated/Cargo.toml";

/// The line after which the generated features start.
pub const BEGIN_MARKER: &str = "# @generated begin: one feature per API group, written by `cargo xtask regenerate` from spec/. Do not edit until the end marker.";

/// The line before which the generated features end.
pub const END_MARKER: &str = "# @generated end";

/// The feature that enables every group.
pub const FULL: &str = "full";

/// Features the manifest declares by hand (or cargo reserves): no group may be called so.
pub const RESERVED: &[&str] = &["default", FULL, "blocking"];

/// The generated lines of a manifest and the file they belong to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestSection {
    /// Repo-relative path of the manifest ([`MANIFEST_PATH`]).
    pub path: String,
    /// Everything between the marker lines, each line ending in `\n`.
    pub contents: String,
}

impl ManifestSection {
    /// `manifest` with the lines between [`BEGIN_MARKER`] and [`END_MARKER`] replaced by
    /// [`Self::contents`]; everything else, the markers included, kept byte for byte.
    ///
    /// Fails, saying what to fix, unless each marker is on a line of its own exactly once
    /// and the begin marker comes first.
    pub fn splice(&self, manifest: &str) -> Result<String, String> {
        let begin = self.marker(manifest, BEGIN_MARKER)?;
        let end = self.marker(manifest, END_MARKER)?;
        if end.start < begin.end {
            return Err(format!(
                "{}: the line `{END_MARKER}` must come after the line `{BEGIN_MARKER}`",
                self.path
            ));
        }
        let mut spliced = String::with_capacity(manifest.len() + self.contents.len());
        spliced.push_str(&manifest[..begin.end]);
        spliced.push_str(&self.contents);
        spliced.push_str(&manifest[end.start..]);
        Ok(spliced)
    }

    /// The byte range of the one line of `manifest` that is `marker` (the line break
    /// included), or an error naming the file.
    fn marker(&self, manifest: &str, marker: &str) -> Result<std::ops::Range<usize>, String> {
        let mut found = Vec::new();
        let mut start = 0;
        for line in manifest.split_inclusive('\n') {
            if line.trim() == marker {
                found.push(start..start + line.len());
            }
            start += line.len();
        }
        match found.as_slice() {
            [range] if manifest[..range.end].ends_with('\n') || marker == END_MARKER => {
                Ok(range.clone())
            }
            [_] => Err(format!(
                "{}: the line `{marker}` must end with a line break",
                self.path
            )),
            [] => Err(format!(
                "{}: the line `{marker}` is missing: put `{BEGIN_MARKER}` and `{END_MARKER}` \
                 on lines of their own inside `[features]`; `cargo xtask regenerate` writes \
                 one feature per API group between them",
                self.path
            )),
            _ => Err(format!(
                "{}: the line `{marker}` appears {} times: keep exactly one",
                self.path,
                found.len()
            )),
        }
    }
}

/// `Ok` for a name cargo accepts as a feature and that is not one of [`RESERVED`]; the
/// message says why otherwise. Group names come from validated method names, so this holds
/// for every valid spec; it is checked anyway so that no input writes a broken manifest.
pub fn check_feature_name(name: &str) -> Result<(), String> {
    let well_formed = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !well_formed {
        return Err(format!(
            "`{name}` cannot be the cargo feature of an API group: expected lowercase \
             letters, digits and `-`, starting with a letter"
        ));
    }
    if RESERVED.contains(&name) {
        return Err(format!(
            "`{name}` cannot be the cargo feature of an API group: the manifest declares it \
             by hand"
        ));
    }
    Ok(())
}

/// One API group, one cargo feature: what the generated manifest declares, taken from the IR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiGroup {
    /// `alibaba-pos`: the cargo feature.
    pub feature: String,
    /// `alibaba_pos`: the module under `apis`.
    pub module: String,
    /// `alibaba.pos`: its methods' first two segments.
    pub prefix: String,
    pub apis: usize,
}

/// The groups of `apis` (any order), sorted by feature.
pub fn api_groups(apis: &[&Api]) -> Vec<ApiGroup> {
    // feature -> (group module, first method in byte order, API count)
    let mut groups: BTreeMap<&str, (&str, &str, usize)> = BTreeMap::new();
    for api in apis {
        let entry = groups
            .entry(api.feature.as_str())
            .or_insert((&api.group.text, &api.method, 0));
        if api.method.as_str() < entry.1 {
            entry.1 = &api.method;
        }
        entry.2 += 1;
    }
    groups
        .into_iter()
        .map(|(feature, (module, method, apis))| ApiGroup {
            feature: feature.to_owned(),
            module: module.to_owned(),
            prefix: method.split('.').take(2).collect::<Vec<_>>().join("."),
            apis,
        })
        .collect()
}

/// The generated `[features]` lines for `groups` ([`api_groups`]): `full`, listing every
/// group, then one empty feature per group, each under a comment naming its methods' prefix
/// and counting its APIs.
pub fn features_section(groups: &[ApiGroup]) -> ManifestSection {
    let mut contents = String::new();
    contents.push_str("# Every API group.\n");
    if groups.is_empty() {
        contents.push_str(&format!("{FULL} = []\n"));
    } else {
        contents.push_str(&format!("{FULL} = [\n"));
        for group in groups {
            contents.push_str(&format!("    \"{}\",\n", group.feature));
        }
        contents.push_str("]\n");
    }
    for group in groups {
        let apis = if group.apis == 1 { "API" } else { "APIs" };
        contents.push_str(&format!(
            "# `apis::{}`: {} {apis}, `{}.*`.\n{} = []\n",
            group.module, group.apis, group.prefix, group.feature
        ));
    }
    ManifestSection {
        path: MANIFEST_PATH.to_owned(),
        contents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(contents: &str) -> ManifestSection {
        ManifestSection {
            path: MANIFEST_PATH.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn splicing_replaces_only_the_lines_between_the_markers() {
        let manifest = format!(
            "[features]\ndefault = []\n{BEGIN_MARKER}\nold = []\n{END_MARKER}\n\n[dependencies]\n"
        );
        let spliced = section("a-b = []\n").splice(&manifest).expect("markers");
        assert_eq!(
            spliced,
            format!(
                "[features]\ndefault = []\n{BEGIN_MARKER}\na-b = []\n{END_MARKER}\n\n[dependencies]\n"
            )
        );
        // Splicing again changes nothing; CRLF line breaks and indentation are kept.
        assert_eq!(section("a-b = []\n").splice(&spliced).unwrap(), spliced);
        let crlf = format!("  {BEGIN_MARKER}\r\nx = []\r\n{END_MARKER}");
        assert_eq!(
            section("").splice(&crlf).unwrap(),
            format!("  {BEGIN_MARKER}\r\n{END_MARKER}")
        );
    }

    #[test]
    fn splicing_refuses_missing_repeated_or_reversed_markers() {
        let errors = [
            "[features]\n".to_owned(),
            format!("{BEGIN_MARKER}\n"),
            format!("{BEGIN_MARKER}\n{BEGIN_MARKER}\n{END_MARKER}\n"),
            format!("{END_MARKER}\n{BEGIN_MARKER}\n"),
            format!("{BEGIN_MARKER}{END_MARKER}\n"),
            BEGIN_MARKER.to_owned(),
        ]
        .map(|manifest| section("").splice(&manifest).expect_err(&manifest));
        assert!(errors[0].contains("is missing"), "{}", errors[0]);
        assert!(errors[1].contains(END_MARKER), "{}", errors[1]);
        assert!(errors[2].contains("appears 2 times"), "{}", errors[2]);
        assert!(errors[3].contains("must come after"), "{}", errors[3]);
        assert!(errors[4].contains("is missing"), "{}", errors[4]);
        assert!(errors[5].contains("line break"), "{}", errors[5]);
        assert!(errors.iter().all(|e| e.starts_with(MANIFEST_PATH)));
    }

    #[test]
    fn feature_names_are_cargo_names_and_never_the_hand_written_ones() {
        assert!(check_feature_name("alibaba-pos").is_ok());
        assert!(check_feature_name("taobao-pos2").is_ok());
        for bad in [
            "",
            "-pos",
            "Alibaba-pos",
            "a_b",
            "a.b",
            "2a",
            "full",
            "default",
            "blocking",
        ] {
            assert!(check_feature_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn groups_come_from_the_ir_and_make_the_features() {
        // One fixture spec, placed in three methods of two groups: only the IR's method,
        // group and feature matter here.
        let path = "../tests/fixtures/edge-specs/test.edge.cases.yaml";
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .expect("the edge-case fixture");
        let fixture = crate::load(path, &text).expect("the edge-case fixture loads");
        let api = |method: &str, group: &str, feature: &str| {
            let mut api = fixture.clone();
            api.method = method.to_owned();
            api.group = crate::names::RustName::new(group.to_owned());
            api.feature = feature.to_owned();
            api
        };
        let apis = [
            api("b.c.two", "b_c", "b-c"),
            api("a.b.one", "a_b", "a-b"),
            api("b.c.one", "b_c", "b-c"),
        ];
        let groups = api_groups(&apis.iter().collect::<Vec<_>>());
        let declared: Vec<(&str, &str, &str, usize)> = groups
            .iter()
            .map(|g| {
                (
                    g.feature.as_str(),
                    g.module.as_str(),
                    g.prefix.as_str(),
                    g.apis,
                )
            })
            .collect();
        assert_eq!(
            declared,
            [("a-b", "a_b", "a.b", 1), ("b-c", "b_c", "b.c", 2)]
        );
        assert_eq!(
            features_section(&groups).contents,
            "# Every API group.\nfull = [\n    \"a-b\",\n    \"b-c\",\n]\n\
             # `apis::a_b`: 1 API, `a.b.*`.\na-b = []\n\
             # `apis::b_c`: 2 APIs, `b.c.*`.\nb-c = []\n"
        );
    }

    #[test]
    fn no_group_still_declares_full() {
        assert_eq!(
            features_section(&[]).contents,
            "# Every API group.\nfull = []\n"
        );
    }
}
