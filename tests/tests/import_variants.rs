//! Real page variants (issue 12, items 3-7 and 9), one fixture page each under
//! `tests/fixtures/pages/`: what the importer makes of them, checked on the imported spec, and
//! for some through the generated code (`tests/build.rs` compiles every page).

use taobao_top::{Format, TopRequest, decode_response};
use taobao_top_codegen::import::{Imported, import};
use taobao_top_codegen::spec::{Field, Spec};
use taobao_top_tests::read;

fn imported(method: &str) -> (Imported, Spec) {
    let page = read(&format!("tests/fixtures/pages/{method}.txt"));
    let imported = import(&page, None).unwrap_or_else(|e| panic!("{method}: {e}"));
    let spec = taobao_top_codegen::spec::parse(&format!("{method}.yaml"), &imported.yaml)
        .unwrap_or_else(|e| panic!("{e}"));
    (imported, spec)
}

fn request<'s>(spec: &'s Spec, name: &str) -> &'s Field {
    spec.request.iter().find(|f| f.name == name).expect(name)
}

fn response<'s>(spec: &'s Spec, name: &str) -> &'s Field {
    spec.response
        .fields
        .iter()
        .find(|f| f.name == name)
        .expect(name)
}

fn texts(
    example: Option<&String>,
    description: Option<&String>,
) -> (Option<String>, Option<String>) {
    (example.cloned(), description.cloned())
}

fn some(example: &str, description: &str) -> (Option<String>, Option<String>) {
    (Some(example.to_owned()), Some(description.to_owned()))
}

