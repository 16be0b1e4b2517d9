//! What a payment does between `alibaba.pos.order.pay` and `alibaba.pos.pay.action.query`.
//! Hand-written: the pages give these APIs' fields, not how a payment moves.
//!
//! - A documented success of `order.pay` records a payment under its
//!   `pay_request.request_id` (the call's idempotency key, so once per value). By default it
//!   is paid at once and the answer is the page's (`result_status` 1). After
//!   [`crate::MockGateway::payments_pending`] each new payment starts pending instead:
//!   `result_status` 3, `is_success` true, `result_code` `PAYMENT_PENDING`; it resolves after
//!   the given number of queries. A failed one answers `result_status` 2, `is_success`
//!   false, `result_code` `PAYMENT_FAILED`.
//! - A retry of `order.pay` with the same request id is answered the payment's state now.
//! - A programmed [`Answer::Json`] outcome of `order.pay` is answered as programmed; its
//!   payment takes the `result.model.result_status` it says (paid when it says none).
//! - `pay.action.query`, unless programmed, answers the state of the payment with its
//!   `payment_action_request.request_id` in `result.model.action_status`. The page
//!   documents no values; these are the gateway's: `SUCCESS` (paid), `FAILED`, `PENDING`,
//!   and `NOT_FOUND` (nothing was recorded under that request id, e.g. the pay call was
//!   refused or lost before it was recorded: the payment was not made).
//!   `result.model.success` says whether it was found; `result.success` is true and
//!   `result.msg_code` `SUCCESS`, as the query itself worked.
//!
//! If the specs change so that this does not fit, these calls get an `isp.mock-payment-model`
//! error saying what is missing.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::answer::{self, Answer, Body, TopError};
use crate::schema::Api;
use crate::store::key_value;

/// The paying API, idempotent on [`PAY_KEY`].
pub(crate) const ORDER_PAY: &str = "alibaba.pos.order.pay";
const PAY_KEY: &str = "pay_request.request_id";
/// The query a client asks when it does not know how a payment went.
const ACTION_QUERY: &str = "alibaba.pos.pay.action.query";
const QUERY_KEY: &str = "payment_action_request.request_id";

/// Where a payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PaymentStatus {
    /// Not decided yet: `result_status` 3 (支付未决), `action_status` `PENDING`.
    Pending,
    /// `result_status` 1 (支付成功), `action_status` `SUCCESS`.
    Paid,
    /// `result_status` 2 (支付失败), `action_status` `FAILED`.
    Failed,
}

impl PaymentStatus {
    fn result_status(self) -> i64 {
        match self {
            PaymentStatus::Paid => 1,
            PaymentStatus::Failed => 2,
            PaymentStatus::Pending => 3,
        }
    }

    fn from_result_status(value: &Value) -> Option<PaymentStatus> {
        let code = value
            .as_i64()
            .or_else(|| value.as_str().and_then(|s| s.parse().ok()))?;
        match code {
            1 => Some(PaymentStatus::Paid),
            2 => Some(PaymentStatus::Failed),
            3 => Some(PaymentStatus::Pending),
            _ => None,
        }
    }

    fn action_status(self) -> &'static str {
        match self {
            PaymentStatus::Paid => "SUCCESS",
            PaymentStatus::Failed => "FAILED",
            PaymentStatus::Pending => "PENDING",
        }
    }
}

/// How a new payment goes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) enum Policy {
    /// Paid at once.
    #[default]
    Immediate,
    /// Pending until `queries` queries were answered, then `then` (`Pending`: for ever).
    Pending { queries: u32, then: PaymentStatus },
}

struct Payment {
    status: PaymentStatus,
    /// Queries still answered `PENDING` before it resolves.
    queries_left: u32,
    then: PaymentStatus,
}

/// Every payment recorded, by request id. Kept inside the store, under its lock.
#[derive(Default)]
pub(crate) struct Payments {
    policy: Policy,
    by_request_id: HashMap<String, Payment>,
}

impl Payments {
    /// For payments recorded from now on.
    pub(crate) fn set_policy(&mut self, policy: Policy) {
        self.policy = policy;
    }

    /// Records the payment of `request_id`, whose `order.pay` outcome is `outcome`.
    pub(crate) fn open(&mut self, request_id: &str, outcome: &Answer) {
        let mut outcome = outcome;
        while let Answer::Gzip(inner) = outcome {
            outcome = inner;
        }
        let (queries_left, then) = match self.policy {
            Policy::Immediate => (0, PaymentStatus::Paid),
            Policy::Pending { queries, then } => (queries, then),
        };
        let status = match (outcome, self.policy) {
            (Answer::Json(value), _) => value
                .pointer("/result/model/result_status")
                .and_then(PaymentStatus::from_result_status)
                .unwrap_or(PaymentStatus::Paid),
            (_, Policy::Immediate) => PaymentStatus::Paid,
            (_, Policy::Pending { .. }) => PaymentStatus::Pending,
        };
        let payment = Payment {
            status,
            queries_left,
            then,
        };
        self.by_request_id.insert(request_id.to_owned(), payment);
    }

    /// `None` when nothing was recorded under `request_id`.
    pub(crate) fn status(&self, request_id: &str) -> Option<PaymentStatus> {
        self.by_request_id
            .get(request_id)
            .map(|payment| payment.status)
    }

    /// A query for `request_id`: a pending payment comes one query nearer its end.
    fn query(&mut self, request_id: &str) -> Option<PaymentStatus> {
        let payment = self.by_request_id.get_mut(request_id)?;
        if payment.status == PaymentStatus::Pending {
            match payment.queries_left.checked_sub(1) {
                Some(left) => payment.queries_left = left,
                None => payment.status = payment.then,
            }
        }
        Some(payment.status)
    }
}

