//! The gateway's memory of idempotent calls: for an API whose spec names an idempotency key,
//! the first successful outcome of each key value is recorded (a charge, for a payment) and
//! every later call with that value gets the same outcome and charges nothing; the same value
//! with other content is refused. Atomic under one lock, so concurrent retries cannot
//! charge twice.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::answer::{Answer, TopError};
use crate::payments::{self, PaymentStatus, Payments};

/// System parameters: not part of what a call asks for, so not compared between retries.
const SYSTEM: &[&str] = &[
    "method",
    "app_key",
    "timestamp",
    "v",
    "sign_method",
    "sign",
    "format",
    "session",
    "partner_id",
    "target_app_key",
    "simplify",
];

/// A recorded outcome: what the first call with a key value was answered.
#[derive(Clone, Debug, Serialize)]
pub struct Charge {
    pub method: String,
    /// The idempotency key's value (`pay_request.request_id`'s).
    pub key: String,
    /// The journal position of the call that made it.
    pub seq: u64,
    /// For `alibaba.pos.order.pay`, the payment's status when the list was taken (see
    /// [`crate::MockGateway::payments_pending`]); `None` for the other APIs.
    pub payment: Option<PaymentStatus>,
}

struct Record {
    business: BTreeMap<String, String>,
    outcome: Answer,
}

#[derive(Default)]
pub(crate) struct Store {
    records: HashMap<(&'static str, String), Record>,
    charges: Vec<Charge>,
    /// What the recorded `order.pay` outcomes did: kept under the same lock, so a payment
    /// is recorded with its charge and queries see it at once.
    pub payments: Payments,
}

/// What a call with a known key value gets.
pub(crate) enum Seen {
    /// The recorded outcome again.
    Replay(Answer),
    /// The value was used for a different call.
    Conflict(TopError),
}

impl Store {
    /// `None` for a key value not recorded yet.
    pub(crate) fn seen(
        &self,
        method: &'static str,
        key: &str,
        business: &BTreeMap<String, String>,
    ) -> Option<Seen> {
        let record = self.records.get(&(method, key.to_owned()))?;
        Some(if record.business == *business {
            Seen::Replay(record.outcome.clone())
        } else {
            Seen::Conflict(conflict(key))
        })
    }

    /// Records `outcome` as the key value's, unless another call got there first: then
    /// what was recorded (or the conflict) wins and nothing is charged.
    pub(crate) fn commit(
        &mut self,
        method: &'static str,
        key: &str,
        business: BTreeMap<String, String>,
        outcome: Answer,
        seq: u64,
    ) -> Result<Answer, Seen> {
        if let Some(seen) = self.seen(method, key, &business) {
            return Err(seen);
        }
        self.records.insert(
            (method, key.to_owned()),
            Record {
                business,
                outcome: outcome.clone(),
            },
        );
        if method == payments::ORDER_PAY {
            self.payments.open(key, &outcome);
        }
        self.charges.push(Charge {
            method: method.to_owned(),
            key: key.to_owned(),
            seq,
            payment: None,
        });
        Ok(outcome)
    }

    /// Every charge, in order, with its payment's status now.
    pub(crate) fn charges(&self) -> Vec<Charge> {
        let status = |charge: &Charge| match charge.method.as_str() {
            payments::ORDER_PAY => self.payments.status(&charge.key),
            _ => None,
        };
        self.charges
            .iter()
            .map(|charge| Charge {
                payment: status(charge),
                ..charge.clone()
            })
            .collect()
    }
}

fn conflict(key: &str) -> TopError {
    TopError::new(15, "Remote service error")
        .sub_code("isv.idempotency-key-conflict")
        .sub_msg(&format!(
            "the idempotency key `{key}` was used before for a different call"
        ))
}

/// The business parameters of a call: what a retry must send again unchanged.
pub(crate) fn business(params: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    params
        .iter()
        .filter(|(key, _)| !SYSTEM.contains(&key.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The value at a dotted key path (`pay_request.request_id`: a member of the JSON object
/// parameter `pay_request`), as text; `None` when absent (the parameter checks ran first).
pub(crate) fn key_value(path: &str, params: &BTreeMap<String, String>) -> Option<String> {
    let mut segments = path.split('.');
    let text = params.get(segments.next()?)?;
    let rest: Vec<&str> = segments.collect();
    if rest.is_empty() {
        return Some(text.clone());
    }
    let mut value: Value = serde_json::from_str(text).ok()?;
    for segment in rest {
        value = value.get(segment)?.clone();
    }
    match value {
        Value::String(text) => Some(text),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_key_value_charges_once_and_replays_or_conflicts_after() {
        let mut store = Store::default();
        let first = business(&params(&[
            ("shop_id", "1"),
            ("sign", "A"),
            ("timestamp", "t1"),
        ]));
        assert!(store.seen("m", "k", &first).is_none());
        assert!(
            store
                .commit("m", "k", first.clone(), Answer::Documented, 0)
                .is_ok()
        );
        // A retry: other signature and time, same business content.
        let retry = business(&params(&[
            ("shop_id", "1"),
            ("sign", "B"),
            ("timestamp", "t2"),
        ]));
        assert!(matches!(
            store.seen("m", "k", &retry),
            Some(Seen::Replay(Answer::Documented))
        ));
        assert!(
            store
                .commit("m", "k", retry, Answer::Documented, 1)
                .is_err()
        );
        let other = business(&params(&[("shop_id", "2")]));
        assert!(matches!(store.seen("m", "k", &other), Some(Seen::Conflict(e)) if e.code == 15));
        assert_eq!(store.charges.len(), 1);
    }

    #[test]
    fn key_values_are_read_from_json_members_or_plain_parameters() {
        let p = params(&[
            ("pay_request", r#"{"request_id":"r-1","n":7}"#),
            ("order_id", "9"),
        ]);
        assert_eq!(
            key_value("pay_request.request_id", &p).as_deref(),
            Some("r-1")
        );
        assert_eq!(key_value("pay_request.n", &p).as_deref(), Some("7"));
        assert_eq!(key_value("order_id", &p).as_deref(), Some("9"));
        assert_eq!(key_value("pay_request.missing", &p), None);
    }
}
