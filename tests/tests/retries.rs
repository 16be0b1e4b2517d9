//! The client's retry policy against the mock gateway over loopback HTTP: what is repeated
//! (transient failures of calls that are read-only or carry an idempotency key, with the
//! key unchanged), what never is (a call that could take effect twice, a refusal), the
//! bounds (attempts, deadline), the error a caller reconciles by, and one `tracing` event
//! per retried attempt.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use taobao_top::apis::alibaba_pos::AlibabaPosPayAccountAckRequest;
use taobao_top::apis::alibaba_pos::pay_action_query::AlibabaPosPayActionQueryRequest;
use taobao_top::prelude::*;
use taobao_top::{Client, Error, RetryPolicy, RetryStop, TransportErrorKind};
use taobao_top_mock::{Answer, MockGateway, TopError};
use taobao_top_tests::pos::{self, ORDER_PAY};

const ACK: &str = "alibaba.pos.pay.account.ack";
const QUERY: &str = "alibaba.pos.pay.action.query";

/// Fast waits, so the tests take milliseconds.
fn policy() -> RetryPolicy {
    RetryPolicy::standard().backoff(Duration::from_millis(2), Duration::from_millis(10))
}

async fn start() -> (MockGateway, Client) {
    let gateway = MockGateway::start().await.unwrap();
    let client = pos::client(&gateway, policy());
    (gateway, client)
}

fn isp() -> Answer {
    Answer::Error(TopError::new(15, "Remote service error").sub_code("isp.remote-service-timeout"))
}

fn bad_gateway() -> Answer {
    Answer::Raw {
        status: 502,
        content_type: "text/html".to_owned(),
        body: b"<html>502 Bad Gateway</html>".to_vec(),
    }
}

/// The journal's calls of `method`.
fn calls(gateway: &MockGateway, method: &str) -> Vec<taobao_top_mock::Call> {
    gateway
        .journal()
        .into_iter()
        .filter(|call| call.method == method)
        .collect()
}

fn retry_error(error: Error) -> Box<taobao_top::RetryError> {
    match error {
        Error::Retry(error) => error,
        other => panic!("expected a retry error, got {other:?}"),
    }
}

