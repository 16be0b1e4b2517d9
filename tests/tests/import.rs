//! `cargo xtask import` on the pages kept in `spec/pages/` reproduces the committed specs
//! byte for byte (every page there: a new API's page is held the same way).

use taobao_top_tests::read;

/// The methods of the pages in `spec/pages/`, from their file names.
fn kept_pages() -> Vec<String> {
    let mut methods: Vec<String> =
        std::fs::read_dir(taobao_top_tests::repo_root().join("spec/pages"))
            .expect("spec/pages/")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter_map(|name| name.strip_suffix(".txt").map(str::to_owned))
            .collect();
    methods.sort();
    assert!(!methods.is_empty(), "spec/pages/ has no page");
    methods
}

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
fn importing_each_kept_page_reproduces_its_spec() {
    let mut failures = Vec::new();
    for method in kept_pages() {
        let method = method.as_str();
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

/// A page of shapes the seeds lack, imported at build time (`tests/build.rs`) into
/// `taobao_top_tests::pages::items_get`: the generated code compiled, and here it decodes the
/// page's own examples and sends its Java sample's values.
#[test]
fn a_page_of_new_shapes_imports_into_code_that_decodes_its_example() {
    use taobao_top::{Format, TopRequest, TopResponse, decode_response};
    use taobao_top_tests::pages::items_get::{PosItemsGetRequest, PosItemsGetResponse, Status};

    let page = read("tests/fixtures/pages/taobao.pos.items.get.txt");
    let imported = taobao_top_codegen::import::import(&page, None).unwrap();
    let spec =
        taobao_top_codegen::spec::parse("taobao.pos.items.get.yaml", &imported.yaml).unwrap();
    assert_eq!(
        spec.response.root, "pos_items_get_response",
        "taobao. is dropped from the root"
    );
    assert!(spec.needs_session);

    let from_xml: PosItemsGetResponse =
        decode_response(Format::Xml, &spec.examples.response_xml).unwrap();
    let from_json: PosItemsGetResponse =
        decode_response(Format::Json, &spec.examples.response_json.text).unwrap();
    assert_eq!(from_xml, from_json);
    assert!(
        from_xml.unknown_fields().is_empty(),
        "{:?}",
        from_xml.unknown_fields()
    );
    let example: serde_json::Value =
        serde_json::from_str(&spec.examples.response_json.text).unwrap();
    assert_eq!(
        serde_json::to_value(&from_xml).unwrap(),
        example["pos_items_get_response"],
        "nothing dropped"
    );
    let items = from_xml.items.as_deref().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0].tags,
        Some(vec!["new".to_owned(), "hot".to_owned()])
    );
    assert_eq!(
        items[0]
            .created
            .as_ref()
            .and_then(|d| d.parsed())
            .map(|d| d.to_string())
            .as_deref(),
        Some("2024-01-02 03:04:05")
    );
    assert_eq!(from_xml.has_next, Some(true));

    // The Java sample's values, through the generated request type, onto the wire.
    let request: PosItemsGetRequest =
        serde_json::from_value(taobao_top_tests::documented_request(&spec)).unwrap();
    assert_eq!(
        request.query.as_ref().and_then(|q| q.status.clone()),
        Some(Status::V1)
    );
    let params = request.business_params().unwrap();
    assert_eq!(
        params,
        [
            ("fields", "item_id,title".to_owned()),
            ("page_no", "1".to_owned()),
            (
                "query",
                r#"{"filter":{"min_price":100},"keyword":"手机","status":1}"#.to_owned()
            ),
            ("start_date", "2024-01-02 03:04:05".to_owned()),
        ]
    );
    // The documented limits became client-side checks.
    let mut too_far = request.clone();
    too_far.page_no = Some(101);
    assert!(too_far.validate().is_err());
}

