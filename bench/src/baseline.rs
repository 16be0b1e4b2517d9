//! The floor every figure is compared with: a hand-written minimal client of
//! `alibaba.pos.order.pay`, as a careful engineer writes one for one API. Typed structs with
//! serde, a hand-built form string, the digest crates, serde_json or quick-xml; no layers,
//! no validation, no unknown-field tracking, no generated types.

use std::fmt::Write as _;

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// `pay_request`, the object parameter.
#[derive(Serialize)]
pub struct PayRequest<'a> {
    pub operator_id: &'a str,
    pub request_id: &'a str,
    pub machine_id: &'a str,
    pub buyer_id: i64,
    pub pay_channel: &'a str,
    pub source: &'a str,
    pub pay_fee: i64,
    pub shop_id: &'a str,
    pub payment_channel: i64,
    pub payer_id: i64,
    pub checkout_id: &'a str,
    pub merchant_code: &'a str,
    pub order_id: &'a str,
}

/// The same payment the benchmarks make through `taobao-top`.
pub fn pay_request(request_id: &str) -> PayRequest<'_> {
    PayRequest {
        operator_id: "123",
        request_id,
        machine_id: "001",
        buyer_id: 1,
        pay_channel: "alipay_facepay_v2",
        source: "hema",
        pay_fee: 100,
        shop_id: "1",
        payment_channel: 1006,
        payer_id: 3,
        checkout_id: "111",
        merchant_code: "HM",
        order_id: "111",
    }
}

/// The three signatures TOP takes.
#[derive(Clone, Copy, Debug)]
pub enum Sign {
    Md5,
    Hmac,
    HmacSha256,
}

impl Sign {
    fn name(self) -> &'static str {
        match self {
            Sign::Md5 => "md5",
            Sign::Hmac => "hmac",
            Sign::HmacSha256 => "hmac-sha256",
        }
    }
}

/// The URL query (system parameters and `sign`) and the form body of one call.
pub struct Signed {
    pub query: String,
    pub body: String,
}

/// Encodes and signs a payment: the business parameters, the system parameters, the
/// signature over all of them sorted by name, then the query and the body.
pub fn sign(
    request: &PayRequest<'_>,
    app_key: &str,
    secret: &str,
    timestamp: &str,
    format: &str,
    method: Sign,
) -> Signed {
    let pay_request = serde_json::to_string(request).expect("serializes");
    let mut params: [(&str, &str); 8] = [
        ("app_key", app_key),
        ("format", format),
        ("method", "alibaba.pos.order.pay"),
        ("sign_method", method.name()),
        ("timestamp", timestamp),
        ("v", "2.0"),
        ("pay_request", &pay_request),
        ("shop_id", "1"),
    ];
    params.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let digest: Vec<u8> = match method {
        Sign::Md5 => {
            let mut md5 = Md5::new();
            md5.update(secret);
            for (key, value) in &params {
                md5.update(key);
                md5.update(value);
            }
            md5.update(secret);
            md5.finalize().to_vec()
        }
        Sign::Hmac => {
            let mut mac = Hmac::<Md5>::new_from_slice(secret.as_bytes()).expect("any key");
            for (key, value) in &params {
                mac.update(key.as_bytes());
                mac.update(value.as_bytes());
            }
            mac.finalize().into_bytes().to_vec()
        }
        Sign::HmacSha256 => {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
            for (key, value) in &params {
                mac.update(key.as_bytes());
                mac.update(value.as_bytes());
            }
            mac.finalize().into_bytes().to_vec()
        }
    };
    let mut sign = String::with_capacity(digest.len() * 2);
    for byte in digest {
        let _ = write!(sign, "{byte:02X}");
    }
    let mut query = form_urlencoded::Serializer::new(String::with_capacity(256));
    for (key, value) in &params {
        if !matches!(*key, "pay_request" | "shop_id") {
            query.append_pair(key, value);
        }
    }
    query.append_pair("sign", &sign);
    let body = form_urlencoded::Serializer::new(String::with_capacity(512))
        .append_pair("pay_request", &pay_request)
        .append_pair("shop_id", "1")
        .finish();
    Signed {
        query: query.finish(),
        body,
    }
}

/// `alibaba_pos_order_pay_response`, the fields the page documents.
#[derive(Debug, Deserialize)]
pub struct PayResponse {
    pub result: Option<PosResult>,
    pub request_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PosResult {
    pub model: Option<PayModel>,
    pub msg_code: Option<String>,
    pub msg_info: Option<String>,
    pub is_success: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct PayModel {
    pub payment_order_id: Option<String>,
    pub current_pay_fee: Option<i64>,
    pub current_payment_channel: Option<i64>,
    pub remaining_fee: Option<i64>,
    pub channel_order_id: Option<String>,
    pub result_status: Option<i64>,
    pub result_message: Option<String>,
    pub result_code: Option<String>,
    pub is_success: Option<bool>,
    pub attributes: Option<String>,
}

/// TOP's `error_response`.
#[derive(Debug, Deserialize)]
pub struct ErrorResponse {
    pub code: i64,
    pub msg: String,
    pub sub_code: Option<String>,
    pub sub_msg: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Deserialize)]
struct JsonEnvelope {
    alibaba_pos_order_pay_response: Option<PayResponse>,
    error_response: Option<ErrorResponse>,
}

/// A decoded answer.
#[derive(Debug)]
pub enum Answer {
    Paid(PayResponse),
    Refused(ErrorResponse),
}

/// Decodes a JSON answer: success or `error_response`.
pub fn decode_json(body: &str) -> Result<Answer, String> {
    let envelope: JsonEnvelope = serde_json::from_str(body).map_err(|e| e.to_string())?;
    match (
        envelope.alibaba_pos_order_pay_response,
        envelope.error_response,
    ) {
        (Some(paid), None) => Ok(Answer::Paid(paid)),
        (None, Some(refused)) => Ok(Answer::Refused(refused)),
        _ => Err("not one root".to_owned()),
    }
}

/// Decodes an XML answer: the root element's name says which.
pub fn decode_xml(body: &str) -> Result<Answer, String> {
    if body.contains("<error_response") {
        quick_xml::de::from_str(body)
            .map(Answer::Refused)
            .map_err(|e| e.to_string())
    } else {
        quick_xml::de::from_str(body)
            .map(Answer::Paid)
            .map_err(|e| e.to_string())
    }
}
