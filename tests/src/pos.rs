//! The POS payment calls the retry and fault tests make against the mock gateway: a client
//! pointed at it, a payment request per idempotency key, and reading a key back from the
//! gateway's journal.

use serde::de::DeserializeOwned;
use taobao_top::apis::alibaba_pos::order_pay::{AlibabaPosOrderPayRequest, PayRequest};
use taobao_top::{Client, Format, Gateway, RetryPolicy, SignMethod};
use taobao_top_mock::{Call, MockGateway};

pub const ORDER_PAY: &str = "alibaba.pos.order.pay";

/// A JSON client of `gateway` with `policy`, md5-signed, 2 s per attempt.
pub fn client(gateway: &MockGateway, policy: RetryPolicy) -> Client {
    client_with(
        gateway,
        policy,
        Format::Json,
        std::time::Duration::from_secs(2),
    )
}

/// A client of `gateway`: this format, this timeout per attempt.
pub fn client_with(
    gateway: &MockGateway,
    policy: RetryPolicy,
    format: Format,
    timeout: std::time::Duration,
) -> Client {
    Client::builder(gateway.app_key(), gateway.app_secret())
        .gateway(Gateway::Custom(gateway.url()))
        .sign_method(SignMethod::Md5)
        .format(format)
        .timeout(timeout)
        .retry(policy)
        .build()
        .expect("a client of the mock gateway")
}

/// A payment of 100 fen whose idempotency key (`pay_request.request_id`) is `request_id`.
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

/// The documented request of `method` (its page's Java sample), as its request type.
pub fn documented<R: DeserializeOwned>(method: &str) -> R {
    serde_json::from_value(crate::documented_request(&crate::spec(method)))
        .unwrap_or_else(|e| panic!("{method}: the documented request does not decode: {e}"))
}

/// The `pay_request.request_id` a journaled `alibaba.pos.order.pay` call sent.
pub fn pay_key(call: &Call) -> String {
    let pay: serde_json::Value = serde_json::from_str(call.param("pay_request").unwrap_or("null"))
        .expect("pay_request is JSON");
    pay["request_id"].as_str().unwrap_or_default().to_owned()
}
