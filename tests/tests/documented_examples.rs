//! Every API against its own page: the documented XML response, the JSON derived from it
//! and the documented error decode through the generated types, and the page's Java
//! sample becomes the wire parameters. Snapshots are named after the method.

use serde::Serialize;
use taobao_top::{Error, Format, TopRequest, TopResponse, decode_response};
use taobao_top_tests::{documented_request, json_at, scalar_text, spec, xml_leaves};

/// Snapshots live in `tests/snapshots/<method>__<what>.snap`.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings
}

fn decoded_xml<R: TopResponse>(method: &str) -> R {
    let spec = spec(method);
    decode_response(Format::Xml, &spec.examples.response_xml)
        .unwrap_or_else(|error| panic!("{method}: documented XML example: {error}"))
}

fn decoded_json<R: TopResponse>(method: &str) -> R {
    let spec = spec(method);
    decode_response(Format::Json, &spec.examples.response_json.text)
        .unwrap_or_else(|error| panic!("{method}: derived JSON example: {error}"))
}

/// Every non-empty value of the XML example is in the decoded value, at the same path, with
/// the same text; every empty element decoded to `None`.
fn assert_nothing_dropped<R: TopResponse + Serialize>(method: &str, decoded: &R) {
    let spec = spec(method);
    let value = serde_json::to_value(decoded).expect("responses serialize");
    let leaves = xml_leaves(&spec.examples.response_xml);
    assert!(
        !leaves.is_empty(),
        "{method}: the XML example has no values"
    );
    for (path, text) in leaves {
        let found = json_at(&value, &path);
        if text.is_empty() {
            assert_eq!(found, None, "{method}: empty `{path}` must decode to None");
        } else {
            let found =
                found.unwrap_or_else(|| panic!("{method}: `{path}` = {text:?} was dropped"));
            assert_eq!(scalar_text(found), text, "{method}: `{path}` changed");
        }
    }
}

/// The JSON example, serialized back from its decoded value, is the example itself.
fn assert_json_round_trips<R: TopResponse + Serialize>(method: &str, decoded: &R) {
    let spec = spec(method);
    let example: serde_json::Value =
        serde_json::from_str(&spec.examples.response_json.text).expect("valid JSON");
    let under_root = &example[R::ROOT];
    assert_eq!(
        &serde_json::to_value(decoded).expect("serializes"),
        under_root
    );
}

fn documented_error<R: TopResponse + std::fmt::Debug>(format: Format, body: &str) -> String {
    match decode_response::<R>(format, body) {
        Err(Error::Api(error)) => format!("{error:#?}\n\nDisplay: {error}"),
        other => panic!("the error example must decode as an API error, got {other:?}"),
    }
}

macro_rules! documented_examples {
    ($name:ident, $method:literal, $request:ty) => {
        mod $name {
            use super::*;
            type Request = $request;
            type Response = <$request as TopRequest>::Response;

            #[test]
            fn decodes_the_xml_example() {
                let decoded: Response = decoded_xml($method);
                assert_nothing_dropped($method, &decoded);
                assert!(
                    decoded.unknown_fields().is_empty(),
                    "{:?}",
                    decoded.unknown_fields()
                );
                settings().bind(|| {
                    insta::assert_debug_snapshot!(
                        concat!(stringify!($name), "__decoded_xml"),
                        decoded
                    )
                });
            }

            #[test]
            fn decodes_the_json_example_to_the_same_value() {
                let json: Response = decoded_json($method);
                assert_json_round_trips($method, &json);
                assert_eq!(
                    json,
                    decoded_xml::<Response>($method),
                    "XML and JSON disagree"
                );
                settings().bind(|| {
                    insta::assert_debug_snapshot!(
                        concat!(stringify!($name), "__decoded_json"),
                        json
                    )
                });
            }

            #[test]
            fn decodes_the_error_example_as_an_api_error() {
                let spec = spec($method);
                let xml = documented_error::<Response>(Format::Xml, &spec.examples.error_xml);
                let json =
                    documented_error::<Response>(Format::Json, &spec.examples.error_json.text);
                assert_eq!(xml, json, "XML and JSON errors disagree");
                settings()
                    .bind(|| insta::assert_snapshot!(concat!(stringify!($name), "__error"), xml));
            }

            #[test]
            fn the_java_sample_becomes_wire_parameters() {
                let spec = spec($method);
                let request: Request = serde_json::from_value(documented_request(&spec))
                    .expect("the documented request fits the generated type");
                assert_eq!(<Request as TopRequest>::METHOD, $method);
                let params = request.business_params().expect("encodes");
                settings().bind(|| {
                    insta::assert_debug_snapshot!(
                        concat!(stringify!($name), "__wire_params"),
                        params
                    )
                });
            }
        }
    };
}

documented_examples!(
    alibaba_pos_order_pay,
    "alibaba.pos.order.pay",
    taobao_top::apis::alibaba_pos::AlibabaPosOrderPayRequest
);
documented_examples!(
    alibaba_pos_pay_account_ack,
    "alibaba.pos.pay.account.ack",
    taobao_top::apis::alibaba_pos::AlibabaPosPayAccountAckRequest
);
documented_examples!(
    alibaba_pos_pay_action_query,
    "alibaba.pos.pay.action.query",
    taobao_top::apis::alibaba_pos::AlibabaPosPayActionQueryRequest
);
documented_examples!(
    alibaba_alisports_lianbei_xpos_pay,
    "alibaba.alisports.lianbei.xpos.pay",
    taobao_top::apis::alibaba_alisports::AlibabaAlisportsLianbeiXposPayRequest
);
documented_examples!(
    alibaba_mos_oc_trade_syncbanksale,
    "alibaba.mos.oc.trade.syncbanksale",
    taobao_top::apis::alibaba_mos::AlibabaMosOcTradeSyncbanksaleRequest
);
