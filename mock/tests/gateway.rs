//! The mock gateway over real HTTP on 127.0.0.1, called by the `taobao-top` client (which
//! signs with its own code) and by hand-built form posts.

use std::collections::BTreeMap;
use std::time::Duration;

use taobao_top::apis::alibaba_pos::AlibabaPosPayAccountAckRequest;
use taobao_top::apis::alibaba_pos::order_pay::{
    AlibabaPosOrderPayRequest, AlibabaPosOrderPayResponse, PayRequest, ResultStatus,
};
use taobao_top::apis::alibaba_pos::pay_action_query::{
    AlibabaPosPayActionQueryRequest, PaymentActionRequest,
};
use taobao_top::prelude::*;
use taobao_top::{CallOptions, Client, Error, Format, Gateway, SignMethod, TopDateTime};
use taobao_top_mock::{Answer, MockGateway, PaymentStatus, REDACTED, SessionKey, TopError};

fn client(gateway: &MockGateway, format: Format, sign_method: SignMethod) -> Client {
    Client::builder(gateway.app_key(), gateway.app_secret())
        .gateway(Gateway::Custom(gateway.url()))
        .format(format)
        .sign_method(sign_method)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
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

fn query_request(request_id: &str) -> AlibabaPosPayActionQueryRequest {
    let query = PaymentActionRequest::builder()
        .buyer_id(1)
        .request_id(request_id)
        .build();
    AlibabaPosPayActionQueryRequest::builder()
        .shop_id(1)
        .payment_action_request(query)
        .build()
}

fn ack_request() -> AlibabaPosPayAccountAckRequest {
    serde_json::from_value(serde_json::json!({
        "store_id": 110,
        "pay_account_detail_request": {"payer_id": 110, "channel_account": "110", "channel_name": "alipay"}
    }))
    .expect("an ack request")
}

/// A plain HTTP client for the test's own calls (rustls wants a provider chosen once).
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> taobao_top::ApiError {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn signed_calls_of_every_method_and_format_get_the_documented_answer() {
    let gateway = MockGateway::start().await.unwrap();
    for format in [Format::Json, Format::Xml] {
        for sign_method in [SignMethod::Md5, SignMethod::Hmac, SignMethod::HmacSha256] {
            let answer = client(&gateway, format, sign_method)
                .alibaba_pos_order_pay(&pay_request("r-1"))
                .await
                .unwrap_or_else(|e| panic!("{format:?} {sign_method:?}: {e}"));
            let result = answer.result.expect("the documented result");
            assert_eq!(result.is_success, Some(true), "{format:?}");
            assert!(
                answer.unknown_fields.is_empty(),
                "{:?}",
                answer.unknown_fields
            );
            assert!(
                answer
                    .request_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("mock"))
            );
        }
    }
    let journal = gateway.journal();
    assert_eq!(journal.len(), 6);
    assert!(journal.iter().all(|call| call.rejected.is_none()));
    assert_eq!(journal[0].method, "alibaba.pos.order.pay");
    assert!(
        journal[0]
            .param("pay_request")
            .unwrap()
            .contains("\"request_id\":\"r-1\"")
    );
}

#[tokio::test]
async fn wrong_credentials_time_and_session_get_tops_error_codes() {
    let gateway = MockGateway::start().await.unwrap();
    let wrong_secret = Client::builder(gateway.app_key(), "not-the-secret")
        .gateway(Gateway::Custom(gateway.url()))
        .build()
        .unwrap();
    let error = api_error(wrong_secret.alibaba_pos_order_pay(&pay_request("r")).await);
    assert_eq!((error.code, error.msg.as_str()), (25, "Invalid signature"));

    let wrong_key = Client::builder("another-app", gateway.app_secret())
        .gateway(Gateway::Custom(gateway.url()))
        .build()
        .unwrap();
    let error = api_error(wrong_key.alibaba_pos_order_pay(&pay_request("r")).await);
    assert_eq!(error.code, 29);
    assert_eq!(error.sub_code.as_deref(), Some("isv.appkey-not-exists"));

    let client = client(&gateway, Format::Json, SignMethod::Md5);
    let stale = TopDateTime::parse("2024-01-02 03:04:05").unwrap();
    let options = CallOptions::new().timestamp(stale);
    let error = api_error(client.execute_with(&pay_request("r"), &options).await);
    assert_eq!(error.code, 31);

    // The client refuses to call without a session; a bare post gets TOP's code.
    assert!(matches!(
        client.alibaba_pos_pay_account_ack(&ack_request()).await,
        Err(Error::InvalidRequest(_))
    ));
    let ack = [
        ("method", "alibaba.pos.pay.account.ack"),
        ("store_id", "110"),
        (
            "pay_account_detail_request",
            r#"{"payer_id":110,"channel_account":"110","channel_name":"alipay"}"#,
        ),
    ];
    let error = &post(&gateway, &ack).await["error_response"];
    assert_eq!(
        (error["code"].as_i64(), error["msg"].as_str()),
        (Some(26), Some("Missing session"))
    );
    let error = api_error(
        client
            .with_session("someone-else")
            .alibaba_pos_pay_account_ack(&ack_request())
            .await,
    );
    assert_eq!(error.code, 27);
    client
        .with_session(gateway.session())
        .alibaba_pos_pay_account_ack(&ack_request())
        .await
        .expect("the right session");

    // The journal never holds a session key.
    let journal = gateway.journal();
    assert_eq!(journal.len(), 6);
    assert_eq!(journal[4].param("session"), Some(REDACTED));
    assert!(journal[5].rejected.is_none());
    let over_http = http()
        .get(gateway.journal_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!over_http.contains(gateway.session()), "{over_http}");
    let listed: serde_json::Value = serde_json::from_str(&over_http).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(6));
    assert_eq!(listed[3]["rejected"]["code"], 26);
    assert_eq!(listed[0]["rejected"]["code"], 25);
}

