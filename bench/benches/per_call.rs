//! Per-call CPU of `alibaba.pos.order.pay` without a network, ours beside the hand-written
//! baseline (`taobao_top_bench::baseline`) in the same run: building the request, signing
//! and encoding it (each sign method), decoding the documented success (JSON, XML) and an
//! `error_response`, and the whole logic of one call. Allocations per call beside each.
//!
//! `cargo bench -p taobao-top-bench --bench per_call`

use taobao_top::apis::alibaba_pos::order_pay::AlibabaPosOrderPayResponse;
use taobao_top::{CallOptions, Client, Format, SignMethod, TopDateTime, decode_response};
use taobao_top_bench::baseline::{self, Sign};
use taobao_top_bench::fixtures;
use taobao_top_bench::harness::{Table, measure};

const APP_KEY: &str = "12345678";
const SECRET: &str = "bench-app-secret";
const TIMESTAMP: &str = "2026-12-03 12:00:00";

fn client(format: Format, sign: SignMethod) -> Client {
    Client::builder(APP_KEY, SECRET)
        .format(format)
        .sign_method(sign)
        .build()
        .expect("a client")
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let answers = fixtures::order_pay();
    let timestamp: TopDateTime = TIMESTAMP.parse().expect("a TOP timestamp");
    let options = CallOptions::new().timestamp(timestamp);
    let request_id = "75626abc-452d-486e-970d-e65e12fc1456";
    let mut table = Table::default();

    table.compare(
        "build the request",
        measure(|| fixtures::pay_request(request_id)),
        measure(|| {
            let request = baseline::pay_request(request_id);
            std::hint::black_box(&request);
        }),
    );
    let request = fixtures::pay_request(request_id);
    let plain = baseline::pay_request(request_id);
    for (ours, base, name) in [
        (SignMethod::Md5, Sign::Md5, "md5"),
        (SignMethod::Hmac, Sign::Hmac, "hmac"),
        (SignMethod::HmacSha256, Sign::HmacSha256, "hmac-sha256"),
    ] {
        let client = client(Format::Json, ours);
        table.compare(
            &format!("validate + encode + sign ({name})"),
            measure(|| client.sign_request(&request, &options).expect("signs")),
            measure(|| baseline::sign(&plain, APP_KEY, SECRET, TIMESTAMP, "json", base)),
        );
    }
    let decode =
        |format: Format, body: &str| decode_response::<AlibabaPosOrderPayResponse>(format, body);
    table.compare(
        "decode the documented success (JSON)",
        measure(|| decode(Format::Json, &answers.success_json).expect("decodes")),
        measure(|| baseline::decode_json(&answers.success_json).expect("decodes")),
    );
    table.compare(
        "decode the documented success (XML)",
        measure(|| decode(Format::Xml, &answers.success_xml).expect("decodes")),
        measure(|| baseline::decode_xml(&answers.success_xml).expect("decodes")),
    );
    table.compare(
        "decode an error_response (JSON)",
        measure(|| decode(Format::Json, &answers.error_json).expect_err("an error")),
        measure(|| baseline::decode_json(&answers.error_json).expect("decodes")),
    );
    table.compare(
        "decode an error_response (XML)",
        measure(|| decode(Format::Xml, &answers.error_xml).expect_err("an error")),
        measure(|| baseline::decode_xml(&answers.error_xml).expect("decodes")),
    );
    for (format, base_format, body, name) in [
        (Format::Json, "json", &answers.success_json, "JSON"),
        (Format::Xml, "xml", &answers.success_xml, "XML"),
    ] {
        let client = client(format, SignMethod::Md5);
        table.compare(
            &format!("one call's logic, md5 ({name})"),
            measure(|| {
                let request = fixtures::pay_request(request_id);
                let signed = client.sign_request(&request, &options).expect("signs");
                std::hint::black_box(&signed);
                decode(format, body).expect("decodes")
            }),
            measure(|| {
                let request = baseline::pay_request(request_id);
                let signed =
                    baseline::sign(&request, APP_KEY, SECRET, TIMESTAMP, base_format, Sign::Md5);
                std::hint::black_box(&signed);
                match base_format {
                    "json" => baseline::decode_json(body),
                    _ => baseline::decode_xml(body),
                }
                .expect("decodes")
            }),
        );
    }
    table.print("alibaba.pos.order.pay, per call without a network (median of 31 samples)");
}
