//! The payment every benchmark makes, and the documented answers of `alibaba.pos.order.pay`,
//! read from its spec as the tests do.

use std::path::PathBuf;

use taobao_top::apis::alibaba_pos::order_pay::{AlibabaPosOrderPayRequest, PayRequest};

/// The payment through `taobao-top` (`baseline::pay_request` is the same one by hand).
pub fn pay_request(request_id: &str) -> AlibabaPosOrderPayRequest {
    let pay = PayRequest::builder()
        .operator_id("123")
        .request_id(request_id)
        .machine_id("001")
        .buyer_id(1)
        .pay_channel("alipay_facepay_v2")
        .source("hema")
        .pay_fee(100)
        .shop_id("1")
        .payment_channel(1006)
        .payer_id(3)
        .checkout_id("111")
        .merchant_code("HM")
        .order_id("111")
        .build();
    AlibabaPosOrderPayRequest::builder()
        .shop_id(1)
        .pay_request(pay)
        .build()
}

/// The bodies a call decodes.
pub struct Answers {
    pub success_json: String,
    pub success_xml: String,
    pub error_json: String,
    pub error_xml: String,
}

const SPEC: &str = "spec/alibaba.pos.order.pay.yaml";

/// Reads the spec of `alibaba.pos.order.pay` from the repository; a bench cannot run
/// without it, so a missing or broken spec stops it with the reason.
pub fn order_pay() -> Answers {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join(SPEC))
        .unwrap_or_else(|e| panic!("cannot read {SPEC}: {e}"));
    let spec = taobao_top_codegen::spec::parse(SPEC, &text).unwrap_or_else(|e| panic!("{e}"));
    let with_request_id_json = |text: &str, root: &str| {
        let mut value: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{SPEC}: {e}"));
        value[root]["request_id"] = "0b1c2d3e4f5a".into();
        value.to_string()
    };
    let with_request_id_xml = |text: &str, root: &str| {
        let closing = format!("</{root}>");
        text.trim().replacen(
            &closing,
            &format!("<request_id>0b1c2d3e4f5a</request_id>{closing}"),
            1,
        )
    };
    let root = spec.response.root.clone();
    Answers {
        success_json: with_request_id_json(&spec.examples.response_json.text, &root),
        success_xml: format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\" ?>{}",
            with_request_id_xml(&spec.examples.response_xml, &root)
        ),
        error_json: with_request_id_json(&spec.examples.error_json.text, "error_response"),
        error_xml: format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\" ?>{}",
            with_request_id_xml(&spec.examples.error_xml, "error_response")
        ),
    }
}