/// A form post signed by the gateway's published `signature`, so a test can send what the
/// client never would (missing or ill-typed parameters).
async fn post(gateway: &MockGateway, business: &[(&str, &str)]) -> serde_json::Value {
    let body = send(gateway, business).await.text().await.unwrap();
    serde_json::from_str(&body).unwrap()
}

/// [`post`]'s call, answered as it came.
async fn send(gateway: &MockGateway, business: &[(&str, &str)]) -> reqwest::Response {
    let mut params: BTreeMap<String, String> = [
        ("method", "alibaba.pos.order.pay"),
        ("app_key", gateway.app_key()),
        ("timestamp", &TopDateTime::now().to_string()),
        ("v", "2.0"),
        ("sign_method", "md5"),
        ("format", "json"),
    ]
    .into_iter()
    .chain(business.iter().copied())
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let sign = taobao_top_mock::signature(&params, &[], gateway.app_secret(), "md5").unwrap();
    params.insert("sign".to_owned(), sign);
    http()
        .post(gateway.url())
        .header(
            "content-type",
            "application/x-www-form-urlencoded;charset=UTF-8",
        )
        .body(
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&params)
                .finish(),
        )
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn business_parameters_are_checked_in_their_wire_form_down_to_object_members() {
    let gateway = MockGateway::start().await.unwrap();
    let pay = r#"{"buyer_id":1,"checkout_id":"1","machine_id":"1","merchant_code":"HM","operator_id":"1","order_id":"1","pay_channel":"x","pay_fee":100,"payer_id":3,"payment_channel":1006,"request_id":"r","shop_id":"1","source":"hema"}"#;
    let ok = post(&gateway, &[("shop_id", "1"), ("pay_request", pay)]).await;
    assert!(ok.get("alibaba_pos_order_pay_response").is_some(), "{ok}");

    let cases = [
        (
            vec![("pay_request", pay)],
            40,
            "Missing required arguments:shop_id",
        ),
        (
            vec![("shop_id", "one"), ("pay_request", pay)],
            41,
            "Invalid arguments:shop_id",
        ),
        (
            vec![("shop_id", "1"), ("pay_request", "[1]")],
            41,
            "Invalid arguments:pay_request",
        ),
        (
            vec![("shop_id", "1"), ("pay_request", "{not json")],
            41,
            "Invalid arguments:pay_request",
        ),
    ];
    for (business, code, msg) in cases {
        let error = &post(&gateway, &business).await["error_response"];
        assert_eq!(
            (error["code"].as_i64(), error["msg"].as_str()),
            (Some(code), Some(msg)),
            "{business:?}"
        );
    }
    let without_id = pay.replace(r#""request_id":"r","#, "");
    let error =
        &post(&gateway, &[("shop_id", "1"), ("pay_request", &without_id)]).await["error_response"];
    assert_eq!(
        error["msg"],
        "Missing required arguments:pay_request.request_id"
    );
    let fee_as_text = pay.replace(r#""pay_fee":100"#, r#""pay_fee":"a hundred""#);
    let error =
        &post(&gateway, &[("shop_id", "1"), ("pay_request", &fee_as_text)]).await["error_response"];
    assert_eq!(
        (error["code"].as_i64(), error["msg"].as_str()),
        (Some(41), Some("Invalid arguments:pay_request.pay_fee"))
    );
    let unknown = post(&gateway, &[("method", "alibaba.pos.no.such")]).await;
    assert_eq!(unknown["error_response"]["code"], 22);
}

#[tokio::test]
async fn programmed_answers_errors_sequences_closures_hangups_and_redirects() {
    let gateway = MockGateway::start().await.unwrap();
    let client = client(&gateway, Format::Xml, SignMethod::HmacSha256);
    let method = "alibaba.pos.order.pay";
    assert!(
        gateway
            .answer("alibaba.pos.no.such", Answer::Documented)
            .is_err()
    );

    gateway
        .answer(
            method,
            Answer::Error(
                TopError::new(15, "Remote service error")
                    .sub_code("isp.top-remote-connection-timeout"),
            ),
        )
        .unwrap();
    let error = api_error(client.alibaba_pos_order_pay(&pay_request("r")).await);
    assert!(error.is_platform_error(), "{error:?}");

    gateway
        .answer_sequence(
            method,
            [
                Answer::Json(
                    serde_json::json!({"result": {"is_success": false, "msg_info": "稍后再试"}}),
                ),
                Answer::with(|call| {
                    let id = call
                        .param("pay_request")
                        .unwrap_or_default()
                        .contains("r-2");
                    Answer::Json(serde_json::json!({"result": {"is_success": id}}))
                }),
            ],
        )
        .unwrap();
    let first = client
        .alibaba_pos_order_pay(&pay_request("r-1"))
        .await
        .unwrap();
    assert_eq!(
        first.result.as_ref().and_then(|r| r.msg_info.as_deref()),
        Some("稍后再试")
    );
    let second = client
        .alibaba_pos_order_pay(&pay_request("r-2"))
        .await
        .unwrap();
    assert_eq!(second.result.and_then(|r| r.is_success), Some(true));
    // The queue is used up: the documented answer again.
    let third = client
        .alibaba_pos_order_pay(&pay_request("r-3"))
        .await
        .unwrap();
    assert!(third.result.is_some());

    gateway.answer(method, Answer::Hangup).unwrap();
    match client.alibaba_pos_order_pay(&pay_request("r")).await {
        Err(Error::Transport(_)) => {}
        other => panic!("a hangup is a transport error: {other:?}"),
    }
    gateway
        .answer(
            method,
            Answer::Redirect {
                status: 307,
                location: gateway.url(),
            },
        )
        .unwrap();
    match client.alibaba_pos_order_pay(&pay_request("r")).await {
        // Not followed: the client reports the redirect as it came.
        Err(Error::HttpStatus {
            status,
            redirect_host,
            ..
        }) => {
            assert_eq!((status, redirect_host.as_deref()), (307, Some("127.0.0.1")));
        }
        other => panic!("a redirect is not followed: {other:?}"),
    }
    gateway.reset_answers();
    client
        .alibaba_pos_order_pay(&pay_request("r"))
        .await
        .expect("documented again");
}

#[test]
fn the_binary_prints_its_address_first_and_serves_the_journal() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_top-mock-gateway"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--app-key",
            "k",
            "--format-default",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().strip_prefix("listening on ").map(str::to_owned);
    let journal = base.as_ref().map(|base| {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            http()
                .get(format!("{base}/__journal"))
                .send()
                .await?
                .text()
                .await
        })
    });
    child.kill().ok();
    child.wait().ok();
    let base = base.unwrap_or_else(|| panic!("first line: {line:?}"));
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert_eq!(journal.unwrap().unwrap(), "[]");

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_top-mock-gateway"))
        .args(["--format-default", "yaml"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`yaml` is not json or xml"));
}

#[tokio::test]
async fn an_idempotency_key_value_is_charged_once_whatever_the_connection_does() {
    let gateway = MockGateway::start().await.unwrap();
    let client = client(&gateway, Format::Json, SignMethod::Md5);
    let method = "alibaba.pos.order.pay";
    // Paid, then the connection drops: the client cannot know. Its retry with the same
    // request id gets the recorded outcome and is not charged again.
    gateway
        .answer_sequence(method, [Answer::HangupAfterCommit, Answer::Hangup])
        .unwrap();
    assert!(matches!(
        client.alibaba_pos_order_pay(&pay_request("p-1")).await,
        Err(Error::Transport(_))
    ));
    let retried = client
        .alibaba_pos_order_pay(&pay_request("p-1"))
        .await
        .expect("the recorded outcome");
    assert_eq!(retried.result.and_then(|r| r.is_success), Some(true));
    // The queued `Hangup` was not used by the replay: a new id meets it, charges nothing.
    assert!(
        client
            .alibaba_pos_order_pay(&pay_request("p-2"))
            .await
            .is_err()
    );
    client
        .alibaba_pos_order_pay(&pay_request("p-2"))
        .await
        .expect("paid");
    // The same id with other content is refused, not paid.
    let mut other = pay_request("p-1");
    other.shop_id = 2;
    let error = api_error(client.alibaba_pos_order_pay(&other).await);
    assert_eq!(
        error.sub_code.as_deref(),
        Some("isv.idempotency-key-conflict")
    );

    let charges = gateway.charges();
    let keys: Vec<&str> = charges.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["p-1", "p-2"]);
    let journal = gateway.journal();
    let flags: Vec<(bool, bool)> = journal.iter().map(|c| (c.charged, c.replayed)).collect();
    assert_eq!(
        flags,
        [
            (true, false),
            (false, true),
            (false, false),
            (true, false),
            (false, false)
        ]
    );
    // A call to an API without an idempotency key is never recorded.
    client
        .with_session(gateway.session())
        .alibaba_pos_pay_account_ack(&ack_request())
        .await
        .unwrap();
    assert_eq!(gateway.charges().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_with_one_key_value_charge_once() {
    let gateway = MockGateway::start().await.unwrap();
    gateway
        .answer(
            "alibaba.pos.order.pay",
            Answer::Delayed(Duration::from_millis(20), Box::new(Answer::Documented)),
        )
        .unwrap();
    let client = client(&gateway, Format::Xml, SignMethod::Hmac);
    let calls = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.alibaba_pos_order_pay(&pay_request("same")).await })
    });
    for call in calls {
        call.await.unwrap().expect("every caller gets the outcome");
    }
    assert_eq!(gateway.charges().len(), 1);
    let journal = gateway.journal();
    assert_eq!(journal.iter().filter(|c| c.charged).count(), 1);
    assert_eq!(journal.iter().filter(|c| c.replayed).count(), 15);
}