#[tokio::test]
async fn without_a_policy_nothing_is_repeated() {
    let gateway = MockGateway::start().await.unwrap();
    let client = pos::client(&gateway, RetryPolicy::disabled());
    gateway
        .answer_sequence(ORDER_PAY, [Answer::Hangup])
        .unwrap();
    let error = client
        .alibaba_pos_order_pay(&pos::pay_request("r-off"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(calls(&gateway, ORDER_PAY).len(), 1);
}

#[tokio::test]
async fn a_payment_is_retried_with_its_key_unchanged_and_charged_once() {
    let (gateway, client) = start().await;
    // Lost before it was recorded, then the gateway failed, then it goes through.
    gateway
        .answer_sequence(ORDER_PAY, [Answer::Hangup, bad_gateway()])
        .unwrap();
    let answer = client
        .alibaba_pos_order_pay(&pos::pay_request("r-1"))
        .await
        .unwrap();
    assert!(answer.request_id.is_some());
    let calls = calls(&gateway, ORDER_PAY);
    assert_eq!(calls.len(), 3);
    let keys: Vec<String> = calls.iter().map(pos::pay_key).collect();
    assert_eq!(
        keys,
        ["r-1", "r-1", "r-1"],
        "every attempt sends the same key"
    );
    // Each attempt is signed afresh, and the signature differs only when the time does.
    assert!(calls.iter().all(|call| call.rejected.is_none()));
    assert_eq!(gateway.charges().len(), 1);
}

#[tokio::test]
async fn a_payment_recorded_before_its_answer_was_lost_is_replayed_not_paid_again() {
    let (gateway, client) = start().await;
    gateway
        .answer_sequence(ORDER_PAY, [Answer::HangupAfterCommit])
        .unwrap();
    client
        .alibaba_pos_order_pay(&pos::pay_request("r-2"))
        .await
        .unwrap();
    let calls = calls(&gateway, ORDER_PAY);
    assert_eq!(calls.len(), 2);
    assert!(calls[0].charged && !calls[0].replayed);
    assert!(calls[1].replayed && !calls[1].charged);
    assert_eq!(gateway.charges().len(), 1);
}

#[tokio::test]
async fn a_call_that_could_take_effect_twice_is_tried_once_and_says_so() {
    let (gateway, client) = start().await;
    gateway.answer(ACK, Answer::Hangup).unwrap();
    let request: AlibabaPosPayAccountAckRequest = pos::documented(ACK);
    let client = client.with_session(gateway.session());
    let error = retry_error(
        client
            .alibaba_pos_pay_account_ack(&request)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.stop, RetryStop::NotSafeToRepeat);
    assert_eq!(error.attempts, 1);
    assert_eq!(error.method, ACK);
    assert_eq!(error.idempotency_key, None);
    assert!(matches!(&error.last, Error::Transport(t) if t.kind != TransportErrorKind::Redirected));
    assert_eq!(calls(&gateway, ACK).len(), 1);
    let text = error.to_string();
    assert!(
        text.contains("after 1 attempt (not retried: it is neither read-only nor idempotent)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_read_only_call_is_retried_without_a_key() {
    let (gateway, client) = start().await;
    gateway
        .answer_sequence(QUERY, [bad_gateway(), isp()])
        .unwrap();
    let request: AlibabaPosPayActionQueryRequest = pos::documented(QUERY);
    client.alibaba_pos_pay_action_query(&request).await.unwrap();
    assert_eq!(calls(&gateway, QUERY).len(), 3);
}

#[tokio::test]
async fn a_refusal_is_returned_as_it_came_at_the_first_attempt() {
    let (gateway, client) = start().await;
    let refused = TopError::new(15, "Remote service error").sub_code("isv.pay-fee-invalid");
    gateway.answer(ORDER_PAY, Answer::Error(refused)).unwrap();
    let error = client
        .alibaba_pos_order_pay(&pos::pay_request("r-3"))
        .await
        .unwrap_err();
    match error {
        Error::Api(api) => assert_eq!(api.sub_code.as_deref(), Some("isv.pay-fee-invalid")),
        other => panic!("{other:?}"),
    }
    assert_eq!(calls(&gateway, ORDER_PAY).len(), 1);
}

#[tokio::test]
async fn a_refusal_after_a_lost_attempt_keeps_what_is_needed_to_reconcile() {
    let (gateway, client) = start().await;
    let refused = TopError::new(15, "Remote service error").sub_code("isv.pay-fee-invalid");
    gateway
        .answer_sequence(ORDER_PAY, [Answer::Hangup, Answer::Error(refused)])
        .unwrap();
    let error = retry_error(
        client
            .alibaba_pos_order_pay(&pos::pay_request("r-4"))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.stop, RetryStop::Refused);
    assert_eq!(error.attempts, 2);
    assert_eq!(error.idempotency_key.as_deref(), Some("r-4"));
    let second = &calls(&gateway, ORDER_PAY)[1];
    assert_eq!(
        error.top_request_id.as_deref(),
        Some(second.request_id.as_str())
    );
}

#[tokio::test]
async fn attempts_are_bounded_and_the_error_names_key_request_id_and_attempts() {
    let (gateway, client) = start().await;
    gateway.answer(ORDER_PAY, isp()).unwrap();
    let error = retry_error(
        client
            .alibaba_pos_order_pay(&pos::pay_request("r-5"))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.stop, RetryStop::AttemptsExhausted);
    assert_eq!(error.attempts, 3);
    let calls = calls(&gateway, ORDER_PAY);
    assert_eq!(calls.len(), 3);
    assert_eq!(
        error.top_request_id.as_deref(),
        Some(calls[2].request_id.as_str())
    );
    let text = error.to_string();
    for part in [
        "`alibaba.pos.order.pay` failed after 3 attempts (every attempt failed",
        "idempotency key r-5",
        &format!("last TOP request_id {}", calls[2].request_id),
        "isp.remote-service-timeout",
    ] {
        assert!(text.contains(part), "{part:?} missing: {text}");
    }
    assert!(gateway.charges().is_empty(), "nothing went through");
}

#[tokio::test]
async fn the_deadline_caps_attempts_and_waits_together() {
    let gateway = MockGateway::start().await.unwrap();
    let policy = RetryPolicy::standard()
        .max_attempts(50)
        .backoff(Duration::from_millis(20), Duration::from_millis(20))
        .deadline(Duration::from_millis(300));
    let client = pos::client(&gateway, policy);
    // Every answer comes too late for the attempt's share of the deadline.
    gateway
        .answer(
            ORDER_PAY,
            Answer::Delayed(Duration::from_millis(400), Box::new(Answer::Documented)),
        )
        .unwrap();
    let started = std::time::Instant::now();
    let error = retry_error(
        client
            .alibaba_pos_order_pay(&pos::pay_request("r-6"))
            .await
            .unwrap_err(),
    );
    let elapsed = started.elapsed();
    assert!(
        matches!(
            error.stop,
            RetryStop::DeadlineExceeded | RetryStop::AttemptsExhausted
        ),
        "{error:?}"
    );
    assert!(error.attempts < 50, "{} attempts", error.attempts);
    // Behaviour, not timing: the whole call ended long before 50 attempts of 400 ms.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert!(matches!(&error.last, Error::Transport(t) if t.kind == TransportErrorKind::Timeout));
}

#[tokio::test]
async fn a_redirect_is_never_retried() {
    let (gateway, client) = start().await;
    gateway
        .answer(
            ORDER_PAY,
            Answer::Redirect {
                status: 307,
                location: "http://127.0.0.1:9/router/rest".to_owned(),
            },
        )
        .unwrap();
    let error = client
        .alibaba_pos_order_pay(&pos::pay_request("r-7"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::HttpStatus { status: 307, .. }),
        "{error:?}"
    );
    assert_eq!(calls(&gateway, ORDER_PAY).len(), 1);
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn every_retried_attempt_is_one_tracing_event_naming_method_attempt_and_failure() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // While one scoped subscriber is the only dispatcher registered, tracing-core works out
    // the interest of a callsite first hit on another thread (another test's retry) from
    // that thread's default alone, and caches "never" for this one too: the retry events
    // went missing now and then. With a second dispatcher registered it asks every one.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (gateway, client) = start().await;
        gateway
            .answer_sequence(ORDER_PAY, [Answer::Hangup, bad_gateway()])
            .unwrap();
        client
            .alibaba_pos_order_pay(&pos::pay_request("r-8"))
            .await
            .unwrap();
    });
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let retries: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("attempt failed; retrying"))
        .collect();
    assert_eq!(retries.len(), 2, "{text}");
    assert!(retries[0].contains("attempt=1") && retries[0].contains("failure=\"transport_error\""));
    assert!(retries[1].contains("attempt=2") && retries[1].contains("failure=\"http_error\""));
    assert!(
        retries
            .iter()
            .all(|line| line.contains("alibaba.pos.order.pay"))
    );
}