/// The documented answer of a payment API as the model has it; `None` for the other APIs
/// and for a paid `order.pay`, whose answer is the page's.
pub(crate) fn documented(
    payments: &mut Payments,
    api: &Api,
    params: &BTreeMap<String, String>,
    json: bool,
    request_id: &str,
) -> Option<Body> {
    let tree = match api.method {
        ORDER_PAY => match key_value(PAY_KEY, params).and_then(|id| payments.status(&id)) {
            None | Some(PaymentStatus::Paid) => return None,
            Some(status) => pay_answer(api, status),
        },
        ACTION_QUERY => query_answer(payments, params),
        _ => return None,
    };
    Some(match tree {
        Ok(tree) => answer::value(api.response_root, &tree, json, request_id),
        Err(misfit) => answer::error(&misfit.error(), json, request_id),
    })
}

/// The page's `order.pay` answer (under its root) saying `status`.
fn pay_answer(api: &Api, status: PaymentStatus) -> Result<Value, Misfit> {
    let mut documented: Value = serde_json::from_str(api.response_json)
        .map_err(|e| Misfit(format!("the documented answer is not JSON: {e}")))?;
    let mut tree = documented
        .get_mut(api.response_root)
        .map(Value::take)
        .ok_or_else(|| {
            Misfit(format!(
                "the documented answer has no `{}`",
                api.response_root
            ))
        })?;
    let model = tree
        .pointer_mut("/result/model")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| Misfit("the documented answer has no `result.model`".to_owned()))?;
    for field in ["result_status", "is_success", "result_code"] {
        if !model.contains_key(field) {
            return Err(Misfit(format!(
                "the documented answer has no `result.model.{field}`"
            )));
        }
    }
    let (is_success, result_code) = match status {
        PaymentStatus::Paid => (true, "OPERATION_SUCCESS"),
        PaymentStatus::Failed => (false, "PAYMENT_FAILED"),
        PaymentStatus::Pending => (true, "PAYMENT_PENDING"),
    };
    model.insert("result_status".into(), status.result_status().into());
    model.insert("is_success".into(), is_success.into());
    model.insert("result_code".into(), result_code.into());
    Ok(tree)
}

/// The answer to a `pay.action.query` call, which counts as one query.
fn query_answer(
    payments: &mut Payments,
    params: &BTreeMap<String, String>,
) -> Result<Value, Misfit> {
    let request_id = key_value(QUERY_KEY, params)
        .ok_or_else(|| Misfit(format!("the call has no `{QUERY_KEY}`")))?;
    let status = payments.query(&request_id);
    Ok(serde_json::json!({
        "result": {
            "model": {
                "action_status": status.map_or("NOT_FOUND", PaymentStatus::action_status),
                "success": status.is_some(),
            },
            "msg_code": "SUCCESS",
            "msg_info": "",
            "success": true,
        }
    }))
}

/// Why the payment model cannot answer: the specs moved away from it.
#[derive(Debug)]
struct Misfit(String);

impl Misfit {
    fn error(&self) -> TopError {
        TopError::new(15, "Remote service error")
            .sub_code("isp.mock-payment-model")
            .sub_msg(&format!(
                "the mock gateway's payment model does not fit the spec: {}",
                self.0
            ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{self, Form, Shape};

    /// The model names these methods, parameters and fields: a spec change that moves them
    /// fails here, saying which.
    #[test]
    fn the_api_table_has_what_the_payment_model_names() {
        let pay = schema::find(ORDER_PAY).expect("order.pay is served");
        assert_eq!(pay.idempotency_key, Some(PAY_KEY));
        for status in [PaymentStatus::Pending, PaymentStatus::Failed] {
            pay_answer(pay, status).unwrap_or_else(|misfit| panic!("{misfit:?}"));
        }
        let query = schema::find(ACTION_QUERY).expect("pay.action.query is served");
        let (param, member) = QUERY_KEY.split_once('.').unwrap();
        let members = query
            .params
            .iter()
            .find(|p| p.name == param)
            .map(|p| match &p.form {
                Form::Json(Shape::Object(members)) => *members,
                other => panic!("{param} is {other:?}"),
            })
            .unwrap_or_else(|| panic!("pay.action.query has no {param}"));
        assert!(members.iter().any(|m| m.name == member && m.required));
        for field in ["<action_status>", "<success>", "<msg_code>", "<msg_info>"] {
            assert!(query.response_xml.contains(field), "{field}");
        }
    }

    #[test]
    fn a_pending_payment_resolves_after_its_queries_and_a_json_outcome_says_its_own() {
        use PaymentStatus::{Failed, Paid, Pending};
        let mut payments = Payments::default();
        assert_eq!(payments.query("none"), None);
        payments.open("paid", &Answer::Documented);
        payments.set_policy(Policy::Pending {
            queries: 2,
            then: Failed,
        });
        payments.open("slow", &Answer::Documented);
        payments.open("told", &Answer::Json(serde_json::json!({"result": {}})));
        let said = serde_json::json!({"result": {"model": {"result_status": "2"}}});
        payments.open("said", &Answer::Json(said));
        assert_eq!(payments.status("paid"), Some(Paid));
        assert_eq!(payments.status("told"), Some(Paid));
        assert_eq!(payments.status("said"), Some(Failed));
        let seen: Vec<_> = (0..4).map(|_| payments.query("slow")).collect();
        assert_eq!(
            seen,
            [Some(Pending), Some(Pending), Some(Failed), Some(Failed)]
        );

        payments.set_policy(Policy::Pending {
            queries: 0,
            then: Pending,
        });
        payments.open("stuck", &Answer::Documented);
        assert_eq!(payments.query("stuck"), Some(Pending));
        assert_eq!(payments.query("stuck"), Some(Pending));
    }
}