/// The documented `pay_request` of [`pay_request`] as the wire has it, with `request_id`.
fn pay_json(request_id: &str) -> String {
    serde_json::to_string(&pay_request(request_id).pay_request).unwrap()
}

/// `result.model` of an `order.pay` answer: (result_status, is_success, result_code).
fn paid(answer: &AlibabaPosOrderPayResponse) -> (Option<ResultStatus>, Option<bool>, Option<&str>) {
    let model = answer.result.as_ref().and_then(|r| r.model.as_ref());
    (
        model.and_then(|m| m.result_status.clone()),
        model.and_then(|m| m.is_success),
        model.and_then(|m| m.result_code.as_deref()),
    )
}

/// `result.model.action_status` of a `pay.action.query` answer.
async fn action_status(client: &Client, request_id: &str) -> String {
    let answer = client
        .alibaba_pos_pay_action_query(&query_request(request_id))
        .await
        .unwrap_or_else(|e| panic!("{request_id}: {e}"));
    let result = answer.result.expect("a result");
    assert_eq!(
        (result.success, result.msg_code.as_deref()),
        (Some(true), Some("SUCCESS"))
    );
    let model = result.model.expect("a model");
    let status = model.action_status.expect("an action status");
    assert_eq!(model.success, Some(status != "NOT_FOUND"), "{status}");
    status
}

