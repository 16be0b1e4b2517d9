//! The client over real HTTP against the mock gateway (`taobao-top-mock`) on 127.0.0.1,
//! which checks every call with its own code (POST, content type, session kept out of the
//! URL, signature, timestamp in GMT+8, version, method, session, business parameters).
//! `.ci/run` runs this file again under another time zone.

use std::time::Duration;

use serde::Serialize;
use taobao_top::apis::alibaba_pos::AlibabaPosPayAccountAckRequest;
use taobao_top::apis::alibaba_pos::order_pay::{
    AlibabaPosOrderPayRequest, PayRequest, ResultStatus,
};
use taobao_top::prelude::*;
use taobao_top::{
    CallOptions, Client, Error, Format, Gateway, SignMethod, TopRequest, TopResponse,
    TransportErrorKind, decode_response,
};
use taobao_top_mock::{Answer, FilePart, MockGateway, MockGatewayBuilder, SessionKey, TopError};
use taobao_top_tests::raw_server::{RawEnding, RawServer};
use taobao_top_tests::{documented_request, mismatched_paths, spec};

const APP_KEY: &str = "12345678";
const SECRET: &str = "s3cr3t-应用密钥-0123456789";
const SESSION: &str = "6100e2b0b3f8a1c0-session-key";
const PAY: &str = "alibaba.pos.order.pay";
const ACK: &str = "alibaba.pos.pay.account.ack";

/// A mock gateway for this file's app whose documented answers are the pages' examples (no
/// payment model: these tests check the client, not how payments move).
fn builder() -> MockGatewayBuilder {
    MockGateway::builder()
        .app_key(APP_KEY)
        .app_secret(SECRET)
        .session(SESSION)
        .payment_model(false)
}

async fn start() -> MockGateway {
    builder().start().await.expect("the mock gateway starts")
}

/// The request id the gateway answered its last call with.
fn last_request_id(gateway: &MockGateway) -> String {
    gateway.journal().pop().expect("a call").request_id
}

fn client(gateway: &MockGateway, format: Format, sign_method: SignMethod) -> Client {
    Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(gateway.url()))
        .format(format)
        .sign_method(sign_method)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn documented<R: TopRequest + serde::de::DeserializeOwned>(method: &str) -> R {
    serde_json::from_value(documented_request(&spec(method))).expect("documented request")
}

/// The documented answer, as the gateway sends it (with its request id).
fn expected<R: TopRequest>(method: &str, format: Format, request_id: &str) -> R::Response {
    let spec = spec(method);
    let text = match format {
        Format::Json => spec.examples.response_json.text,
        Format::Xml => spec.examples.response_xml,
    };
    let mut response: R::Response = decode_response(format, &text).expect("documented example");
    let mut value = serde_json::to_value(&response).expect("serializes");
    value["request_id"] = request_id.into();
    response = serde_json::from_value(value).expect("deserializes");
    response
}

/// Calls `method` with its documented request in both formats and all three sign methods;
/// the gateway must accept each call and the answer must be the documented one. A documented
/// answer that contradicts its own types (`mismatched_example` in the spec) may instead be
/// refused, with a decode error at such a field, as `documented_examples` requires of it.
async fn round_trip<R>(method: &str)
where
    R: TopRequest + serde::de::DeserializeOwned,
    R::Response: PartialEq + std::fmt::Debug + Serialize,
{
    let gateway = start().await;
    let request: R = documented(method);
    let mismatched = mismatched_paths(&spec(method).response.fields, "");
    let mut calls = 0;
    for format in [Format::Json, Format::Xml] {
        for sign_method in [SignMethod::Md5, SignMethod::Hmac, SignMethod::HmacSha256] {
            let client = client(&gateway, format, sign_method).with_session(SESSION);
            let result = client.execute(&request).await;
            calls += 1;
            let call = gateway.journal().pop().expect("a call");
            assert_eq!(call.rejected, None, "{method} {format} {sign_method}");
            // Every business parameter arrived in the body, exactly as encoded.
            for (name, value) in request.business_params().expect("encodes") {
                assert!(
                    call.body.contains(&(name.to_owned(), value)),
                    "{method}: `{name}` not in the body"
                );
            }
            assert_eq!(call.params["format"], format.as_str());
            assert_eq!(call.params["sign_method"], sign_method.as_str());
            let answer = match result {
                Err(Error::Decode(error))
                    if mismatched
                        .iter()
                        .any(|path| error.path.starts_with(path.as_str())) =>
                {
                    continue;
                }
                result => result.unwrap_or_else(|e| panic!("{method} {format} {sign_method}: {e}")),
            };
            assert_eq!(
                answer,
                expected::<R>(method, format, &call.request_id),
                "{method} {format}"
            );
            assert_eq!(answer.request_id(), Some(call.request_id.as_str()));
            assert!(answer.unknown_fields().is_empty());
        }
    }
    assert_eq!(gateway.journal().len(), calls);
}