/// Request lists of objects (a Java `List`), descriptions continued on the next line, and a
/// response list of numbers.
#[test]
fn a_page_with_lists_and_continued_descriptions_imports() {
    use taobao_top::{Format, TopRequest, decode_response};
    use taobao_top_tests::pages::items_add::{PosItemsAddRequest, PosItemsAddResponse};

    let page = read("tests/fixtures/pages/taobao.pos.items.add.txt");
    let imported = taobao_top_codegen::import::import(&page, None).unwrap();
    let spec =
        taobao_top_codegen::spec::parse("taobao.pos.items.add.yaml", &imported.yaml).unwrap();
    let items = &spec.request[0];
    assert_eq!(items.ty, "PosItem []");
    let price = &items.fields.as_ref().unwrap()[1];
    assert_eq!(price.description.as_deref(), Some("价格(分),\n不含税"));
    assert_eq!(price.example.as_deref(), Some("300"));
    assert_eq!(
        spec.request[1].description.as_deref(),
        Some("备注\n第二行说明")
    );
    assert!(!spec.needs_session);

    let request: PosItemsAddRequest =
        serde_json::from_value(taobao_top_tests::documented_request(&spec)).unwrap();
    assert_eq!(
        request.business_params().unwrap(),
        [("items", r#"[{"name":"可乐","price":300}]"#.to_owned())]
    );
    let from_xml: PosItemsAddResponse =
        decode_response(Format::Xml, &spec.examples.response_xml).unwrap();
    let from_json: PosItemsAddResponse =
        decode_response(Format::Json, &spec.examples.response_json.text).unwrap();
    assert_eq!(from_xml, from_json);
    assert_eq!(from_xml.item_ids, Some(vec![11, 12]));
    assert_eq!(from_xml.is_success, Some(true));
}

/// No breadcrumb, a bilingual title, English descriptions, and a broken Java sample (an
/// array literal cut by a stray `);`, a setter on an undeclared variable).
#[test]
fn a_bilingual_page_with_a_broken_sample_imports() {
    use taobao_top::{Format, TopRequest, decode_response};
    use taobao_top_tests::pages::tags_set::{PosTagsSetRequest, PosTagsSetResponse};

    let page = read("tests/fixtures/pages/taobao.pos.tags.set.txt");
    let imported = taobao_top_codegen::import::import(&page, None).unwrap();
    let spec = taobao_top_codegen::spec::parse("taobao.pos.tags.set.yaml", &imported.yaml).unwrap();
    assert_eq!(spec.title, "Set item tags 设置商品标签");
    assert_eq!(spec.category, None);
    let texts: Vec<(Option<&str>, Option<&str>)> = spec
        .request
        .iter()
        .map(|f| (f.example.as_deref(), f.description.as_deref()))
        .collect();
    assert_eq!(
        texts,
        [
            (Some("1,2"), Some("item ids, comma separated")),
            (Some("new,hot"), Some("tag names")),
            (Some("true"), Some("whether to replace existing tags")),
        ]
    );
    let request: PosTagsSetRequest =
        serde_json::from_value(taobao_top_tests::documented_request(&spec)).unwrap();
    assert_eq!(
        request.business_params().unwrap(),
        [
            ("item_ids", "1,2".to_owned()),
            ("overwrite", "true".to_owned()),
            ("tags", "new,hot".to_owned())
        ]
    );
    let answer: PosTagsSetResponse =
        decode_response(Format::Xml, &spec.examples.response_xml).unwrap();
    assert_eq!(answer.updated, Some(2));
}

/// Page text with every character YAML is picky about survives import -> YAML -> load
/// exactly (issue 11, item 12): the writer escapes what a plain or block scalar cannot hold.
#[test]
fn control_characters_round_trip_through_the_yaml_writer() {
    let nasty = "支付\r接口\t\"引号\" \\反斜杠 \u{85}NEL \u{2028}LS \u{2029}PS \u{feff}BOM \
                 \u{1b}ESC \u{7f}DEL \u{0}NUL \u{9f}C1 #注释: 冒号 - end";
    let page = read("spec/pages/alibaba.pos.order.pay.txt")
        .replacen("\npos线下交易支付接口\n", &format!("\n{nasty}\n"), 1)
        .replacen("门店Id\n", &format!("门店Id{nasty}\n"), 1);
    let imported =
        taobao_top_codegen::import::import(&page, None).unwrap_or_else(|e| panic!("{e}"));
    for line in imported.yaml.lines() {
        assert!(
            !line.contains([
                '\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{1b}', '\u{0}'
            ]),
            "a raw control character in the YAML: {line:?}"
        );
    }
    let spec = taobao_top_codegen::spec::parse("alibaba.pos.order.pay.yaml", &imported.yaml)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.description, nasty);
    // A table row is read as whitespace-separated tokens, so its white space is normalised
    // (the page parser's doing); the other characters arrive exactly.
    let row = format!(
        "门店Id{}",
        nasty.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert_eq!(spec.request[0].description.as_deref(), Some(row.as_str()));
    taobao_top_codegen::load("alibaba.pos.order.pay.yaml", &imported.yaml)
        .unwrap_or_else(|e| panic!("{e}"));
}
