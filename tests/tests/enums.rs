//! Documented closed sets of values are enums: known values decode to their variant,
//! anything else to `Unknown` holding it, and every value goes back on the wire unchanged.

use taobao_top::apis::alibaba_mos::oc_trade_syncbanksale::{
    AlibabaMosOcTradeSyncbanksaleRequest, CommunicateType, PaymentChannel, PosBankSaleInfoDto,
    SaleType, SubSaleType,
};
use taobao_top::apis::alibaba_pos::order_pay::{AlibabaPosOrderPayResponse, ResultStatus};
use taobao_top::{Format, TopRequest, decode_response};

fn status(format: Format, body: &str) -> Option<ResultStatus> {
    let response: AlibabaPosOrderPayResponse = decode_response(format, body).expect("decodes");
    response
        .result
        .and_then(|r| r.model)
        .and_then(|m| m.result_status)
}

fn json(status: &str) -> String {
    format!(
        r#"{{"alibaba_pos_order_pay_response":{{"result":{{"model":{{"result_status":{status}}}}}}}}}"#
    )
}

fn xml(status: &str) -> String {
    format!(
        "<alibaba_pos_order_pay_response><result><model><result_status>{status}</result_status></model></result></alibaba_pos_order_pay_response>"
    )
}

#[test]
fn known_and_unknown_values_decode_in_both_formats() {
    for (raw, expected) in [
        ("1", ResultStatus::Success),
        ("2", ResultStatus::Failure),
        ("3", ResultStatus::Pending),
        ("4", ResultStatus::from(4)),
        ("-1", ResultStatus::from(-1)),
    ] {
        assert_eq!(
            status(Format::Json, &json(raw)),
            Some(expected.clone()),
            "JSON {raw}"
        );
        assert_eq!(
            status(Format::Json, &json(&format!("\"{raw}\""))),
            Some(expected.clone()),
            "JSON \"{raw}\""
        );
        assert_eq!(status(Format::Xml, &xml(raw)), Some(expected), "XML {raw}");
    }
    assert_eq!(status(Format::Json, &json("\"\"")), None);
    assert_eq!(status(Format::Xml, &xml("")), None);
    assert_eq!(ResultStatus::Pending.label(), Some("支付未决"));
    assert_eq!(ResultStatus::from(9).label(), None);
    assert_eq!(ResultStatus::from(9).to_string(), "9");
}

#[test]
fn unknown_values_serialize_back_unchanged() {
    for raw in ["1", "3", "42"] {
        let response: AlibabaPosOrderPayResponse =
            decode_response(Format::Json, &json(raw)).unwrap();
        let back = serde_json::to_string(&response).unwrap();
        assert_eq!(
            back,
            format!(r#"{{"result":{{"model":{{"result_status":{raw}}}}}}}"#)
        );
    }
}

fn sale(
    sale_type: impl Into<SaleType>,
    sub: impl Into<SubSaleType>,
) -> AlibabaMosOcTradeSyncbanksaleRequest {
    let info = PosBankSaleInfoDto::builder()
        .order_id("1111111")
        .sequence_no("1111111")
        .payment_channel(PaymentChannel::BankCard)
        .trade_time("2018-06-28 15:30:39")
        .sale_type(sale_type)
        .sub_sale_type(sub)
        .trade_amount(1000)
        .pos_trace_no("1111111")
        .trade_ref_no("1111111")
        .pay_type_no(111111111)
        .store_no("HZ01")
        .operate_time("2018-06-28 15:30:39")
        .communicate_type("003") // undocumented: accepted as a raw value
        .build();
    AlibabaMosOcTradeSyncbanksaleRequest::builder()
        .pos_bank_sale_info_dto(info)
        .build()
}

#[test]
fn request_enums_send_the_exact_wire_value_and_accept_raw_ones() {
    let request = sale(SaleType::Refund, "006");
    assert_eq!(
        request.pos_bank_sale_info_dto.sub_sale_type,
        SubSaleType::Refund
    );
    assert_eq!(
        request.pos_bank_sale_info_dto.communicate_type,
        Some(CommunicateType::from("003"))
    );
    let params = request.business_params().unwrap();
    let json: serde_json::Value = serde_json::from_str(&params[0].1).unwrap();
    assert_eq!(json["sale_type"], "1");
    assert_eq!(json["sub_sale_type"], "006", "the leading zeros stay");
    assert_eq!(json["payment_channel"], "002");
    assert_eq!(json["communicate_type"], "003");
    // And back: the mock gateway and tests read requests with the same types.
    let decoded: PosBankSaleInfoDto = serde_json::from_value(json).unwrap();
    assert_eq!(decoded, request.pos_bank_sale_info_dto);
}

#[test]
fn an_empty_required_enum_value_is_refused_before_sending() {
    let request = sale("", SubSaleType::Purchase);
    match request.validate() {
        Err(taobao_top::Error::InvalidRequest(problem)) => {
            assert_eq!(problem.field, "pos_bank_sale_info_dto.sale_type");
            assert_eq!(problem.code, 40);
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[test]
fn unknown_holds_only_undocumented_values() {
    use taobao_top::UnknownValue;
    // A documented value is always its variant, whichever way it arrives.
    assert_eq!(ResultStatus::from(1), ResultStatus::Success);
    assert_eq!(
        status(Format::Json, &json("\"1\"")),
        Some(ResultStatus::Success)
    );
    assert!(UnknownValue::<ResultStatus>::new(1) == Err(ResultStatus::Success));
    // Anything else is `Unknown`, its value readable but not constructible as a known one.
    match ResultStatus::from(4) {
        ResultStatus::Unknown(unknown) => {
            assert_eq!(unknown.value(), 4);
            assert_eq!(format!("{unknown:?}"), "4");
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    match CommunicateType::from("003") {
        CommunicateType::Unknown(unknown) => assert_eq!(unknown.as_str(), "003"),
        other => panic!("expected Unknown, got {other:?}"),
    }
}

#[test]
fn optional_setters_have_option_twins() {
    let forwarded: Option<String> = None;
    let info = PosBankSaleInfoDto::builder()
        .order_id("1")
        .sequence_no("1")
        .payment_channel(PaymentChannel::BankCard)
        .trade_time("2018-06-28 15:30:39")
        .sale_type(SaleType::Refund)
        .sub_sale_type(SubSaleType::Refund)
        .trade_amount(1)
        .pos_trace_no("1")
        .trade_ref_no("1")
        .pay_type_no(1)
        .store_no("HZ01")
        .operate_time("2018-06-28 15:30:39")
        .communicate_type("003")
        .set_communicate_type(forwarded.map(CommunicateType::from))
        .build();
    assert_eq!(info.communicate_type, None);
}