#[tokio::test]
async fn after_commit_records_the_documented_outcome_then_answers_what_was_programmed() {
    let gateway = MockGateway::start().await.unwrap();
    let client = client(&gateway, Format::Json, SignMethod::Md5);
    let platform = TopError::new(15, "Remote service error").sub_code("isp.unknown-error");
    let after = |answer: Answer| Answer::AfterCommit(Box::new(answer));
    gateway
        .answer_sequence(
            "alibaba.pos.order.pay",
            [
                after(Answer::Raw {
                    status: 502,
                    content_type: "text/html".to_owned(),
                    body: b"<h1>502 Bad Gateway</h1>".to_vec(),
                }),
                after(Answer::Raw {
                    status: 200,
                    content_type: "application/json;charset=UTF-8".to_owned(),
                    body: br#"{"alibaba_pos_order_pay_response":{"result":"#.to_vec(),
                }),
                after(Answer::Error(platform)),
                after(Answer::Truncated(Box::new(Answer::Documented))),
                after(Answer::Hangup),
                Answer::HangupAfterCommit,
            ],
        )
        .unwrap();
    let ids = ["a-1", "a-2", "a-3", "a-4", "a-5", "a-6"];
    let mut errors = Vec::new();
    for id in ids {
        errors.push(
            client
                .alibaba_pos_order_pay(&pay_request(id))
                .await
                .expect_err(id),
        );
    }
    assert!(
        matches!(errors[0], Error::HttpStatus { status: 502, .. }),
        "{:?}",
        errors[0]
    );
    assert!(matches!(errors[1], Error::Decode(_)), "{:?}", errors[1]);
    assert!(matches!(&errors[2], Error::Api(e) if e.is_platform_error()));
    for error in &errors[3..] {
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
    }
    // Each was paid: a retry is answered the documented success and charges nothing.
    for id in ids {
        let retried = client
            .alibaba_pos_order_pay(&pay_request(id))
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(paid(&retried).0, Some(ResultStatus::Success), "{id}");
        assert_eq!(action_status(&client, id).await, "SUCCESS");
    }
    let charges = gateway.charges();
    let keys: Vec<&str> = charges.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ids);
    assert!(
        charges
            .iter()
            .all(|c| c.payment == Some(PaymentStatus::Paid))
    );
    let listed = http()
        .get(gateway.journal_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let flags: Vec<(bool, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|call| call["method"] == "alibaba.pos.order.pay")
        .map(|call| (call["charged"] == true, call["replayed"] == true))
        .collect();
    assert_eq!(flags[..6], [(true, false); 6]);
    assert_eq!(flags[6..], [(false, true); 6]);
}

