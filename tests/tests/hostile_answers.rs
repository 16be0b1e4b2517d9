//! Answers a hostile or broken gateway could send: each used to decode as a wrong `Ok` (or
//! lose an error), and must now be exact or an error, the same in JSON and XML (issue 11).

use taobao_top::apis::alibaba_pos::order_pay::AlibabaPosOrderPayResponse;
use taobao_top::{
    DecodeError, Error, Format, MAX_UNKNOWN_PATHS, TopResponse, decode_response,
    decode_simplified_json,
};
use taobao_top_tests::edge::cases::TestEdgeCasesResponse;

type Pay = AlibabaPosOrderPayResponse;

const ROOT: &str = "alibaba_pos_order_pay_response";

/// An order.pay answer whose `result.model.<field>` is `json_value` (JSON text as written).
fn pay_json(field: &str, json_value: &str) -> String {
    format!(r#"{{"{ROOT}":{{"result":{{"model":{{"{field}":{json_value}}}}}}}}}"#)
}

/// The same answer in XML, `<field>text</field>`.
fn pay_xml(field: &str, text: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><{ROOT}><result><model><{field}>{text}</{field}></model></result></{ROOT}>"
    )
}

fn decode_error<R: std::fmt::Debug>(result: Result<R, Error>, what: &str) -> DecodeError {
    match result {
        Err(Error::Decode(error)) => error,
        other => panic!("{what}: expected a decode error, got {other:?}"),
    }
}

fn fee(response: Pay) -> Option<i64> {
    response.result?.model?.current_pay_fee
}

fn order_id(response: Pay) -> Option<String> {
    response.result?.model?.payment_order_id
}

#[test]
fn integers_are_exact_at_every_boundary() {
    for text in [
        "9007199254740993",
        "-9007199254740993",
        "9223372036854775807",
        "-9223372036854775808",
        "0",
        "-1",
    ] {
        let expected: i64 = text.parse().unwrap();
        for (format, body) in [
            (Format::Json, pay_json("current_pay_fee", text)),
            (
                Format::Json,
                pay_json("current_pay_fee", &format!("\"{text}\"")),
            ),
            (Format::Xml, pay_xml("current_pay_fee", text)),
        ] {
            let response: Pay = decode_response(format, &body).unwrap();
            assert_eq!(fee(response), Some(expected), "{body}");
        }
    }
}

#[test]
fn a_number_that_is_not_an_exact_i64_is_an_error_naming_the_field() {
    for text in [
        "9007199254740993.0",
        "1234567890123456789.0",
        "34.0",
        "34.0000000000000001",
        "1E2",
        "1e2",
        "-9223372036854775809",
        "9223372036854775808",
        "20230101123456789012345",
        "-0.0",
    ] {
        for (format, body) in [
            (Format::Json, pay_json("current_pay_fee", text)),
            (
                Format::Json,
                pay_json("current_pay_fee", &format!("\"{text}\"")),
            ),
            (Format::Xml, pay_xml("current_pay_fee", text)),
        ] {
            let error = decode_error(decode_response::<Pay>(format, &body), &body);
            assert_eq!(error.path, "result.model.current_pay_fee", "{body}");
            assert_eq!(error.format, format);
            assert!(error.message.contains(text), "{body}: {}", error.message);
        }
    }
}

