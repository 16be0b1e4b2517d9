//! One cargo feature per API group: the features cargo reads from `generated/Cargo.toml` are
//! exactly the groups of `spec/` (plus `full` and the hand-written ones), and `apis/mod.rs`
//! gates each group and each entry of `ALL` on its group's feature. The groups are derived
//! here from the spec file names, independently of the generator.

use std::collections::{BTreeMap, BTreeSet};

use taobao_top_tests::{read, repo_root, yaml_files};

/// `alibaba-pos` for `spec/alibaba.pos.order.pay.yaml`: the first two segments of the method,
/// with `-` for `.` and `_`; with the number of APIs in each group.
fn groups_in_spec() -> BTreeMap<String, usize> {
    let mut groups = BTreeMap::new();
    for path in yaml_files("spec") {
        let method = path
            .strip_prefix("spec/")
            .and_then(|name| name.strip_suffix(".yaml"))
            .unwrap_or_else(|| panic!("{path}: not spec/<method>.yaml"));
        let group = method
            .split('.')
            .take(2)
            .collect::<Vec<_>>()
            .join("-")
            .replace('_', "-");
        *groups.entry(group).or_insert(0) += 1;
    }
    assert!(!groups.is_empty(), "spec/ holds no API");
    groups
}

/// `taobao-top`'s features as cargo itself reads them from the manifest.
fn features_cargo_reads() -> BTreeMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .arg("--manifest-path")
        .arg(repo_root().join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let package = metadata["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == "taobao-top"))
        .expect("the workspace has taobao-top");
    serde_json::from_value(package["features"].clone()).expect("features map names to lists")
}

#[test]
fn the_manifest_declares_one_feature_per_group_of_spec_and_full() {
    let groups = groups_in_spec();
    let mut features = features_cargo_reads();
    // The hand-written ones: no group by default (see the README), the blocking client.
    assert_eq!(features.remove("default"), Some(vec![]), "default = []");
    assert_eq!(
        features.remove("blocking"),
        Some(vec!["taobao-top-runtime/blocking".to_owned()])
    );
    let full = features.remove("full").expect("a `full` feature");
    assert_eq!(
        full.iter().cloned().collect::<BTreeSet<_>>(),
        groups.keys().cloned().collect::<BTreeSet<_>>(),
        "`full` enables every group of spec/ and nothing else"
    );
    assert_eq!(full.len(), groups.len(), "`full` names each group once");
    let expected: BTreeMap<String, Vec<String>> =
        groups.keys().map(|group| (group.clone(), vec![])).collect();
    assert_eq!(
        features, expected,
        "one feature per group of spec/, enabling nothing else; run `cargo xtask regenerate`"
    );
}

#[test]
fn each_group_module_and_its_entries_in_all_are_gated_on_its_feature() {
    let root_module = read("generated/src/apis/mod.rs");
    for (feature, apis) in groups_in_spec() {
        let gate = format!("#[cfg(feature = \"{feature}\")]");
        let module = feature.replace('-', "_");
        assert!(
            root_module.contains(&format!("{gate}\npub mod {module};\n")),
            "`pub mod {module};` is not gated by `{gate}`"
        );
        // The module, its client trait in the prelude, then one entry of `ALL` per API.
        assert_eq!(
            root_module.matches(&gate).count(),
            2 + apis,
            "`{gate}` should gate `{module}`, its prelude trait and its {apis} entries of `ALL`"
        );
    }
    assert_eq!(
        root_module.matches("#[cfg(feature = ").count(),
        // `pub mod prelude` is the one module every build has.
        2 * (root_module.matches("pub mod ").count() - 1) + yaml_files("spec").len(),
        "every group module, its prelude trait and every entry of `ALL` has a feature gate"
    );
}