#[tokio::test]
async fn after_commit_on_an_api_without_a_key_only_answers_the_inner_answer() {
    let gateway = MockGateway::start().await.unwrap();
    let client = client(&gateway, Format::Xml, SignMethod::Hmac);
    let inner = Answer::Error(TopError::new(15, "Remote service error").sub_code("isp.x"));
    gateway
        .answer(
            "alibaba.pos.pay.action.query",
            Answer::AfterCommit(Box::new(inner)),
        )
        .unwrap();
    let error = api_error(
        client
            .alibaba_pos_pay_action_query(&query_request("q"))
            .await,
    );
    assert_eq!(error.sub_code.as_deref(), Some("isp.x"));
    assert!(gateway.charges().is_empty());
    assert!(gateway.journal().iter().all(|c| !c.charged && !c.replayed));
}

#[tokio::test]
async fn a_truncated_body_announces_its_full_length_and_breaks_off_at_half() {
    let gateway = MockGateway::start().await.unwrap();
    let pay = pay_json("t-1");
    let business = [("shop_id", "1"), ("pay_request", pay.as_str())];
    gateway
        .answer(
            "alibaba.pos.order.pay",
            Answer::Truncated(Box::new(Answer::Documented)),
        )
        .unwrap();
    let mut cut = send(&gateway, &business).await;
    assert_eq!(cut.status(), 200);
    let announced = cut.content_length().expect("a content-length");
    let mut received = 0;
    let error = loop {
        match cut.chunk().await {
            Ok(Some(chunk)) => received += chunk.len() as u64,
            Ok(None) => panic!("the body ended after {received} of {announced} bytes"),
            Err(error) => break error,
        }
    };
    assert!(error.is_body() || error.is_decode(), "{error:?}");
    assert_eq!(received, announced / 2);

    // Truncated, not refused: the documented success was recorded, and a retry gets it whole.
    assert_eq!(gateway.charges().len(), 1);
    gateway.reset_answers();
    let whole = send(&gateway, &business).await.bytes().await.unwrap();
    assert_eq!(whole.len() as u64, announced);
    let journal = gateway.journal();
    assert_eq!((journal[0].charged, journal[1].replayed), (true, true));

    // The typed client sees the cut as a failed transport, with any inner answer.
    let raw = Answer::Raw {
        status: 200,
        content_type: "text/plain".to_owned(),
        body: vec![b'x'; 64 * 1024],
    };
    gateway
        .answer("alibaba.pos.order.pay", Answer::Truncated(Box::new(raw)))
        .unwrap();
    let client = client(&gateway, Format::Json, SignMethod::Md5);
    assert!(matches!(
        client.alibaba_pos_order_pay(&pay_request("t-2")).await,
        Err(Error::Transport(_))
    ));
}