/// One round trip test per API of `spec/`, named after its client method
/// (`round_trips::alibaba_pos_order_pay`): the list comes from `spec/` (see `build.rs`).
mod round_trips {
    macro_rules! round_trip_test {
        ($name:ident, $request:ty, $method:literal) => {
            #[tokio::test]
            async fn $name() {
                super::round_trip::<$request>($method).await;
            }
        };
    }

    taobao_top_tests::for_each_spec_api!(round_trip_test);
}

fn pay_request(request_id: &str) -> AlibabaPosOrderPayRequest {
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

#[tokio::test]
async fn the_generated_method_calls_the_api() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    let answer = client
        .alibaba_pos_order_pay(&pay_request("r-1"))
        .await
        .expect("paid");
    let status = answer
        .result
        .and_then(|r| r.model)
        .and_then(|m| m.result_status);
    assert_eq!(status, Some(ResultStatus::Success));
    let call = &gateway.journal()[0];
    assert_eq!(call.params["method"], "alibaba.pos.order.pay");
    // System parameters and the signature travel in the URL, business parameters in the body.
    let query_keys: Vec<&str> = call.query.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        query_keys,
        [
            "app_key",
            "format",
            "method",
            "sign_method",
            "timestamp",
            "v",
            "sign"
        ]
    );
    let body_keys: Vec<&str> = call.body.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(body_keys, ["pay_request", "shop_id"]);
    assert_eq!(
        call.content_type,
        "application/x-www-form-urlencoded;charset=UTF-8"
    );
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> taobao_top::ApiError {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_secret_is_refused_with_code_25() {
    let gateway = start().await;
    for format in [Format::Json, Format::Xml] {
        let client = Client::builder(APP_KEY, "not-the-secret")
            .gateway(Gateway::Custom(gateway.url()))
            .format(format)
            .build()
            .unwrap();
        let error = api_error(client.execute(&pay_request("r-2")).await);
        let request_id = last_request_id(&gateway);
        assert_eq!((error.code, error.msg.as_str()), (25, "Invalid signature"));
        assert_eq!(error.request_id.as_deref(), Some(request_id.as_str()));
        assert_eq!(
            error.to_string(),
            format!("TOP error 25: Invalid signature (request_id {request_id})")
        );
    }
}

#[tokio::test]
async fn a_wrong_session_is_refused_with_code_27() {
    let gateway = start().await;
    let client = client(&gateway, Format::Xml, SignMethod::Hmac).with_session("expired-session");
    let request: AlibabaPosPayAccountAckRequest = documented("alibaba.pos.pay.account.ack");
    let error = api_error(client.execute(&request).await);
    assert_eq!((error.code, error.msg.as_str()), (27, "Invalid session"));
    // A per-call session overrides the client's.
    let options = CallOptions::new().session(SESSION);
    assert!(client.execute_with(&request, &options).await.is_ok());
}

#[tokio::test]
async fn a_missing_session_fails_before_anything_is_sent() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    let request: AlibabaPosPayAccountAckRequest = documented("alibaba.pos.pay.account.ack");
    match client.execute(&request).await {
        Err(Error::InvalidRequest(problem)) => {
            assert_eq!((problem.code, problem.field.as_str()), (40, "session"));
            assert!(problem.message.contains("client.with_session"), "{problem}");
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
    assert!(gateway.journal().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn an_invalid_request_fails_before_anything_is_sent() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    let mut request = pay_request("r-3");
    request.pay_request.operator_id = "  ".into();
    match client.execute(&request).await {
        Err(Error::InvalidRequest(problem)) => {
            assert_eq!(
                problem.to_string(),
                "invalid request (code 40): `pay_request.operator_id`: Missing required arguments: pay_request.operator_id"
            );
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
    assert!(gateway.journal().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn sub_codes_tell_platform_errors_from_caller_errors() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    let duplicated = TopError::new(15, "Remote service error")
        .sub_code("isv.payment-duplicated")
        .sub_msg("重复支付");
    gateway.answer(PAY, Answer::Error(duplicated)).unwrap();
    let error = api_error(client.execute(&pay_request("r-4")).await);
    let request_id = last_request_id(&gateway);
    assert!(error.is_caller_error() && !error.is_platform_error());
    assert_eq!(
        error.to_string(),
        format!(
            "TOP error 15: Remote service error; sub_code isv.payment-duplicated: 重复支付 (request_id {request_id})"
        )
    );
    let timeout =
        TopError::new(15, "Remote service error").sub_code("isp.top-remote-connection-timeout");
    gateway.answer(PAY, Answer::Error(timeout)).unwrap();
    let error = api_error(client.execute(&pay_request("r-4")).await);
    assert!(error.is_platform_error() && !error.is_caller_error());
    assert_eq!(error.sub_msg, None);
}

#[tokio::test]
async fn http_500_keeps_the_api_error_or_reports_the_status() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    gateway.answer(PAY, Answer::Raw {
        status: 500,
        content_type: "application/json".to_owned(),
        body: br#"{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.unknown-error"}}"#.to_vec(),
    }).unwrap();
    let error = api_error(client.execute(&pay_request("r-5")).await);
    assert_eq!((error.code, error.http_status), (15, Some(500)));
    assert!(error.to_string().ends_with("[HTTP 500]"), "{error}");

    gateway
        .answer(
            PAY,
            Answer::Raw {
                status: 502,
                content_type: "text/html".to_owned(),
                body: b"<html><body>502 Bad Gateway</body></html>".to_vec(),
            },
        )
        .unwrap();
    match client.execute(&pay_request("r-5")).await {
        Err(error @ Error::HttpStatus { status: 502, .. }) => assert_eq!(
            error.to_string(),
            "TOP gateway answered HTTP 502; body: <html><body>502 Bad Gateway</body></html>"
        ),
        other => panic!("expected an HTTP status error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_is_not_the_format_asked_for_is_a_decode_error() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    gateway
        .answer(
            PAY,
            Answer::Raw {
                status: 200,
                content_type: "text/html".to_owned(),
                body: b"<html>captive portal</html>".to_vec(),
            },
        )
        .unwrap();
    match client.execute(&pay_request("r-6")).await {
        // The body is XML (by its first character), whatever was asked for: its root is named.
        Err(Error::Decode(error)) => {
            assert_eq!(error.format, Format::Xml);
            assert_eq!(error.body_excerpt, "<html>captive portal</html>");
            assert!(
                error
                    .to_string()
                    .starts_with("cannot decode the XML answer: unexpected root `html`"),
                "{error}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let gateway = start().await;
    let client = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(gateway.url()))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    gateway
        .answer(
            PAY,
            Answer::Delayed(Duration::from_secs(3), Box::new(Answer::Documented)),
        )
        .unwrap();
    match client.execute(&pay_request("r-7")).await {
        Err(Error::Transport(error)) => {
            assert_eq!(error.kind, TransportErrorKind::Timeout);
            assert_eq!(error.method, "alibaba.pos.order.pay");
            assert!(
                error
                    .to_string()
                    .starts_with("calling `alibaba.pos.order.pay` timed out"),
                "{error}"
            );
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // closed again: nothing listens there now
    let client = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(format!(
            "http://127.0.0.1:{port}/router/rest"
        )))
        .build()
        .unwrap();
    match client.execute(&pay_request("r-8")).await {
        Err(Error::Transport(error)) => {
            assert_eq!(error.kind, TransportErrorKind::Connect);
            assert!(
                !error.to_string().contains("127.0.0.1"),
                "no URL in errors: {error}"
            );
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[tokio::test]
async fn gzip_answers_are_decoded() {
    let gateway = start().await;
    gateway
        .answer(PAY, Answer::Gzip(Box::new(Answer::Documented)))
        .unwrap();
    for format in [Format::Json, Format::Xml] {
        let client = client(&gateway, format, SignMethod::Md5);
        let answer = client.execute(&pay_request("r-9")).await.expect("decoded");
        let request_id = last_request_id(&gateway);
        assert_eq!(answer.request_id.as_deref(), Some(request_id.as_str()));
        assert!(
            gateway
                .journal()
                .last()
                .unwrap()
                .accept_encoding
                .contains("gzip")
        );
    }
}

#[tokio::test]
async fn an_oversized_answer_is_refused() {
    let gateway = start().await;
    let client = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(gateway.url()))
        .max_body_bytes(64)
        .build()
        .unwrap();
    match client.execute(&pay_request("r-10")).await {
        Err(Error::Transport(error)) => {
            assert_eq!(error.kind, TransportErrorKind::Other);
            assert!(
                error.to_string().contains("over the limit of 64 bytes"),
                "{error}"
            );
        }
        other => panic!("expected a size error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_fixed_timestamp_is_sent_as_given() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    let stale = taobao_top::TopDateTime::parse("2024-01-02 03:04:05").unwrap();
    let error = api_error(
        client
            .execute_with(&pay_request("r-11"), &CallOptions::new().timestamp(stale))
            .await,
    );
    assert_eq!(error.code, 31, "the gateway allows 10 minutes of skew");
    assert_eq!(
        gateway.journal()[0].params["timestamp"],
        "2024-01-02 03:04:05"
    );
}

#[tokio::test]
async fn the_timestamp_is_beijing_time_whatever_the_host_zone() {
    let gateway = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256);
    client
        .execute(&pay_request("r-12"))
        .await
        .expect("accepted: timestamp within 10 minutes");
    let sent = &gateway.journal()[0].params["timestamp"];
    let sent = taobao_top_tests::independent::gmt8_to_unix(sent).expect("yyyy-MM-dd HH:mm:ss");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (sent - now).abs() < 120,
        "sent {sent}, now {now} (TZ={:?})",
        std::env::var("TZ")
    );
}

#[test]
fn the_blocking_client_calls_the_same_gateway() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let gateway = runtime.block_on(start());
    let client =
        taobao_top::blocking::Client::new(client(&gateway, Format::Xml, SignMethod::Hmac)).unwrap();
    let answer = client
        .alibaba_pos_order_pay(&pay_request("r-13"))
        .expect("paid");
    let request_id = gateway.journal()[0].request_id.clone();
    assert_eq!(answer.request_id.as_deref(), Some(request_id.as_str()));
    let ack: AlibabaPosPayAccountAckRequest = documented("alibaba.pos.pay.account.ack");
    assert!(
        client
            .with_session(SESSION)
            .alibaba_pos_pay_account_ack(&ack)
            .is_ok()
    );
    assert_eq!(gateway.journal().len(), 2);
}

#[tokio::test]
async fn simplified_json_answers_decode_without_the_root_wrapper() {
    let gateway = start().await;
    let client = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(gateway.url()))
        .simplify(true)
        .build()
        .unwrap();
    gateway
        .answer(
            PAY,
            Answer::Raw {
                status: 200,
                content_type: "application/json".to_owned(),
                body: br#"{"result":{"model":{"result_status":3},"is_success":true},"request_id":"s-1"}"#
                    .to_vec(),
            },
        )
        .unwrap();
    let answer = client.execute(&pay_request("r-14")).await.expect("decoded");
    assert_eq!(
        answer
            .result
            .and_then(|r| r.model)
            .and_then(|m| m.result_status),
        Some(ResultStatus::Pending)
    );
    assert_eq!(answer.request_id.as_deref(), Some("s-1"));
    assert_eq!(gateway.journal()[0].params["simplify"], "true");
    // Errors stay wrapped.
    gateway
        .answer(
            PAY,
            Answer::Error(TopError::new(15, "Remote service error")),
        )
        .unwrap();
    assert_eq!(
        api_error(client.execute(&pay_request("r-14")).await).code,
        15
    );
}

/// A `byte[]` parameter (from an imported page of that shape, `tests/fixtures/pages/`): sent
/// as a multipart part, not signed, beside the signed text parameters.
#[tokio::test]
async fn a_file_parameter_is_uploaded_as_multipart() {
    use taobao_top::FileItem;
    use taobao_top_tests::pages::image_upload::PosImageUploadRequest;

    let page = taobao_top_tests::read("tests/fixtures/pages/taobao.pos.image.upload.txt");
    let imported = taobao_top_codegen::import::import(&page, None).unwrap();
    let spec =
        taobao_top_codegen::spec::parse("taobao.pos.image.upload.yaml", &imported.yaml).unwrap();
    assert_eq!(spec.request[0].ty, "byte[]");
    assert_eq!(spec.request[0].example.as_deref(), Some("文件内容"));
    let gateway = builder()
        .apis(taobao_top_tests::mock_pages::APIS)
        .start()
        .await
        .expect("the mock gateway starts");
    let picture = vec![0xFF, 0xD8, 0x00, 0x10, b'\r', b'\n', 0xFF, 0xD9];
    let request = PosImageUploadRequest::builder()
        .image(FileItem::new("receipt.jpg", picture.clone()).with_mime_type("image/jpeg"))
        .order_id("111")
        .build();
    for format in [Format::Json, Format::Xml] {
        let client = client(&gateway, format, SignMethod::HmacSha256).with_session(SESSION);
        let answer = client.execute(&request).await.expect("uploaded");
        assert_eq!(
            answer.image_url.as_deref(),
            Some("http://img.example/1.jpg")
        );
        let call = gateway.journal().pop().unwrap();
        assert_eq!(
            call.rejected, None,
            "the gateway verified the signature over the text parameters"
        );
        assert!(
            call.content_type
                .starts_with("multipart/form-data; boundary="),
            "{}",
            call.content_type
        );
        assert_eq!(
            call.files,
            [FilePart {
                name: "image".to_owned(),
                file_name: "receipt.jpg".to_owned(),
                bytes: picture.clone()
            }]
        );
        assert_eq!(call.params["order_id"], "111");
        assert_eq!(call.session, SessionKey::Valid, "the session was sent");
        assert!(
            call.body
                .contains(&("session".to_owned(), taobao_top_mock::REDACTED.to_owned())),
            "the session travels in the body"
        );
        assert!(
            !call
                .query
                .iter()
                .any(|(k, _)| k == "session" || k == "image")
        );
    }
    // In the journal's JSON a file part is given by its size.
    let listed = user_http_client(reqwest::redirect::Policy::none())
        .get(gateway.journal_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(
        listed[0]["files"],
        serde_json::json!([{"name": "image", "file_name": "receipt.jpg", "size": picture.len()}])
    );
    // A too-long order id is refused before anything is sent.
    let mut long = request.clone();
    long.order_id = "1".repeat(33);
    let calls = gateway.journal().len();
    assert!(matches!(
        client(&gateway, Format::Json, SignMethod::Md5)
            .execute(&long)
            .await,
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(gateway.journal().len(), calls);
}

/// No text a call's error prints may show where the signed request went in full.
fn assert_no_url_or_secrets(text: &str) {
    for needle in [
        "://",
        "sign=",
        "session",
        SESSION,
        "app_key",
        "/router/rest",
    ] {
        assert!(!text.contains(needle), "`{needle}` in {text}");
    }
}

/// A redirect is never followed: the configured gateway answers 3xx with a `Location`
/// (carrying the signed query, as a real redirect would) to a second gateway that would
/// accept the call; the second one receives nothing, and the error names only the host.
#[tokio::test]
async fn redirects_are_never_followed() {
    let gateway = start().await;
    let target = start().await;
    let client = client(&gateway, Format::Json, SignMethod::HmacSha256).with_session(SESSION);
    let request: AlibabaPosPayAccountAckRequest = documented("alibaba.pos.pay.account.ack");
    let target_port = target.addr().port().to_string();
    let cases = [
        (307, target.url(), "127.0.0.1"),
        (308, target.url(), "127.0.0.1"),
        (302, target.url(), "127.0.0.1"),
        (301, target.url(), "127.0.0.1"),
        (303, target.url(), "127.0.0.1"),
        (
            307,
            "https://evil.example/router/rest".to_owned(),
            "evil.example",
        ),
    ];
    let count = cases.len();
    for (code, to, host) in cases {
        gateway
            .answer(
                ACK,
                Answer::Moved {
                    status: code,
                    to: to.clone(),
                },
            )
            .unwrap();
        match client.execute(&request).await {
            Err(error) => {
                let Error::HttpStatus {
                    status,
                    redirect_host,
                    body_excerpt,
                    ..
                } = &error
                else {
                    panic!("{code} to {to}: expected an HTTP status error, got {error:?}");
                };
                assert_eq!(*status, code);
                assert_eq!(redirect_host.as_deref(), Some(host));
                assert_eq!(body_excerpt, "", "a redirect's body is not read");
                let text = error.to_string();
                assert_eq!(
                    text,
                    format!(
                        "TOP gateway answered HTTP {code}: redirect to {host} \
                         (not followed: signed requests go to the configured gateway only)"
                    )
                );
                assert_no_url_or_secrets(&text);
                assert!(!text.contains(target_port.as_str()), "{text}");
                assert_no_url_or_secrets(&format!("{error:?}"));
            }
            Ok(answer) => panic!("{code} to {to}: expected an HTTP status error, got {answer:?}"),
        }
    }
    assert_eq!(gateway.journal().len(), count);
    assert!(
        target.journal().is_empty(),
        "the redirect target was called: {:?}",
        target.journal()
    );
}

/// A `reqwest::Client` without a provider panics: the test builds one the way a user would.
fn user_http_client(policy: reqwest::redirect::Policy) -> reqwest::Client {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(policy)
        .build()
        .unwrap()
}

/// A user-supplied client keeps its own redirect policy: with reqwest's default it follows
/// the redirect (the target does receive the call: the documented caveat), but the answer
/// from elsewhere is refused, never `Ok`; also when only the path changed. Built with
/// `Policy::none()` as documented, it behaves like the crate's own client.
#[tokio::test]
async fn an_answer_a_user_client_got_by_following_a_redirect_is_refused() {
    let gateway = start().await;
    let target = start().await;
    let request: AlibabaPosPayAccountAckRequest = documented("alibaba.pos.pay.account.ack");
    let following = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(gateway.url()))
        .http_client(user_http_client(reqwest::redirect::Policy::default()))
        .build()
        .unwrap()
        .with_session(SESSION);
    for (to, host) in [
        (target.url(), "127.0.0.1"),
        ("/elsewhere/rest".to_owned(), "127.0.0.1"),
    ] {
        gateway
            .answer(
                ACK,
                Answer::Moved {
                    status: 307,
                    to: to.clone(),
                },
            )
            .unwrap();
        match following.execute(&request).await {
            Err(Error::Transport(error)) => {
                assert_eq!(error.kind, TransportErrorKind::Redirected, "{error}");
                let text = error.to_string();
                assert!(
                    text.starts_with(&format!(
                        "calling `alibaba.pos.pay.account.ack` was redirected: the HTTP client \
                         followed a redirect to {host}; its answer is refused"
                    )),
                    "{text}"
                );
                assert!(text.contains("Policy::none()"), "{text}");
                assert_no_url_or_secrets(&text);
            }
            other => panic!("redirect to {to}: expected a refused answer, got {other:?}"),
        }
    }
    // The caveat, proven: reqwest re-sent the signed call (session included) to the target.
    let sent = target.journal();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].rejected, None, "the target would have accepted it");
    assert_eq!(sent[0].session, SessionKey::Valid);

    let not_following = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(gateway.url()))
        .http_client(user_http_client(reqwest::redirect::Policy::none()))
        .build()
        .unwrap()
        .with_session(SESSION);
    gateway
        .answer(
            ACK,
            Answer::Moved {
                status: 308,
                to: target.url(),
            },
        )
        .unwrap();
    assert!(matches!(
        not_following.execute(&request).await,
        Err(Error::HttpStatus { status: 308, .. })
    ));
    assert_eq!(target.journal().len(), 1, "nothing more reached the target");
}

/// The head of a JSON answer promising 1000 bytes.
const PROMISING_HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json;charset=UTF-8\r\ncontent-length: 1000\r\n\r\n";
const PARTIAL_BODY: &[u8] = br#"{"alibaba_pos_pay_account_ack_response":{"result":"#;

async fn transport_failure(server: &RawServer) -> taobao_top::TransportError {
    let client = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(server.url.clone()))
        .build()
        .unwrap()
        .with_session(SESSION);
    let request: AlibabaPosPayAccountAckRequest = documented("alibaba.pos.pay.account.ack");
    let result = client.execute(&request).await;
    assert_eq!(server.requests(), 1, "the whole request reached the server");
    match result {
        Err(Error::Transport(error)) => {
            assert_eq!(error.method, "alibaba.pos.pay.account.ack");
            let top = Error::Transport(error);
            assert_no_url_or_secrets(&top.to_string());
            assert_no_url_or_secrets(&format!("{top:?}"));
            let mut source = std::error::Error::source(&top);
            while let Some(inner) = source {
                assert_no_url_or_secrets(&inner.to_string());
                source = inner.source();
            }
            match top {
                Error::Transport(error) => error,
                _ => unreachable!(),
            }
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// A connection reset in the middle of the body says so, not just "error decoding".
#[tokio::test]
async fn a_connection_reset_mid_answer_names_the_cause() {
    let server = RawServer::start(
        PROMISING_HEAD.to_owned(),
        PARTIAL_BODY.to_vec(),
        RawEnding::Reset,
    )
    .await;
    let error = transport_failure(&server).await;
    assert_eq!(error.kind, TransportErrorKind::Body);
    let text = error.to_string();
    assert!(
        text.starts_with(&format!(
            "calling `alibaba.pos.pay.account.ack` failed reading the answer: the body ended \
             after {} of 1000 bytes: ",
            PARTIAL_BODY.len()
        )),
        "{text}"
    );
    assert!(
        text.to_lowercase().contains("connection reset by peer"),
        "{text}"
    );
}

/// A reset before any answer (the request was read whole) also names the cause.
#[tokio::test]
async fn a_connection_reset_before_the_answer_names_the_cause() {
    let server = RawServer::start(String::new(), Vec::new(), RawEnding::Reset).await;
    let error = transport_failure(&server).await;
    let text = error.to_string();
    assert!(
        text.to_lowercase().contains("connection reset by peer"),
        "{text}"
    );
}

/// A body shorter than its `Content-Length` says how much arrived and why it stopped.
#[tokio::test]
async fn a_short_body_says_how_much_arrived() {
    let server = RawServer::start(
        PROMISING_HEAD.to_owned(),
        PARTIAL_BODY.to_vec(),
        RawEnding::Close,
    )
    .await;
    let error = transport_failure(&server).await;
    assert_eq!(error.kind, TransportErrorKind::Body);
    let text = error.to_string();
    assert!(
        text.starts_with(&format!(
            "calling `alibaba.pos.pay.account.ack` failed reading the answer: the body ended \
             after {} of 1000 bytes: ",
            PARTIAL_BODY.len()
        )),
        "{text}"
    );
    assert!(
        text.contains("end of file before message length reached"),
        "{text}"
    );
}
