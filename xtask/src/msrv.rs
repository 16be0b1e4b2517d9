//! `msrv`: fails when a package of the workspace's resolved dependency graph declares a
//! `rust-version` above the workspace's, or when a member does not declare the workspace's.
//!
//! The graph is `cargo metadata`'s: every platform and every kind of dependency (build and
//! dev too), since some user's build or some contributor's test run needs each of them.
//! What this cannot see is the language features the workspace's own code uses: only a
//! compiler of that version can tell (README, "MSRV").

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;

/// The parts of `cargo metadata --format-version 1` read here.
#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
    workspace_members: Vec<String>,
    resolve: Option<Resolve>,
}

#[derive(Deserialize)]
struct Package {
    id: String,
    name: String,
    version: String,
    rust_version: Option<String>,
}

#[derive(Deserialize)]
struct Resolve {
    nodes: Vec<Node>,
}

#[derive(Deserialize)]
struct Node {
    id: String,
    dependencies: Vec<String>,
}

/// A `rust-version`: two or three numbers, a missing patch meaning 0.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct RustVersion([u64; 3]);

impl RustVersion {
    fn parse(text: &str) -> Option<RustVersion> {
        let mut numbers = [0; 3];
        let mut count = 0;
        for part in text.split('.') {
            *numbers.get_mut(count)? = part.parse().ok()?;
            count += 1;
        }
        (count >= 2).then_some(RustVersion(numbers))
    }
}

impl fmt::Display for RustVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [major, minor, patch] = self.0;
        write!(f, "{major}.{minor}.{patch}")
    }
}

pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Metadata = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cannot read cargo metadata's output: {e}"))?;
    println!("{}", check(&metadata)?);
    Ok(())
}