#[tokio::test]
async fn a_pending_payment_resolves_after_its_queries_and_retries_see_its_state_now() {
    let gateway = MockGateway::start().await.unwrap();
    let json = client(&gateway, Format::Json, SignMethod::Md5);
    let xml = client(&gateway, Format::Xml, SignMethod::HmacSha256);
    gateway.payments_pending(2, PaymentStatus::Paid);

    let first = json
        .alibaba_pos_order_pay(&pay_request("p-1"))
        .await
        .unwrap();
    let pending = (
        Some(ResultStatus::Pending),
        Some(true),
        Some("PAYMENT_PENDING"),
    );
    assert_eq!(paid(&first), pending);
    assert!(
        first.unknown_fields.is_empty(),
        "{:?}",
        first.unknown_fields
    );
    assert_eq!(gateway.payment_status("p-1"), Some(PaymentStatus::Pending));
    assert_eq!(action_status(&json, "p-1").await, "PENDING");
    assert_eq!(action_status(&xml, "p-1").await, "PENDING");
    // A retry while pending: still pending, not charged again.
    let retried = xml
        .alibaba_pos_order_pay(&pay_request("p-1"))
        .await
        .unwrap();
    assert_eq!(paid(&retried), pending);
    assert_eq!(action_status(&json, "p-1").await, "SUCCESS");
    let retried = json
        .alibaba_pos_order_pay(&pay_request("p-1"))
        .await
        .unwrap();
    assert_eq!(paid(&retried).0, Some(ResultStatus::Success));
    assert_eq!(gateway.payment_status("p-1"), Some(PaymentStatus::Paid));

    // Resolved on the first query, as failed.
    gateway.payments_pending(0, PaymentStatus::Failed);
    let first = xml
        .alibaba_pos_order_pay(&pay_request("p-2"))
        .await
        .unwrap();
    assert_eq!(paid(&first).0, Some(ResultStatus::Pending));
    assert_eq!(action_status(&xml, "p-2").await, "FAILED");
    let retried = xml
        .alibaba_pos_order_pay(&pay_request("p-2"))
        .await
        .unwrap();
    let failed = (
        Some(ResultStatus::Failure),
        Some(false),
        Some("PAYMENT_FAILED"),
    );
    assert_eq!(paid(&retried), failed);

    // Lost before it was recorded: not found, so not paid.
    gateway
        .answer_sequence("alibaba.pos.order.pay", [Answer::Hangup])
        .unwrap();
    assert!(
        json.alibaba_pos_order_pay(&pay_request("p-3"))
            .await
            .is_err()
    );
    assert_eq!(action_status(&json, "p-3").await, "NOT_FOUND");
    assert_eq!(gateway.payment_status("p-3"), None);

    gateway.payments_settle_immediately();
    let now = json
        .alibaba_pos_order_pay(&pay_request("p-3"))
        .await
        .unwrap();
    assert_eq!(paid(&now).0, Some(ResultStatus::Success));
    assert_eq!(action_status(&xml, "p-3").await, "SUCCESS");

    let charges = gateway.charges();
    let paid: Vec<(&str, Option<PaymentStatus>)> = charges
        .iter()
        .map(|c| (c.key.as_str(), c.payment))
        .collect();
    assert_eq!(
        paid,
        [
            ("p-1", Some(PaymentStatus::Paid)),
            ("p-2", Some(PaymentStatus::Failed)),
            ("p-3", Some(PaymentStatus::Paid)),
        ]
    );
    let replays = gateway.journal().iter().filter(|c| c.replayed).count();
    assert_eq!(replays, 3);

    // A programmed answer of the query takes precedence over the model.
    let said = serde_json::json!({"result": {"success": true, "msg_code": "SUCCESS", "model": {"action_status": "CLOSED", "success": true}}});
    gateway
        .answer("alibaba.pos.pay.action.query", Answer::Json(said))
        .unwrap();
    assert_eq!(action_status(&json, "p-1").await, "CLOSED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_queries_count_down_a_pending_payment_exactly() {
    let gateway = MockGateway::start().await.unwrap();
    gateway.payments_pending(3, PaymentStatus::Paid);
    let client = client(&gateway, Format::Json, SignMethod::Md5);
    client
        .alibaba_pos_order_pay(&pay_request("c-1"))
        .await
        .unwrap();
    let queries = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { action_status(&client, "c-1").await })
    });
    let mut seen = Vec::new();
    for query in queries {
        seen.push(query.await.unwrap());
    }
    seen.sort();
    assert_eq!(seen, [["PENDING"; 3].as_slice(), &["SUCCESS"; 5]].concat());
}

