//! The runtime's decoding rules, on the edge-case API compiled from
//! `tests/fixtures/edge-specs/`: strict envelope, lenient values, nothing lost silently.

use taobao_top::{Error, Format, TopDate, TopDateTime, TopRequest, TopResponse, decode_response};
use taobao_top_tests::edge::cases::{
    Detail, EdgeItem, Inner, TestEdgeCasesRequest, TestEdgeCasesResponse, TradeKind,
};

type Response = TestEdgeCasesResponse;

fn json(body: &str) -> Result<Response, Error> {
    decode_response(Format::Json, body)
}

fn xml(body: &str) -> Result<Response, Error> {
    decode_response(Format::Xml, body)
}

fn decode_error(result: Result<Response, Error>) -> taobao_top::DecodeError {
    match result {
        Err(Error::Decode(error)) => error,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn keywords_lists_and_dates_reach_the_wire() {
    let request = TestEdgeCasesRequest::builder()
        .r#type("sale")
        .item_ids(vec!["1001".into(), "1002".into()])
        .detail(
            Detail::builder()
                .nested(
                    Inner::builder()
                        .loop_id("L1")
                        .when(TopDateTime::parse("2018-06-28 15:30:39").unwrap())
                        .build(),
                )
                .flags(vec!["a".into(), "b".into()])
                .build(),
        )
        .self_(7)
        .amounts(vec![1, -2])
        .enabled(false)
        .items(vec![EdgeItem::builder().r#match("m").qty(2).build()])
        .start_time(TopDateTime::parse("2024-01-02 03:04:05").unwrap())
        .build();
    let params = request.business_params().unwrap();
    let expected: Vec<(&str, String)> = vec![
        ("amounts", "1,-2".into()),
        (
            "detail",
            r#"{"flags":["a","b"],"nested":{"loop_id":"L1","when":"2018-06-28 15:30:39"}}"#.into(),
        ),
        ("enabled", "false".into()),
        ("itemIds", "1001,1002".into()),
        ("items", r#"[{"match":"m","qty":2}]"#.into()),
        ("self", "7".into()),
        ("start_time", "2024-01-02 03:04:05".into()),
        ("type", "sale".into()),
    ];
    assert_eq!(params, expected);
    assert_eq!(
        TestEdgeCasesRequest::IDEMPOTENCY_KEY,
        Some("detail.nested.loop_id")
    );
    let needs_session = TestEdgeCasesRequest::NEEDS_SESSION;
    assert!(needs_session, "the fixture needs a session");
}

#[test]
fn numbers_and_booleans_sent_as_strings_decode() {
    let body = r#"{"test_edge_cases_response":{"count":"3","ok":"true","type":5}}"#;
    let response = json(body).unwrap();
    assert_eq!(response.count, Some(3));
    assert_eq!(response.ok, Some(true));
    // A number where a String enum is documented: kept as its text.
    assert_eq!(response.r#type, Some(TradeKind::from("5")));
}

#[test]
fn empty_values_are_none_in_both_formats() {
    let from_json =
        json(r#"{"test_edge_cases_response":{"count":"","type":"","ok":null}}"#).unwrap();
    let from_xml = xml(
        "<test_edge_cases_response><count></count><type/><ok> </ok></test_edge_cases_response>",
    );
    let from_xml = from_xml.unwrap();
    for response in [&from_json, &from_xml] {
        assert_eq!(response.count, None);
        assert_eq!(response.r#type, None);
        assert_eq!(response.ok, None);
    }
}

#[test]
fn a_value_that_does_not_fit_is_an_error_naming_the_field() {
    let error = decode_error(json(r#"{"test_edge_cases_response":{"count":"3 yuan"}}"#));
    assert_eq!(error.path, "count");
    assert!(
        error
            .message
            .contains(r#"expected an integer, found "3 yuan""#),
        "{}",
        error.message
    );
    let error = decode_error(xml(
        "<test_edge_cases_response><detail><self><x>1</x></self></detail></test_edge_cases_response>",
    ));
    assert_eq!(error.path, "detail.self");
    let error = decode_error(json(r#"{"test_edge_cases_response":{"ok":"yes"}}"#));
    assert_eq!(
        error.to_string(),
        r#"cannot decode the JSON answer at `ok`: expected a boolean, found "yes" at line 1 column 40; body: {"test_edge_cases_response":{"ok":"yes"}}"#
    );
}

#[test]
fn dates_parse_or_are_kept_as_sent() {
    let response =
        json(r#"{"test_edge_cases_response":{"created":"2018-06-28 15:30:39"}}"#).unwrap();
    assert_eq!(
        response.created.unwrap().parsed(),
        TopDateTime::parse("2018-06-28 15:30:39").ok()
    );
    let response =
        xml("<test_edge_cases_response><created>date</created></test_edge_cases_response>")
            .unwrap();
    assert_eq!(response.created, Some(TopDate::Unparsed("date".into())));
    let response = json(r#"{"test_edge_cases_response":{"created":1530171039000}}"#).unwrap();
    assert_eq!(
        response.created,
        Some(TopDate::Unparsed("1530171039000".into()))
    );
}

#[test]
fn unknown_fields_are_reported_not_fatal() {
    let body = r#"{"test_edge_cases_response":{"count":1,"new_field":{"a":1},"detail":{"self":"me","extra":true}}}"#;
    let response = json(body).unwrap();
    assert_eq!(response.count, Some(1));
    assert_eq!(
        response.unknown_fields().paths(),
        ["new_field", "detail.extra"]
    );
    let body = "<test_edge_cases_response><count>1</count><new_field>x</new_field><detail><extra>1</extra></detail></test_edge_cases_response>";
    let response = xml(body).unwrap();
    assert_eq!(
        response.unknown_fields().paths(),
        ["new_field", "detail.extra"]
    );
}

#[test]
fn the_request_id_every_answer_carries_is_kept() {
    let response =
        json(r#"{"test_edge_cases_response":{"count":1,"request_id":"15xyz"}}"#).unwrap();
    assert_eq!(response.request_id.as_deref(), Some("15xyz"));
    assert!(response.unknown_fields().is_empty());
}

#[test]
fn real_xml_bodies_with_declaration_and_trailing_comment_decode() {
    let body = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><test_edge_cases_response><count>2</count><request_id>abc</request_id></test_edge_cases_response><!--top011183065138.na61-->";
    let response = xml(body).unwrap();
    assert_eq!(response.count, Some(2));
    assert_eq!(response.request_id.as_deref(), Some("abc"));
}

#[test]
fn the_envelope_is_strict() {
    let error = decode_error(json(r#"{"other_api_response":{"count":1}}"#));
    assert_eq!(
        error.message,
        "unexpected root `other_api_response`: expected `test_edge_cases_response` or `error_response`"
    );
    let error = decode_error(xml(
        "<other_api_response><count>1</count></other_api_response>",
    ));
    assert_eq!(
        error.message,
        "unexpected root `other_api_response`: expected `test_edge_cases_response` or `error_response`"
    );
    let error = decode_error(json("{}"));
    assert!(
        error.message.starts_with("empty object"),
        "{}",
        error.message
    );
    let error = decode_error(json("<html>502 Bad Gateway</html>"));
    assert_eq!(error.path, "");
    assert_eq!(error.body_excerpt, "<html>502 Bad Gateway</html>");
    let error = decode_error(xml("502 Bad Gateway"));
    assert!(
        error
            .message
            .starts_with("the answer is neither JSON nor XML"),
        "{}",
        error.message
    );
    let error = decode_error(json(r#"{"test_edge_cases_response":{"count":1}"#));
    assert!(error.message.contains("EOF"), "{}", error.message);
}

#[test]
fn error_responses_are_api_errors_in_both_formats() {
    let body = r#"{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.top-remote-connection-timeout","sub_msg":"远程服务调用超时","request_id":"rq1"}}"#;
    let Err(Error::Api(from_json)) = json(body) else {
        panic!("expected an API error")
    };
    let body = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><error_response><code>15</code><msg>Remote service error</msg><sub_code>isp.top-remote-connection-timeout</sub_code><sub_msg>远程服务调用超时</sub_msg><request_id>rq1</request_id></error_response><!--top-->";
    let Err(Error::Api(from_xml)) = xml(body) else {
        panic!("expected an API error")
    };
    assert_eq!(from_json, from_xml);
    assert!(from_json.is_platform_error());
    assert!(!from_json.is_caller_error());
    assert_eq!(
        from_json.to_string(),
        "TOP error 15: Remote service error; sub_code isp.top-remote-connection-timeout: 远程服务调用超时 (request_id rq1)"
    );
    let error = decode_error(json(r#"{"error_response":{"msg":"no code"}}"#));
    assert_eq!(error.message, "`error_response` without `code`");
}

#[test]
fn responses_serialize_back_to_what_was_decoded() {
    let body = r#"{"type":"sale","created":"date","count":3,"ok":true,"detail":{"self":"me","amount":"9.90"}}"#;
    let response = json(&format!(r#"{{"test_edge_cases_response":{body}}}"#)).unwrap();
    assert_eq!(serde_json::to_string(&response).unwrap(), body);
}

#[test]
fn long_bodies_are_cut_in_errors_at_a_character_boundary() {
    let body = format!(
        "{{\"test_edge_cases_response\":{{\"type\":\"{}\",\"count\":\"x\"}}}}",
        "支".repeat(400)
    );
    let error = decode_error(json(&body));
    assert!(error.body_excerpt.len() < 600);
    assert!(
        error
            .body_excerpt
            .ends_with(&format!("... ({} bytes in all)", body.len()))
    );
}

fn edge_request() -> TestEdgeCasesRequest {
    TestEdgeCasesRequest::builder()
        .r#type("sale")
        .item_ids(vec!["1001".into()])
        .detail(
            Detail::builder()
                .nested(Inner::builder().loop_id("L1").build())
                .build(),
        )
        .build()
}

fn invalid(request: &TestEdgeCasesRequest) -> (i64, String, String) {
    match request.validate() {
        Err(Error::InvalidRequest(problem)) => {
            (problem.code, problem.field.clone(), problem.to_string())
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[test]
fn client_side_checks_name_the_field_and_the_official_code() {
    assert!(edge_request().validate().is_ok());

    let mut request = edge_request();
    request.r#type = " \u{3000}".into(); // whitespace only: TOP would drop it, so it is missing
    assert_eq!(
        invalid(&request),
        (
            40,
            "type".into(),
            "invalid request (code 40): `type`: Missing required arguments: type".into()
        )
    );

    let mut request = edge_request();
    request.detail.nested.loop_id = String::new();
    assert_eq!(invalid(&request).1, "detail.nested.loop_id");

    let mut request = edge_request();
    request.items = Some(vec![
        EdgeItem::builder().r#match("a").build(),
        EdgeItem::builder().r#match("").build(),
    ]);
    assert_eq!(invalid(&request).1, "items[1].match");

    let mut request = edge_request();
    request.self_ = Some(101);
    assert_eq!(
        invalid(&request),
        (
            41,
            "self".into(),
            "invalid request (code 41): `self`: 101 is over the maximum of 100".into()
        )
    );
    request.self_ = Some(-2);
    assert_eq!(
        invalid(&request).2,
        "invalid request (code 41): `self`: -2 is under the minimum of -1"
    );

    let mut request = edge_request();
    request.item_ids = (0..21).map(|n| n.to_string()).collect();
    assert_eq!(
        invalid(&request).2,
        "invalid request (code 41): `itemIds`: 21 items is over the maximum of 20"
    );
    request.item_ids.clear();
    assert_eq!(invalid(&request).0, 40);

    // Lengths count as Java counts them: UTF-16 units (8 Chinese characters fit in 8).
    let mut request = edge_request();
    request.r#type = "销售销售销售销售".into();
    assert!(request.validate().is_ok());
    request.r#type = "销售销售销售销售x".into();
    assert_eq!(
        invalid(&request).2,
        "invalid request (code 41): `type`: length 9 is over the maximum of 8"
    );
}

/// The limits the real catalogue puts on other types (`test.edge.limits`): a Number's
/// `max_length` counts its digits, a file's its bytes, a text list's each item; a Number
/// list's `min` and `max` bound each item, reported at the item's index.
#[test]
fn limits_on_numbers_files_and_list_items_are_checked() {
    use taobao_top::FileItem;
    use taobao_top_tests::edge::limits::TestEdgeLimitsRequest;
    let problem = |request: &TestEdgeLimitsRequest| match request.validate() {
        Err(Error::InvalidRequest(problem)) => (problem.code, problem.to_string()),
        other => panic!("expected an invalid request, got {other:?}"),
    };
    let ok = TestEdgeLimitsRequest::builder()
        .page_size(999)
        .image(FileItem::new("a.jpg", vec![0; 8]))
        .group_ids(vec![1, 999])
        .names(vec!["四个汉字".to_owned(), "abcd".to_owned()])
        .build();
    assert!(ok.validate().is_ok());
    let mut request = ok.clone();
    request.page_size = 1000;
    assert_eq!(
        problem(&request),
        (
            41,
            "invalid request (code 41): `page_size`: 1000 has 4 characters, over the maximum of 3"
                .to_owned()
        )
    );
    request.page_size = -99;
    assert!(request.validate().is_ok(), "-99 is 3 characters");
    let mut request = ok.clone();
    request.image = Some(FileItem::new("a.jpg", vec![0; 9]));
    assert_eq!(
        problem(&request).1,
        "invalid request (code 41): `image`: the file has 9 bytes, over the maximum of 8"
    );
    let mut request = ok.clone();
    request.group_ids = Some(vec![5, 0, 1000]);
    assert_eq!(
        problem(&request).1,
        "invalid request (code 41): `group_ids[1]`: 0 is under the minimum of 1"
    );
    request.group_ids = Some(vec![5, 1000]);
    assert_eq!(
        problem(&request).1,
        "invalid request (code 41): `group_ids[1]`: 1000 is over the maximum of 999"
    );
    let mut request = ok;
    request.names = Some(vec!["ok".to_owned(), "五个汉字呀".to_owned()]);
    assert_eq!(
        problem(&request).1,
        "invalid request (code 41): `names[1]`: length 5 is over the maximum of 4"
    );
}

/// A page field named like TOP's request id (`RequestId`) keeps `request_id`; TOP's own
/// is `top_request_id`, and `request_id()` is TOP's either way.
#[test]
fn a_page_field_named_request_id_moves_tops_own_to_top_request_id() {
    use taobao_top_tests::edge::limits::TestEdgeLimitsResponse;
    let json = r#"{"test_edge_limits_response":{"RequestId":"aliyun-7F3A","request_id":"top-1"}}"#;
    let xml = "<test_edge_limits_response><RequestId>aliyun-7F3A</RequestId>\
               <request_id>top-1</request_id></test_edge_limits_response>";
    for (format, body) in [(Format::Json, json), (Format::Xml, xml)] {
        let answer: TestEdgeLimitsResponse = decode_response(format, body).unwrap();
        assert_eq!(
            answer.request_id.as_deref(),
            Some("aliyun-7F3A"),
            "{format}"
        );
        assert_eq!(answer.top_request_id.as_deref(), Some("top-1"), "{format}");
        assert_eq!(TopResponse::request_id(&answer), Some("top-1"), "{format}");
        assert!(answer.unknown_fields().is_empty(), "{format}");
    }
}

/// A name the page reuses for another shape (`test.edge.type.names`): the same shape again
/// is the same type, another one the next free number, on either side of the module.
#[test]
fn reused_type_names_get_the_next_free_number() {
    use taobao_top_tests::edge::type_names::{
        Detail, Detail2, PayRequest, PayRequest2, PayRequestBuilder2, TestEdgeTypeNamesRequest,
        TestEdgeTypeNamesResponse,
    };
    let request = TestEdgeTypeNamesRequest::builder()
        .shop_id(1)
        .pay_request(PayRequest::builder().request_id("abc").build())
        .reentry_employee("e1")
        .t(5)
        .build();
    assert!(request.validate().is_ok());
    // Wire names that are not identifiers are sent as the page writes them.
    let params = request.business_params().unwrap();
    assert!(
        params.contains(&("reentry.employee", "e1".to_owned())),
        "{params:?}"
    );
    assert!(params.contains(&("_t", "5".to_owned())), "{params:?}");
    let path = "tests/fixtures/edge-specs/test.edge.type.names.yaml";
    let spec = taobao_top_codegen::spec::parse(path, &taobao_top_tests::read(path)).unwrap();
    for (format, body) in [
        (Format::Xml, spec.examples.response_xml.clone()),
        (Format::Json, spec.examples.response_json.text.clone()),
    ] {
        let answer: TestEdgeTypeNamesResponse = decode_response(format, &body).unwrap();
        assert!(answer.unknown_fields().is_empty(), "{format}");
        assert_eq!(answer.dim_code.as_deref(), Some("D1"), "{format}");
        let result = answer.result.unwrap();
        let detail: Detail = result.detail.unwrap();
        let other: Detail2 = result.other.unwrap();
        let again: Detail = result.again.unwrap();
        let echo: PayRequest2 = result.echo.unwrap();
        let builder: PayRequestBuilder2 = result.builder.unwrap();
        assert_eq!(detail.code.as_deref(), Some("A1"), "{format}");
        assert_eq!(other.code, Some(7), "{format}");
        assert_eq!(again.code.as_deref(), Some("A2"), "{format}");
        assert_eq!(echo.amount, Some(100), "{format}");
        assert_eq!(builder.note.as_deref(), Some("n"), "{format}");
    }
}

#[test]
fn enums_of_both_kinds_work_on_both_sides() {
    use taobao_top_tests::edge::cases::Level;
    let mut request = edge_request();
    request.level = Some(Level::High);
    let params = request.business_params().unwrap();
    assert!(params.contains(&("level", "2".to_owned())));
    request.level = Some(Level::from(1));
    assert_eq!(
        request.level,
        Some(Level::V1),
        "variant derived from the value"
    );
    let response = json(r#"{"test_edge_cases_response":{"type":"refund"}}"#).unwrap();
    assert_eq!(response.r#type, Some(TradeKind::Refund));
    let response =
        xml("<test_edge_cases_response><type>exchange</type></test_edge_cases_response>").unwrap();
    assert_eq!(response.r#type, Some(TradeKind::from("exchange")));
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"type":"exchange"}"#
    );
}

#[test]
fn response_lists_decode_wrapped_bare_and_single() {
    use taobao_top_tests::edge::cases::EdgeRecord;
    let spec = taobao_top_tests::read("tests/fixtures/edge-specs/test.edge.cases.yaml");
    let spec = taobao_top_codegen::spec::parse("edge", &spec).unwrap();
    let from_xml = xml(&spec.examples.response_xml).unwrap();
    let from_json = json(&spec.examples.response_json.text).unwrap();
    assert_eq!(from_xml, from_json);
    assert!(
        from_xml.unknown_fields().is_empty(),
        "{:?}",
        from_xml.unknown_fields()
    );
    let records = from_xml.records.as_deref().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(
        (records[1].code.as_deref(), records[1].qty),
        (Some("b"), Some(2))
    );
    assert_eq!(from_xml.tags, Some(vec!["x".to_owned(), "y".to_owned()]));

    // Serialized back, lists keep TOP's wrapper: the JSON example again.
    let example: serde_json::Value =
        serde_json::from_str(&spec.examples.response_json.text).unwrap();
    assert_eq!(
        serde_json::to_value(&from_json).unwrap(),
        example["test_edge_cases_response"]
    );

    // One item in XML; an empty wrapper is None.
    let one = xml("<test_edge_cases_response><records><edge_record><code>a</code></edge_record></records><tags></tags></test_edge_cases_response>").unwrap();
    assert_eq!(one.records.map(|r| r.len()), Some(1));
    assert_eq!(one.tags, None);

    // simplify=true: bare arrays, no root wrapper.
    let simplified: TestEdgeCasesResponse =
        taobao_top::decode_simplified_json(r#"{"records":[{"code":"a"}],"tags":["x"]}"#).unwrap();
    let mut expected = EdgeRecord::default();
    expected.code = Some("a".into());
    assert_eq!(simplified.records, Some(vec![expected]));
    assert_eq!(simplified.tags, Some(vec!["x".to_owned()]));
}
