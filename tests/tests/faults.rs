//! No payment lost, none doubled: for each fault the mock gateway can inject, 200 payments
//! by 16 concurrent callers on one client with the retry policy on, over loopback HTTP.
//! Every third call of `alibaba.pos.order.pay` is hit by the fault; a caller whose payment
//! call fails reconciles it as a till would, by querying the payment
//! (`alibaba.pos.pay.action.query`) and paying again with the same request id when it was
//! never made. Afterwards every payment has a definite outcome and the gateway's journal
//! shows each request id charged at most once.
//!
//! The figures of each run are printed (`cargo test --test faults -- --nocapture`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use taobao_top::apis::alibaba_pos::order_pay::ResultStatus;
use taobao_top::apis::alibaba_pos::pay_action_query::{
    AlibabaPosPayActionQueryRequest, PaymentActionRequest,
};
use taobao_top::prelude::*;
use taobao_top::{Client, Format, RetryPolicy};
use taobao_top_mock::{Answer, MockGateway, PaymentStatus, TopError};
use taobao_top_tests::pos::{self, ORDER_PAY};

const PAYMENTS: usize = 200;
const CALLERS: usize = 16;
/// Each attempt's timeout: the delay fault holds its answer longer.
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(300);
/// Rounds of "query, then pay again with the same id" a caller makes after a failed call.
const RECONCILE_ROUNDS: usize = 20;

/// What became of one payment, as its caller knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Paid,
    Failed,
    /// Every round's payment call failed and each query said it was never made: definitely
    /// not charged (the caller gave up after [`RECONCILE_ROUNDS`]).
    NotMade,
    /// The caller could not find out: what must never happen.
    Unknown,
}

/// One run's figures.
#[derive(Debug, Default)]
struct Figures {
    payments: usize,
    faults: usize,
    /// Calls of `order.pay` the retry policy made beyond the first of each client call:
    /// the journal's calls less the callers' own.
    retries: usize,
    /// Payments made again by their caller (same request id) after a query said "never made".
    repays: usize,
    /// Calls of `alibaba.pos.pay.action.query`.
    queries: usize,
    paid: usize,
    failed: usize,
    not_made: usize,
    /// Request ids charged more than once: must be 0.
    doubled: usize,
    unknown: usize,
}

fn retry_policy() -> RetryPolicy {
    RetryPolicy::standard()
        .max_attempts(6)
        .backoff(Duration::from_millis(1), Duration::from_millis(20))
        .deadline(Duration::from_secs(10))
}

/// Runs the payments against a gateway whose every third `order.pay` call gets `fault`.
/// With `pending`, every payment answers pending first and settles so after two queries.
async fn run(name: &str, format: Format, fault: Answer, pending: Option<PaymentStatus>) -> Figures {
    let gateway = MockGateway::start().await.unwrap();
    let injected = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&injected);
    gateway
        .answer(
            ORDER_PAY,
            Answer::with(move |call| {
                if call.seq % 3 == 0 {
                    counter.fetch_add(1, Ordering::Relaxed);
                    fault.clone()
                } else {
                    Answer::Documented
                }
            }),
        )
        .unwrap();
    if let Some(then) = pending {
        gateway.payments_pending(2, then);
    }
    let client = pos::client_with(&gateway, retry_policy(), format, ATTEMPT_TIMEOUT);
    let next = Arc::new(AtomicUsize::new(0));
    let mut callers = Vec::new();
    for _ in 0..CALLERS {
        let (client, next, name) = (client.clone(), Arc::clone(&next), name.to_owned());
        callers.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= PAYMENTS {
                    return outcomes;
                }
                let id = format!("{name}-{n:03}");
                let (outcome, calls) = pay(&client, &id).await;
                outcomes.push((id, (outcome, calls)));
            }
        }));
    }
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut client_calls = 0;
    for caller in callers {
        for (id, (outcome, calls)) in caller.await.unwrap() {
            client_calls += calls;
            outcomes.insert(id, outcome);
        }
    }
    figures(
        &gateway,
        &outcomes,
        injected.load(Ordering::Relaxed),
        client_calls,
    )
}

/// One payment as a till makes it: pay; when that fails, ask what became of it, and pay
/// again with the same request id if it was never made. Also the number of payment calls
/// it made through the client (each may be several attempts).
async fn pay(client: &Client, id: &str) -> (Outcome, usize) {
    let request = pos::pay_request(id);
    for round in 1..=RECONCILE_ROUNDS {
        let done = |outcome| (outcome, round);
        let status = match client.alibaba_pos_order_pay(&request).await {
            Ok(answer) => answer
                .result
                .and_then(|result| result.model)
                .and_then(|model| model.result_status),
            Err(_) => None,
        };
        match status {
            Some(ResultStatus::Success) => return done(Outcome::Paid),
            Some(ResultStatus::Failure) => return done(Outcome::Failed),
            // Pending, or the call failed: the gateway knows.
            _ => match query_until_decided(client, id).await {
                Some("SUCCESS") => return done(Outcome::Paid),
                Some("FAILED") => return done(Outcome::Failed),
                // Never made: pay again, with the same request id.
                Some("NOT_FOUND") => continue,
                _ => return done(Outcome::Unknown),
            },
        }
    }
    (Outcome::NotMade, RECONCILE_ROUNDS)
}

/// The payment's action status once it is no longer pending; `None` when it cannot be
/// found out.
async fn query_until_decided(client: &Client, id: &str) -> Option<&'static str> {
    let query = AlibabaPosPayActionQueryRequest::builder()
        .shop_id(1)
        .payment_action_request(
            PaymentActionRequest::builder()
                .request_id(id)
                .buyer_id(1)
                .build(),
        )
        .build();
    for _ in 0..20 {
        let answer = client.alibaba_pos_pay_action_query(&query).await.ok()?;
        let status = answer.result?.model?.action_status?;
        match status.as_str() {
            "SUCCESS" => return Some("SUCCESS"),
            "FAILED" => return Some("FAILED"),
            "NOT_FOUND" => return Some("NOT_FOUND"),
            "PENDING" => tokio::time::sleep(Duration::from_millis(2)).await,
            _ => return None,
        }
    }
    None
}