#[test]
fn a_string_field_keeps_the_exact_characters_sent_even_as_a_json_number() {
    for text in [
        "20230101123456789012345",
        "10.10",
        "1E2",
        "-0",
        "9007199254740993",
        "1.5e-7",
    ] {
        for (format, body) in [
            (Format::Json, pay_json("payment_order_id", text)),
            (
                Format::Json,
                pay_json("payment_order_id", &format!("\"{text}\"")),
            ),
            (Format::Xml, pay_xml("payment_order_id", text)),
        ] {
            let response: Pay = decode_response(format, &body).unwrap();
            assert_eq!(order_id(response).as_deref(), Some(text), "{body}");
        }
    }
    // Escapes are decoded, not kept: the characters are what the text says.
    let body = pay_json("payment_order_id", r#""a\"b\u4e2d""#);
    let response: Pay = decode_response(Format::Json, &body).unwrap();
    assert_eq!(order_id(response).as_deref(), Some("a\"b中"));
}

#[test]
fn a_json_object_is_never_taken_for_a_value() {
    // `$text` is quick-xml's name for element text; in JSON it is just an object.
    let body = pay_json("current_pay_fee", r#"{"$text":"5"}"#);
    let error = decode_error(decode_response::<Pay>(Format::Json, &body), &body);
    assert_eq!(error.path, "result.model.current_pay_fee");
    let body = pay_json("payment_order_id", "[\"1\"]");
    let error = decode_error(decode_response::<Pay>(Format::Json, &body), &body);
    assert_eq!(error.path, "result.model.payment_order_id");
}

#[test]
fn a_body_holds_exactly_one_root() {
    let success = format!(r#""{ROOT}":{{"result":{{"is_success":true}}}}"#);
    let failure = r#""error_response":{"code":50,"msg":"Remote service error"}"#;
    for body in [
        format!("{{{success},{failure}}}"),
        format!("{{{failure},{success}}}"),
        format!("{{{success},{success}}}"),
        format!("{{{failure},{failure}}}"),
        format!(r#"{{{success},"extra":1}}"#),
        format!("{{{success}}} {{{failure}}}"),
    ] {
        let error = decode_error(decode_response::<Pay>(Format::Json, &body), &body);
        assert_eq!(error.path, "", "{body}");
    }
    let error = decode_error(
        decode_response::<Pay>(Format::Json, &format!("{{{success},{failure}}}")),
        "both",
    );
    assert!(
        error.message.starts_with(
            "the body holds `alibaba_pos_order_pay_response` and then `error_response`: expected exactly one root"
        ),
        "{}",
        error.message
    );

    let success = format!("<{ROOT}><result><is_success>true</is_success></result></{ROOT}>");
    let failure = "<error_response><code>50</code><msg>Remote service error</msg></error_response>";
    for (body, message) in [
        (
            format!("{success}{failure}"),
            "a second root element `error_response` after `alibaba_pos_order_pay_response`",
        ),
        (
            format!("{failure}{success}"),
            "a second root element `alibaba_pos_order_pay_response` after `error_response`",
        ),
        (
            format!("{success}garbage"),
            "content after the root element",
        ),
        (format!("{success}<x/>"), "a second root element `x`"),
        (
            format!("text{success}"),
            "the answer is neither JSON nor XML",
        ),
    ] {
        let error = decode_error(decode_response::<Pay>(Format::Xml, &body), &body);
        assert!(
            error.message.starts_with(message),
            "{body}: {}",
            error.message
        );
    }
    // What real bodies carry around the root stays accepted.
    let body = format!("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n{success}<!--top01.na61-->\n");
    assert!(decode_response::<Pay>(Format::Xml, &body).is_ok());
}

#[test]
fn a_byte_order_mark_is_the_same_in_both_formats() {
    let json = format!("\u{feff}{}", pay_json("current_pay_fee", "34"));
    let xml = format!("\u{feff}{}", pay_xml("current_pay_fee", "34"));
    assert_eq!(fee(decode_response(Format::Json, &json).unwrap()), Some(34));
    assert_eq!(fee(decode_response(Format::Xml, &xml).unwrap()), Some(34));
}

#[test]
fn an_object_decodes_only_from_an_object() {
    let cases = [
        (
            format!(r#"{{"{ROOT}":{{"result":{{"model":["a",1,1,1,"",1]}}}}}}"#),
            "result.model",
        ),
        (format!(r#"{{"{ROOT}":{{"result":[true]}}}}"#), "result"),
        (format!(r#"{{"{ROOT}":{{"result":1}}}}"#), "result"),
        (format!(r#"{{"{ROOT}":{{"result":"x"}}}}"#), "result"),
        (format!(r#"{{"{ROOT}":[]}}"#), ""),
        (format!(r#"{{"{ROOT}":"ok"}}"#), ""),
        (r#"{"error_response":[50,"msg"]}"#.to_owned(), ""),
    ];
    for (body, path) in cases {
        let error = decode_error(decode_response::<Pay>(Format::Json, &body), &body);
        assert_eq!(error.path, path, "{body}");
    }
    let body = format!("<{ROOT}><result>text</result></{ROOT}>");
    let error = decode_error(decode_response::<Pay>(Format::Xml, &body), &body);
    assert_eq!(error.path, "result");
    // Empty stays "no value", as for scalars.
    let response: Pay =
        decode_response(Format::Json, &format!(r#"{{"{ROOT}":{{"result":""}}}}"#)).unwrap();
    assert_eq!(response.result, None);
}

#[test]
fn list_items_follow_the_same_rules() {
    let edge = |format, body: &str| decode_response::<TestEdgeCasesResponse>(format, body);
    let root = "test_edge_cases_response";
    for body in [
        format!(r#"{{"{root}":{{"records":{{"edge_record":[["a",1]]}}}}}}"#),
        format!(r#"{{"{root}":{{"records":{{"edge_record":[{{"qty":1.5}}]}}}}}}"#),
        format!(r#"{{"{root}":{{"records":{{"edge_record":[1]}}}}}}"#),
    ] {
        let error = decode_error(edge(Format::Json, &body), &body);
        assert!(error.path.starts_with("records"), "{body}: {}", error.path);
    }
    // Only the documented item element holds items: another one is unknown, not an item.
    let body = format!(r#"{{"{root}":{{"tags":{{"string":["a"],"other":["b"]}}}}}}"#);
    let response = edge(Format::Json, &body).unwrap();
    assert_eq!(response.tags, Some(vec!["a".to_owned()]));
    assert_eq!(response.unknown_fields().paths(), ["tags.other"]);
    let body = format!("<{root}><tags><zz>1</zz></tags></{root}>");
    let response = edge(Format::Xml, &body).unwrap();
    assert_eq!(response.tags, None);
    assert_eq!(response.unknown_fields().paths(), ["tags.zz"]);
    // String items are exact, and an empty one keeps its place.
    let body = format!(r#"{{"{root}":{{"tags":{{"string":[10.10,"","x"]}}}}}}"#);
    let response = edge(Format::Json, &body).unwrap();
    assert_eq!(
        response.tags,
        Some(vec!["10.10".to_owned(), String::new(), "x".to_owned()])
    );
    let body = format!(
        "<{root}><tags><string>10.10</string><string></string><string>x</string></tags></{root}>"
    );
    let response = edge(Format::Xml, &body).unwrap();
    assert_eq!(
        response.tags,
        Some(vec!["10.10".to_owned(), String::new(), "x".to_owned()])
    );
}

#[test]
fn an_error_in_the_other_format_keeps_its_code() {
    let json_error =
        r#"{"error_response":{"code":25,"msg":"Invalid signature","request_id":"r1"}}"#;
    let xml_error = "<?xml version=\"1.0\"?><error_response><code>25</code><msg>Invalid signature</msg></error_response>";
    for (asked, body) in [(Format::Xml, json_error), (Format::Json, xml_error)] {
        match decode_response::<Pay>(asked, body) {
            Err(Error::Api(error)) => {
                assert_eq!(error.code, 25);
                assert_eq!(error.msg, "Invalid signature");
            }
            other => panic!("{body}: expected the API error, got {other:?}"),
        }
    }
    match decode_simplified_json::<Pay>(xml_error) {
        Err(Error::Api(error)) => assert_eq!(error.code, 25),
        other => panic!("expected the API error, got {other:?}"),
    }
    // A success in the other format is not taken: the client asked for something else.
    let error = decode_error(
        decode_response::<Pay>(Format::Xml, &pay_json("current_pay_fee", "1")),
        "json as xml",
    );
    assert_eq!(error.format, Format::Json);
    assert!(
        error
            .message
            .starts_with("the answer is JSON although XML was asked for"),
        "{}",
        error.message
    );
    let error = decode_error(
        decode_response::<Pay>(Format::Json, &pay_xml("current_pay_fee", "1")),
        "xml as json",
    );
    assert!(
        error
            .message
            .starts_with("the answer is XML although JSON was asked for"),
        "{}",
        error.message
    );
}

#[test]
fn decode_error_paths_are_the_same_in_both_formats() {
    let json = decode_error(
        decode_response::<Pay>(Format::Json, &pay_json("current_pay_fee", "\"abc\"")),
        "json",
    );
    let xml = decode_error(
        decode_response::<Pay>(Format::Xml, &pay_xml("current_pay_fee", "abc")),
        "xml",
    );
    assert_eq!(json.path, "result.model.current_pay_fee");
    assert_eq!(xml.path, json.path);
}

#[test]
fn xml_attributes_are_reported_as_unknown_fields_never_fatal() {
    let body = format!(
        "<{ROOT} version=\"2\"><result kind=\"a\"><model><current_pay_fee currency=\"CNY\">34</current_pay_fee>\
         <payment_order_id x=\"1\"/></model></result></{ROOT}>"
    );
    let response: Pay = decode_response(Format::Xml, &body).unwrap();
    assert_eq!(
        response.unknown_fields().paths(),
        [
            "@version",
            "result.@kind",
            "result.model.current_pay_fee.@currency",
            "result.model.payment_order_id.@x"
        ]
    );
    let model = response.result.unwrap().model.unwrap();
    assert_eq!(model.current_pay_fee, Some(34));
    assert_eq!(model.payment_order_id, None);
}

#[test]
fn unknown_fields_are_bounded_by_count_not_by_the_body() {
    let count = 50_000;
    let xml = format!("<{ROOT}>{}</{ROOT}>", "<z/>".repeat(count));
    let json = format!(
        "{{\"{ROOT}\":{{{}}}}}",
        (0..count)
            .map(|i| format!("\"k{i}\":1"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for (format, body) in [(Format::Xml, xml), (Format::Json, json)] {
        let response: Pay = decode_response(format, &body).unwrap();
        let unknown = response.unknown_fields();
        assert_eq!(unknown.len(), MAX_UNKNOWN_PATHS, "{format}");
        assert_eq!(unknown.total(), count, "{format}");
        assert!(unknown.is_truncated());
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 200_000;
    let xml = format!(
        "<{ROOT}>{}{}</{ROOT}>",
        "<z>".repeat(depth),
        "</z>".repeat(depth)
    );
    let error = decode_error(decode_response::<Pay>(Format::Xml, &xml), "deep xml");
    assert!(
        error.message.contains("nested deeper than"),
        "{}",
        error.message
    );
    let json = format!(
        "{{\"{ROOT}\":{{\"z\":{}1{}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    // serde_json skips an unknown value without recursing: reported, not fatal.
    let response: Pay = decode_response(Format::Json, &json).unwrap();
    assert_eq!(response.unknown_fields().paths(), ["z"]);
    // Known fields nest only as deep as the spec: deeper is unknown and skipped.
}

#[test]
fn a_field_sent_twice_is_an_error_not_a_choice() {
    let json = format!(
        r#"{{"{ROOT}":{{"result":{{"model":{{"current_pay_fee":1,"current_pay_fee":2}}}}}}}}"#
    );
    let xml = format!(
        "<{ROOT}><result><model><current_pay_fee>1</current_pay_fee><current_pay_fee>2</current_pay_fee></model></result></{ROOT}>"
    );
    for (format, body) in [(Format::Json, json), (Format::Xml, xml)] {
        let error = decode_error(decode_response::<Pay>(format, &body), &body);
        assert!(
            error.message.contains("duplicate field `current_pay_fee`"),
            "{format}: {}",
            error.message
        );
        assert_eq!(error.path, "result.model", "{format}");
    }
}

#[test]
fn whitespace_before_the_xml_root_changes_nothing() {
    let inner = format!("<{ROOT}>\n  <request_id>r-1</request_id>\n</{ROOT}>");
    for body in [
        format!("\n{inner}"),
        format!("  \n\t{inner}\n"),
        format!("<?xml version=\"1.0\"?>\n\n{inner}"),
    ] {
        let response: Pay = decode_response(Format::Xml, &body).unwrap();
        assert_eq!(response.request_id.as_deref(), Some("r-1"), "{body:?}");
    }
}

#[test]
fn an_empty_object_is_an_object_with_no_values() {
    let empty = Some(Default::default());
    for (format, body) in [
        (Format::Xml, format!("<{ROOT}><result></result></{ROOT}>")),
        (Format::Xml, format!("<{ROOT}><result/></{ROOT}>")),
        (
            Format::Xml,
            format!("<{ROOT}><result>\n  </result></{ROOT}>"),
        ),
        (Format::Json, format!(r#"{{"{ROOT}":{{"result":{{}}}}}}"#)),
    ] {
        let response: Pay = decode_response(format, &body).unwrap();
        assert_eq!(response.result, empty, "{body}");
    }
    for body in [
        format!(r#"{{"{ROOT}":{{"result":""}}}}"#),
        format!(r#"{{"{ROOT}":{{"result":null}}}}"#),
    ] {
        let response: Pay = decode_response(Format::Json, &body).unwrap();
        assert_eq!(response.result, None, "{body}");
    }
}