/// A signed call of `alibaba.pos.pay.account.ack` with the gateway's session, its system
/// parameters in the query and the rest in the body: `(query, body)`.
fn ack_call(gateway: &MockGateway) -> (String, String) {
    let mut params: BTreeMap<String, String> = [
        ("method", "alibaba.pos.pay.account.ack"),
        ("app_key", gateway.app_key()),
        ("timestamp", &TopDateTime::now().to_string()),
        ("v", "2.0"),
        ("sign_method", "md5"),
        ("format", "json"),
        ("session", gateway.session()),
        (
            "pay_account_detail_request",
            r#"{"channel_account":"a","channel_name":"alipay","payer_id":3}"#,
        ),
        ("store_id", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let sign = taobao_top_mock::signature(&params, &[], gateway.app_secret(), "md5").unwrap();
    params.insert("sign".to_owned(), sign);
    let (query, body): (Vec<_>, Vec<_>) = params.iter().partition(|(key, _)| {
        matches!(
            key.as_str(),
            "method" | "app_key" | "timestamp" | "v" | "sign_method" | "format" | "sign"
        )
    });
    let encode = |pairs: Vec<(&String, &String)>| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    };
    (encode(query), encode(body))
}

const FORM: &str = "application/x-www-form-urlencoded;charset=UTF-8";

/// What TOP asks of the HTTP request: a POST (21), a UTF-8 form or multipart body (40), no
/// session in the URL (40); each refusal is in the journal, which also keeps each call's
/// HTTP method, headers, and query and body pairs in order.
#[tokio::test]
async fn a_call_must_be_a_post_of_a_utf8_form_with_the_session_out_of_the_url() {
    let gateway = MockGateway::start().await.unwrap();
    let (query, body) = ack_call(&gateway);
    let url = format!("{}?{query}", gateway.url());
    let sent = |builder: reqwest::RequestBuilder| async move {
        let text = builder.send().await.unwrap().text().await.unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    let ok = sent(
        http()
            .post(&url)
            .header("content-type", FORM)
            .body(body.clone()),
    )
    .await;
    assert!(ok.get("error_response").is_none(), "{ok}");
    let get = sent(http().get(format!("{url}&{body}"))).await;
    assert_eq!(get["error_response"]["code"], 21, "{get}");
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded;charset=GBK",
    ] {
        let refused = sent(
            http()
                .post(&url)
                .header("content-type", content_type)
                .body(body.clone()),
        )
        .await;
        assert_eq!(
            refused["error_response"]["code"], 40,
            "{content_type}: {refused}"
        );
    }
    // Signed the same; only where the session travels differs.
    let session = format!("session={}", gateway.session());
    let in_url = format!("{url}&{session}");
    let rest = body.replace(&session, "").replace("&&", "&");
    let refused = sent(http().post(&in_url).header("content-type", FORM).body(rest)).await;
    assert_eq!(refused["error_response"]["code"], 40, "{refused}");
    assert!(
        refused["error_response"]["msg"]
            .as_str()
            .unwrap()
            .contains("session"),
        "{refused}"
    );

    let journal = gateway.journal();
    let codes: Vec<Option<i64>> = journal
        .iter()
        .map(|call| call.rejected.as_ref().map(|e| e.code))
        .collect();
    assert_eq!(codes, [None, Some(21), Some(40), Some(40), Some(40)]);
    let methods: Vec<&str> = journal.iter().map(|c| c.http_method.as_str()).collect();
    assert_eq!(methods, ["POST", "GET", "POST", "POST", "POST"]);
    let first = &journal[0];
    assert_eq!(first.content_type, FORM);
    assert_eq!(first.path, "/router/rest");
    let keys =
        |pairs: &[(String, String)]| pairs.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    assert_eq!(
        keys(&first.query),
        [
            "app_key",
            "format",
            "method",
            "sign",
            "sign_method",
            "timestamp",
            "v"
        ]
    );
    assert_eq!(
        keys(&first.body),
        ["pay_account_detail_request", "session", "store_id"]
    );
    assert_eq!(first.session, SessionKey::Valid);
    // The session is kept nowhere, wherever it was sent.
    assert!(
        first
            .body
            .contains(&("session".to_owned(), REDACTED.to_owned()))
    );
    assert!(
        journal[4]
            .query
            .contains(&("session".to_owned(), REDACTED.to_owned()))
    );
    let printed = format!("{journal:?}");
    assert!(!printed.contains(gateway.session()), "{printed}");
}

/// `Answer::Gzip` compresses only for a client that accepts gzip.
#[tokio::test]
async fn a_gzip_answer_is_compressed_when_the_client_accepts_it() {
    let gateway = MockGateway::start().await.unwrap();
    let method = "alibaba.pos.pay.account.ack";
    gateway
        .answer(method, Answer::Gzip(Box::new(Answer::Documented)))
        .unwrap();
    // No decompression by reqwest: the bytes as sent.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    for accept in ["gzip, deflate", "identity"] {
        let (query, body) = ack_call(&gateway);
        let answer = raw
            .post(format!("{}?{query}", gateway.url()))
            .header("content-type", FORM)
            .header("accept-encoding", accept)
            .body(body)
            .send()
            .await
            .unwrap();
        let encoding = answer.headers().get("content-encoding").cloned();
        let bytes = answer.bytes().await.unwrap().to_vec();
        let text = if accept.contains("gzip") {
            assert_eq!(encoding.unwrap(), "gzip");
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
                .unwrap();
            text
        } else {
            assert_eq!(encoding, None);
            String::from_utf8(bytes).unwrap()
        };
        assert!(
            text.contains("alibaba_pos_pay_account_ack_response"),
            "{text}"
        );
        assert_eq!(gateway.journal().last().unwrap().accept_encoding, accept);
    }
}