/// The summary line when every dependency fits the members' `rust-version`, else every
/// problem found.
fn check(metadata: &Metadata) -> Result<String, String> {
    let packages: HashMap<&str, &Package> = metadata
        .packages
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let package = |id: &str| {
        packages
            .get(id)
            .copied()
            .ok_or_else(|| format!("cargo metadata names a package it does not describe: {id}"))
    };
    let version_of = |p: &Package| -> Result<Option<RustVersion>, String> {
        p.rust_version
            .as_deref()
            .map(|text| {
                RustVersion::parse(text).ok_or_else(|| {
                    format!(
                        "{} {}: cannot read rust-version `{text}`",
                        p.name, p.version
                    )
                })
            })
            .transpose()
    };

    let mut problems = Vec::new();
    let mut declared = BTreeSet::new();
    for id in &metadata.workspace_members {
        let member = package(id)?;
        match version_of(member)? {
            Some(version) => {
                declared.insert(version);
            }
            None => problems.push(format!(
                "workspace member {} declares no rust-version: add `rust-version.workspace = true`",
                member.name
            )),
        }
    }
    let msrv = match (declared.first(), declared.last()) {
        (Some(&low), Some(&high)) if low == high => low,
        (None, _) => return Err(problems.join("\n")),
        _ => {
            let listed: Vec<String> = declared.iter().map(ToString::to_string).collect();
            return Err(format!(
                "the workspace members declare different rust-versions ({}): each should \
                 inherit the workspace's (`rust-version.workspace = true`)",
                listed.join(", ")
            ));
        }
    };

    let resolve = metadata
        .resolve
        .as_ref()
        .ok_or("cargo metadata gave no resolved graph")?;
    let nodes: HashMap<&str, &Node> = resolve.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let members: BTreeSet<&str> = metadata
        .workspace_members
        .iter()
        .map(String::as_str)
        .collect();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = members.iter().copied().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let node = nodes
            .get(id)
            .ok_or_else(|| format!("no node for {id} in cargo metadata's resolved graph"))?;
        stack.extend(node.dependencies.iter().map(String::as_str));
    }

    let mut highest: Option<(RustVersion, Vec<String>)> = None;
    let mut dependencies = 0;
    for id in seen.difference(&members) {
        dependencies += 1;
        let dependency = package(id)?;
        let Some(needs) = version_of(dependency)? else {
            continue;
        };
        let named = format!("{} {}", dependency.name, dependency.version);
        if needs > msrv {
            problems.push(format!(
                "{named} needs Rust {needs}, above the workspace's rust-version {msrv}"
            ));
        }
        match &mut highest {
            Some((top, names)) if *top == needs => names.push(named),
            Some((top, _)) if *top > needs => {}
            _ => highest = Some((needs, vec![named])),
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(problems.join("\n"));
    }
    Ok(match highest {
        Some((needs, mut names)) => {
            names.sort();
            format!(
                "rust-version {msrv}: {dependencies} dependencies fit; the highest, {needs}, is \
                 declared by {}",
                names.join(", ")
            )
        }
        None => format!("rust-version {msrv}: {dependencies} dependencies, none declares one"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metadata for members `a` and `b` (declaring `members`' versions, `None` for none)
    /// and packages `(name, rust_version, dependencies)`; `a` depends on `dep`, `b` on
    /// nothing; `orphan`, if listed, is reached by no one.
    fn metadata(members: [Option<&str>; 2], others: &[(&str, Option<&str>, &[&str])]) -> Metadata {
        let package = |name: &str, rust_version: Option<&str>| Package {
            id: format!("{name}-id"),
            name: name.to_owned(),
            version: "1.0.0".to_owned(),
            rust_version: rust_version.map(str::to_owned),
        };
        let node = |name: &str, dependencies: &[&str]| Node {
            id: format!("{name}-id"),
            dependencies: dependencies.iter().map(|d| format!("{d}-id")).collect(),
        };
        let mut packages = vec![package("a", members[0]), package("b", members[1])];
        let mut nodes = vec![node("a", &["dep"]), node("b", &[])];
        for (name, rust_version, dependencies) in others {
            packages.push(package(name, *rust_version));
            nodes.push(node(name, dependencies));
        }
        Metadata {
            packages,
            workspace_members: vec!["a-id".to_owned(), "b-id".to_owned()],
            resolve: Some(Resolve { nodes }),
        }
    }

    #[test]
    fn versions_compare_as_numbers_and_a_missing_patch_is_zero() {
        let v = |text| RustVersion::parse(text).unwrap();
        assert!(v("1.100") > v("1.88"));
        assert_eq!(v("1.88"), v("1.88.0"));
        assert!(v("1.88.1") > v("1.88"));
        assert_eq!(RustVersion::parse("1"), None);
        assert_eq!(RustVersion::parse("1.88.0.1"), None);
        assert_eq!(RustVersion::parse("1.x"), None);
    }

    #[test]
    fn dependencies_at_or_below_the_msrv_pass_and_the_highest_is_named() {
        let m = metadata(
            [Some("1.88"), Some("1.88")],
            &[
                ("dep", Some("1.86"), &["deeper", "plain"]),
                ("deeper", Some("1.88.0"), &[]),
                ("plain", None, &[]),
            ],
        );
        assert_eq!(
            check(&m).unwrap(),
            "rust-version 1.88.0: 3 dependencies fit; the highest, 1.88.0, is declared by deeper 1.0.0"
        );
    }

    #[test]
    fn a_dependency_above_the_msrv_fails_even_deep_in_the_graph() {
        let m = metadata(
            [Some("1.88"), Some("1.88")],
            &[
                ("dep", Some("1.85"), &["deeper"]),
                ("deeper", Some("1.89"), &[]),
            ],
        );
        assert_eq!(
            check(&m).unwrap_err(),
            "deeper 1.0.0 needs Rust 1.89.0, above the workspace's rust-version 1.88.0"
        );
    }

    #[test]
    fn a_package_outside_the_members_graph_is_not_judged() {
        let m = metadata(
            [Some("1.88"), Some("1.88")],
            &[("dep", None, &[]), ("orphan", Some("1.99"), &[])],
        );
        assert!(check(&m).is_ok());
    }

    #[test]
    fn every_member_must_declare_the_same_rust_version() {
        let m = metadata([Some("1.88"), None], &[("dep", None, &[])]);
        assert!(
            check(&m)
                .unwrap_err()
                .contains("member b declares no rust-version")
        );
        let m = metadata([Some("1.88"), Some("1.86")], &[("dep", None, &[])]);
        assert!(
            check(&m)
                .unwrap_err()
                .contains("different rust-versions (1.86.0, 1.88.0)")
        );
    }
}