/// The figures, from the callers' outcomes and the gateway's journal and charges, checked
/// against each other.
fn figures(
    gateway: &MockGateway,
    outcomes: &BTreeMap<String, Outcome>,
    faults: usize,
    client_calls: usize,
) -> Figures {
    let journal = gateway.journal();
    let pay_calls = journal
        .iter()
        .filter(|call| call.method == ORDER_PAY)
        .count();
    let queries = journal.len() - pay_calls;
    let mut charged: BTreeMap<String, usize> = BTreeMap::new();
    for call in journal.iter().filter(|call| call.charged) {
        *charged.entry(pos::pay_key(call)).or_default() += 1;
    }
    let charges = gateway.charges();
    let mut keys: BTreeMap<&str, usize> = BTreeMap::new();
    for charge in &charges {
        *keys.entry(charge.key.as_str()).or_default() += 1;
    }
    for (id, outcome) in outcomes {
        let times = charged.get(id).copied().unwrap_or(0);
        match outcome {
            Outcome::Paid => assert_eq!(times, 1, "{id} is paid: charged once, not {times}"),
            Outcome::Failed => assert!(times <= 1, "{id}"),
            Outcome::NotMade => assert_eq!(times, 0, "{id} was never made: not charged"),
            Outcome::Unknown => {}
        }
        assert_eq!(
            keys.get(id.as_str()).copied().unwrap_or(0),
            times,
            "{id}: the charges and the journal agree"
        );
    }
    let count = |wanted: Outcome| outcomes.values().filter(|o| **o == wanted).count();
    Figures {
        payments: outcomes.len(),
        faults,
        retries: pay_calls - client_calls,
        repays: client_calls - outcomes.len(),
        queries,
        paid: count(Outcome::Paid),
        failed: count(Outcome::Failed),
        not_made: count(Outcome::NotMade),
        doubled: charged.values().filter(|times| **times > 1).count()
            + keys.values().filter(|times| **times > 1).count(),
        unknown: count(Outcome::Unknown),
    }
}

fn check(name: &str, figures: &Figures) {
    eprintln!(
        "{name:<46} payments {:>3}  faults {:>3}  retries {:>3}  repays {:>3}  queries {:>3}  \
         paid {:>3}  failed {:>3}  not made {}  doubled {}  unknown {}",
        figures.payments,
        figures.faults,
        figures.retries,
        figures.repays,
        figures.queries,
        figures.paid,
        figures.failed,
        figures.not_made,
        figures.doubled,
        figures.unknown
    );
    assert_eq!(figures.payments, PAYMENTS, "{name}");
    assert!(figures.faults > 0, "{name}: the fault was injected");
    assert!(
        figures.retries + figures.repays > 0,
        "{name}: the faults made calls repeat"
    );
    assert_eq!(figures.doubled, 0, "{name}: {figures:?}");
    assert_eq!(figures.unknown, 0, "{name}: {figures:?}");
}

fn bad_gateway() -> Answer {
    Answer::Raw {
        status: 502,
        content_type: "text/html".to_owned(),
        body: b"<html>502 Bad Gateway</html>".to_vec(),
    }
}

fn malformed() -> Answer {
    Answer::Raw {
        status: 200,
        content_type: "application/json;charset=UTF-8".to_owned(),
        body: br#"{"alibaba_pos_order_pay_response":{"result":{"model":"#.to_vec(),
    }
}

fn isp() -> Answer {
    Answer::Error(
        TopError::new(15, "Remote service error").sub_code("isp.remote-service-unavailable"),
    )
}

macro_rules! fault_tests {
    ($($name:ident: $format:expr, $fault:expr, $pending:expr;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $name() {
            let name = stringify!($name);
            check(name, &run(name, $format, $fault, $pending).await);
        }
    )*};
}

fault_tests! {
    delay_past_the_timeout: Format::Json,
        Answer::Delayed(Duration::from_millis(600), Box::new(Answer::Documented)), None;
    hangup_before_the_payment_is_recorded: Format::Json, Answer::Hangup, None;
    hangup_after_the_payment_is_recorded: Format::Xml, Answer::HangupAfterCommit, None;
    http_5xx_before_the_payment_is_recorded: Format::Json, bad_gateway(), None;
    http_5xx_after_the_payment_is_recorded: Format::Xml,
        Answer::AfterCommit(Box::new(bad_gateway())), None;
    malformed_body_after_the_payment_is_recorded: Format::Json,
        Answer::AfterCommit(Box::new(malformed())), None;
    truncated_body_after_the_payment_is_recorded: Format::Xml,
        Answer::AfterCommit(Box::new(Answer::Truncated(Box::new(Answer::Documented)))), None;
    isp_error_before_the_payment_is_recorded: Format::Json, isp(), None;
    isp_error_after_the_payment_is_recorded: Format::Xml,
        Answer::AfterCommit(Box::new(isp())), None;
    redirect_is_refused_and_reconciled: Format::Json,
        Answer::Redirect { status: 302, location: "http://127.0.0.1:9/router/rest".to_owned() }, None;
    pending_payments_resolved_by_query: Format::Json, Answer::Hangup, Some(PaymentStatus::Paid);
    pending_payments_declined_after_a_lost_answer: Format::Xml,
        Answer::HangupAfterCommit, Some(PaymentStatus::Failed);
}
