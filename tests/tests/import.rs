//! `cargo xtask import` on the seed pages reproduces the committed specs byte for byte.

use taobao_top_tests::read;

const SEEDS: [&str; 5] = [
    "alibaba.alisports.lianbei.xpos.pay",
    "alibaba.mos.oc.trade.syncbanksale",
    "alibaba.pos.order.pay",
    "alibaba.pos.pay.account.ack",
    "alibaba.pos.pay.action.query",
];

/// The first line where two texts differ, for a readable failure.
fn first_difference(ours: &str, theirs: &str) -> String {
    let mut ours_lines = ours.lines();
    let mut theirs_lines = theirs.lines();
    for number in 1.. {
        match (ours_lines.next(), theirs_lines.next()) {
            (None, None) => break,
            (a, b) if a != b => {
                return format!("line {number}:\n  imported:  {a:?}\n  committed: {b:?}");
            }
            _ => {}
        }
    }
    "only the final newline differs".to_owned()
}

#[test]
fn importing_each_seed_page_reproduces_its_spec() {
    let mut failures = Vec::new();
    for method in SEEDS {
        let page = read(&format!("spec/pages/{method}.txt"));
        let committed = read(&format!("spec/{method}.yaml"));
        let imported = taobao_top_codegen::import::import(&page, Some(&committed))
            .unwrap_or_else(|e| panic!("{method}: {e}"));
        assert_eq!(imported.method, method);
        let ours = taobao_top_codegen::spec::parse("imported", &imported.yaml).unwrap();
        let theirs = taobao_top_codegen::spec::parse("committed", &committed).unwrap();
        if ours != theirs {
            failures.push(format!(
                "{method}: the imported spec means something else: {}",
                first_difference(&imported.yaml, &committed)
            ));
        } else if imported.yaml != committed {
            failures.push(format!(
                "{method}: same meaning, other bytes: {}",
                first_difference(&imported.yaml, &committed)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn hand_given_names_are_kept_and_reported_and_otherwise_derived() {
    let page = read("spec/pages/alibaba.pos.order.pay.txt");
    let committed = read("spec/alibaba.pos.order.pay.yaml");
    let kept = taobao_top_codegen::import::import(&page, Some(&committed)).unwrap();
    assert_eq!(
        kept.kept,
        ["response result.model.result_status: variant names 1=Success, 2=Failure, 3=Pending"]
    );
    // Without the existing spec, variants are derived from the values.
    let fresh = taobao_top_codegen::import::import(&page, None).unwrap();
    assert!(fresh.kept.is_empty());
    let api = taobao_top_codegen::load("alibaba.pos.order.pay.yaml", &fresh.yaml).unwrap();
    let status = api
        .enums
        .iter()
        .find(|e| e.name == "ResultStatus")
        .expect("the enum");
    let variants: Vec<&str> = status.values.iter().map(|v| v.variant.as_str()).collect();
    assert_eq!(variants, ["V1", "V2", "V3"]);
}