/// (value, label) of a field's enum, or nothing.
fn values(enumeration: Option<&taobao_top_codegen::spec::EnumSpec>) -> Vec<(String, String)> {
    enumeration
        .map(|e| {
            e.values
                .iter()
                .map(|v| (v.value.clone(), v.label.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

/// Item 3: `Json` parameters (`setXxxString`, `{}`, spaced JSON after `示例:`, followed by a
/// description) and `Price` import, and the generated code sends the exact JSON text.
#[test]
fn json_and_price_parameters_import_and_round_trip() {
    let (_, spec) = imported("taobao.pos.member.ext.update");
    let ext = request(&spec, "ext_info");
    assert_eq!(
        texts(ext.example.as_ref(), ext.description.as_ref()),
        some("{}", "扩展信息,JSON对象")
    );
    let props = request(&spec, "props");
    assert_eq!(
        texts(props.example.as_ref(), props.description.as_ref()),
        some(r#"{ "color": "red", "size": 2 }"#, "会员属性")
    );
    let amount = request(&spec, "amount");
    assert_eq!(
        (amount.ty.as_str(), amount.example.as_deref()),
        ("Price", Some("10.50"))
    );
    assert_eq!(
        response(&spec, "ext_info").example.as_deref(),
        Some(r#"{"level":2}"#)
    );

    use taobao_top_tests::pages::member_ext_update::{
        PosMemberExtUpdateRequest, PosMemberExtUpdateResponse,
    };
    let sent: PosMemberExtUpdateRequest =
        serde_json::from_value(taobao_top_tests::documented_request(&spec)).unwrap();
    assert_eq!(
        sent.business_params().unwrap(),
        [
            ("amount", "10.50".to_owned()),
            ("ext_info", "{}".to_owned()),
            ("member_id", "2001".to_owned()),
            ("props", r#"{ "color": "red", "size": 2 }"#.to_owned()),
        ]
    );
    let from_xml: PosMemberExtUpdateResponse =
        decode_response(Format::Xml, &spec.examples.response_xml).unwrap();
    let from_json: PosMemberExtUpdateResponse =
        decode_response(Format::Json, &spec.examples.response_json.text).unwrap();
    assert_eq!(from_xml, from_json);
    assert_eq!(
        from_xml.ext_info.as_deref(),
        Some(r#"{"level":2}"#),
        "Json is its raw text"
    );
    assert_eq!(from_xml.balance.as_deref(), Some("99.90"));
}

/// Item 3, English: a spaced JSON example with no Java `setXxxString` for it... and one with,
/// nested Json and Price inside an object parameter.
#[test]
fn json_with_an_english_description_and_inside_an_object() {
    let (_, spec) = imported("taobao.pos.report.config.set");
    let config = request(&spec, "config");
    assert_eq!(
        texts(config.example.as_ref(), config.description.as_ref()),
        some(
            r#"{ "mode": "auto", "retry": 3 }"#,
            "report config as a JSON object 报表配置"
        )
    );
    let options = request(&spec, "options");
    assert_eq!(
        options.description.as_deref(),
        Some("Options of the report")
    );
    let children = options.fields.as_ref().unwrap();
    assert_eq!(children[0].example.as_deref(), Some(r#"{"day":"mon"}"#));
    assert_eq!(children[1].example.as_deref(), Some("0.01"));
    let config = response(&spec, "config");
    assert_eq!(
        texts(config.example.as_ref(), config.description.as_ref()),
        some(r#"{"mode":"auto"}"#, "the stored config")
    );
}

/// Item 4: string enums in the `VALUE(label)`, `cash:现金 card:刷卡` and `APP:应用,WEB:网页` styles.
#[test]
fn string_enums_in_real_styles() {
    let (_, spec) = imported("taobao.pos.order.status.get");
    assert_eq!(
        values(request(&spec, "status").enumeration.as_ref()),
        pairs(&[("WAIT", "待处理"), ("DONE", "已完成")])
    );
    assert_eq!(
        values(request(&spec, "pay_type").enumeration.as_ref()),
        pairs(&[("cash", "现金"), ("card", "刷卡")])
    );
    assert_eq!(
        values(request(&spec, "channel").enumeration.as_ref()),
        pairs(&[("APP", "应用"), ("WEB", "网页")])
    );
    assert_eq!(
        response(&spec, "remark").enumeration,
        None,
        "an open set (等)"
    );

    use taobao_top_tests::pages::order_status_get::{PosOrderStatusGetResponse, Status};
    let answer: PosOrderStatusGetResponse =
        decode_response(Format::Xml, &spec.examples.response_xml).unwrap();
    assert_eq!(answer.status, Some(Status::Done));
}

/// Item 4: Number enums: English labels with spaces, `1=..`, `1:..;2:..`, negative values.
#[test]
fn number_enums_in_real_styles() {
    let (imported, spec) = imported("taobao.pos.price.type.get");
    assert!(imported.mismatches.is_empty(), "{:?}", imported.mismatches);
    assert_eq!(
        values(request(&spec, "price_type").enumeration.as_ref()),
        pairs(&[("1", "retail price"), ("2", "wholesale price")])
    );
    assert_eq!(
        values(request(&spec, "level").enumeration.as_ref()),
        pairs(&[("1", "普通会员"), ("2", "银卡会员"), ("3", "金卡会员")])
    );
    assert_eq!(
        values(request(&spec, "source").enumeration.as_ref()),
        pairs(&[("1", "门店"), ("2", "线上"), ("3", "电话")])
    );
    assert_eq!(
        values(request(&spec, "state").enumeration.as_ref()),
        pairs(&[("-1", "已删除"), ("0", "停用"), ("1", "启用")])
    );
    assert_eq!(request(&spec, "state").example.as_deref(), Some("-1"));
    assert_eq!(
        response(&spec, "count").enumeration,
        None,
        "e.g. is an open set"
    );
}

/// Item 4: label-first lists become enums; `等`, "such as", "etc." stay strings.
#[test]
fn label_first_enums_and_open_sets() {
    let (_, spec) = imported("taobao.pos.refund.reason.list");
    assert_eq!(
        values(request(&spec, "audit_state").enumeration.as_ref()),
        pairs(&[("1", "待审核"), ("2", "已通过"), ("3", "已拒绝")])
    );
    assert_eq!(
        values(request(&spec, "reason_type").enumeration.as_ref()),
        pairs(&[("damaged", "商品损坏"), ("wrong_item", "发错货")])
    );
    for open in ["source", "kind", "scene"] {
        assert_eq!(request(&spec, open).enumeration, None, "{open}");
    }
}

/// Item 5: top-level lists without a `result` wrapper take their example from the items,
/// not from the empty wrapper, and keep it out of the description.
#[test]
fn top_level_lists_take_their_example_from_the_items() {
    let (_, spec) = imported("taobao.pos.coupon.codes.get");
    let codes = response(&spec, "codes");
    assert_eq!(
        texts(codes.example.as_ref(), codes.description.as_ref()),
        some("A001", "券码列表")
    );
    let amounts = response(&spec, "amounts");
    assert_eq!(
        texts(amounts.example.as_ref(), amounts.description.as_ref()),
        some("100", "面额列表,单位分")
    );
    assert_eq!(
        response(&spec, "coupons").description.as_deref(),
        Some("券详情")
    );

    use taobao_top_tests::pages::coupon_codes_get::PosCouponCodesGetResponse;
    let answer: PosCouponCodesGetResponse =
        decode_response(Format::Xml, &spec.examples.response_xml).unwrap();
    assert_eq!(
        answer.codes,
        Some(vec!["A001".to_owned(), "A002".to_owned()])
    );
    assert_eq!(answer.amounts, Some(vec![100, 200]));
    assert_eq!(answer.coupons.as_ref().map(Vec::len), Some(2));

    // An English page showing every item, comma-joined.
    let (_, spec) = imported("taobao.pos.tag.names.get");
    let names = response(&spec, "names");
    assert_eq!(
        texts(names.example.as_ref(), names.description.as_ref()),
        some("new,hot", "the tag names, in display order")
    );
    let ids = response(&spec, "ids");
    assert_eq!(
        texts(ids.example.as_ref(), ids.description.as_ref()),
        some("7", "tag ids")
    );
}

/// Item 6: an object row's description keeps its first ASCII word.
#[test]
fn object_descriptions_keep_their_first_word() {
    let (_, spec) = imported("taobao.pos.shop.profile.get");
    assert_eq!(
        request(&spec, "query").description.as_deref(),
        Some("Query conditions for the shop")
    );
    let result = response(&spec, "result");
    assert_eq!(result.description.as_deref(), Some("Result of the query"));
    assert_eq!(
        result.fields.as_ref().unwrap()[0].description.as_deref(),
        Some("Profile 门店档案")
    );
    assert_eq!(
        response(&spec, "summary").description.as_deref(),
        Some("POS 汇总信息")
    );
}

/// Item 7: constraints written inline in the description column become checks.
#[test]
fn inline_constraints_become_checks() {
    let (_, spec) = imported("taobao.pos.operator.add");
    let name = request(&spec, "operator_name");
    assert_eq!(
        texts(name.example.as_ref(), name.description.as_ref()),
        some("张三", "操作员姓名")
    );
    assert_eq!(
        name.constraints.as_ref().and_then(|c| c.max_length),
        Some(64)
    );
    let remark = request(&spec, "remark");
    assert_eq!(remark.description.as_deref(), Some("备注,可为空"));
    assert_eq!(
        remark.constraints.as_ref().and_then(|c| c.max_length),
        Some(200)
    );
    let age = request(&spec, "age");
    assert_eq!(
        texts(age.example.as_ref(), age.description.as_ref()),
        some("30", "年龄")
    );
    let c = age.constraints.as_ref().unwrap();
    assert_eq!((c.min, c.max), (Some(18), Some(65)));
    let role = request(&spec, "role");
    assert_eq!(role.description.as_deref(), Some("角色"));
    assert_eq!(
        role.constraints.as_ref().and_then(|c| c.default.as_deref()),
        Some("cashier")
    );
    let shops = request(&spec, "shop_ids");
    assert_eq!(
        shops.constraints.as_ref().and_then(|c| c.max_list_length),
        Some(10)
    );

    use taobao_top_tests::pages::operator_add::PosOperatorAddRequest;
    let mut sent: PosOperatorAddRequest =
        serde_json::from_value(taobao_top_tests::documented_request(&spec)).unwrap();
    assert!(sent.validate().is_ok());
    sent.operator_name = "长".repeat(65);
    assert!(sent.validate().is_err(), "最大长度:64 is checked");
}

/// Item 9: examples contradicting their type are reported with their page line and kept as
/// `mismatched_example`; the spec loads, and the XML example fails only where the page is
/// wrong, naming the field.
#[test]
fn contradicting_examples_are_reported_with_their_line_and_kept() {
    let (freeze_page, spec) = imported("taobao.pos.stock.freeze");
    let found: Vec<(Option<usize>, &str, &str)> = freeze_page
        .mismatches
        .iter()
        .map(|m| (m.line, m.field.as_str(), m.example.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(13), "freeze_type", "unfroze"),
            (Some(14), "notify", "yes"),
            (Some(19), "frozen_ids", "[1001]"),
            (Some(20), "frozen", "two"),
        ]
    );
    assert!(
        freeze_page.mismatches[2]
            .to_string()
            .starts_with("line 19: ")
    );
    let freeze = request(&spec, "freeze_type");
    assert_eq!(
        (
            freeze.example.as_deref(),
            freeze.mismatched_example.as_deref()
        ),
        (None, Some("unfroze"))
    );
    let ids = response(&spec, "frozen_ids");
    assert_eq!(ids.mismatched_example.as_deref(), Some("[1001]"));
    assert_eq!(ids.description.as_deref(), Some("冻结的商品ID"));
    taobao_top_codegen::load("taobao.pos.stock.freeze.yaml", &freeze_page.yaml).unwrap();

    use taobao_top_tests::pages::stock_freeze::{PosStockFreezeRequest, PosStockFreezeResponse};
    let sent: PosStockFreezeRequest =
        serde_json::from_value(taobao_top_tests::documented_request(&spec)).unwrap();
    assert_eq!(
        sent.business_params().unwrap(),
        [("item_id", "1001".to_owned())]
    );
    match decode_response::<PosStockFreezeResponse>(Format::Xml, &spec.examples.response_xml) {
        Err(taobao_top::Error::Decode(error)) => {
            assert!(error.to_string().contains("frozen_ids"), "{error}")
        }
        other => panic!("the documented example must not decode silently: {other:?}"),
    }

    // Request-only contradictions: the answer decodes, nothing contradicting is sent.
    let (unfreeze, spec) = imported("taobao.pos.stock.unfreeze");
    let found: Vec<(Option<usize>, &str)> = unfreeze
        .mismatches
        .iter()
        .map(|m| (m.line, m.field.as_str()))
        .collect();
    assert_eq!(found, [(Some(13), "mode"), (Some(14), "at")]);
    let mode = request(&spec, "mode");
    assert_eq!(mode.description.as_deref(), Some("解冻方式 unfreeze mode"));
}

/// A `mismatched_example` must not be a value of its type, nor stand beside an `example`.
#[test]
fn mismatched_example_is_validated() {
    let (imported, _) = imported("taobao.pos.stock.unfreeze");
    let valid = imported.yaml.replace(
        "mismatched_example: \"unfroze\"",
        "mismatched_example: \"3\"",
    );
    let error = taobao_top_codegen::load("taobao.pos.stock.unfreeze.yaml", &valid).unwrap_err();
    assert!(
        error.to_string().contains("write it as `example`"),
        "{error}"
    );
    let both = imported.yaml.replace(
        "mismatched_example: \"unfroze\"",
        "example: \"3\"\n    mismatched_example: \"unfroze\"",
    );
    let error = taobao_top_codegen::load("taobao.pos.stock.unfreeze.yaml", &both).unwrap_err();
    assert!(error.to_string().contains("not both"), "{error}");
}

/// A broken Java sample (`new Long[] { 501L, 502L };` and a stray `);`) sets a top-level
/// `Number []` the sample parser cannot read: the table row's first word is its example when
/// a description in another script follows, as for a `Number`.
#[test]
fn a_list_set_by_a_broken_sample_takes_its_example_from_the_table() {
    let (_, spec) = imported("taobao.pos.device.heartbeat.report");
    let printers = request(&spec, "printer_ids");
    assert_eq!(
        texts(printers.example.as_ref(), printers.description.as_ref()),
        some("501,502", "打印机ID列表")
    );
    // The setter on the undeclared `obj2` adds no field and no value.
    assert!(spec.request.iter().all(|f| f.name != "probe_timeout"));
    assert!(!spec.needs_session);
}