/// `Answer::Moved`: `Location` is the target with the call's query; a target path on the
/// same gateway serves TOP calls from then on, with the documented answer.
#[tokio::test]
async fn a_moved_gateway_points_at_its_target_with_the_calls_query() {
    let gateway = MockGateway::start().await.unwrap();
    let method = "alibaba.pos.pay.account.ack";
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let elsewhere = format!("http://{}/elsewhere/rest", gateway.addr());
    let before = no_redirects
        .post(&elsewhere)
        .header("content-type", FORM)
        .send()
        .await
        .unwrap();
    assert_eq!(before.status(), 404, "not served before the move");
    for to in [
        "https://moved.example/router/rest",
        "https://moved.example/router/rest?region=cn",
        "/elsewhere/rest",
    ] {
        let moved = Answer::Moved {
            status: 301,
            to: to.to_owned(),
        };
        gateway.answer(method, moved).unwrap();
        let (query, body) = ack_call(&gateway);
        let answer = no_redirects
            .post(format!("{}?{query}", gateway.url()))
            .header("content-type", FORM)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 301);
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let joint = if to.contains('?') { '&' } else { '?' };
        assert_eq!(location, format!("{to}{joint}{query}"));
        assert!(answer.text().await.unwrap().contains("moved"));
    }
    // Following the move within the gateway: answered, not moved again.
    let (query, body) = ack_call(&gateway);
    let answer = no_redirects
        .post(format!("{elsewhere}?{query}"))
        .header("content-type", FORM)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let text = answer.text().await.unwrap();
    assert!(
        text.contains("alibaba_pos_pay_account_ack_response"),
        "{text}"
    );
    assert_eq!(gateway.journal().last().unwrap().path, "/elsewhere/rest");
}
