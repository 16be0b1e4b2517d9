//! Retrying a call that failed on the way, only where repeating it cannot repeat its effect.
//!
//! A call is repeated when two things hold. The failure is transient: the call did not
//! complete (a transport error, a timeout), the gateway failed (HTTP 5xx, an `isp.*` error),
//! or its answer could not be read (a decode error: what the gateway said is unknown). And
//! the call is safe to repeat: its API only reads (`TopRequest::READ_ONLY`), or its spec
//! names an idempotency key and the request holds a value for it, which every attempt
//! sends unchanged (the gateway answers a repeated key with the first outcome). Anything
//! else, a payment without a key above all, is never repeated: the error says what a caller
//! needs to reconcile it ([`RetryError`]).

use std::fmt;
use std::time::{Duration, Instant};

use crate::{Error, TopRequest, TransportErrorKind};

/// How a client repeats calls that failed on the way: off unless set
/// ([`RetryPolicy::disabled`]); [`RetryPolicy::standard`] is a sound start.
///
/// Attempts are bounded, waits grow exponentially with jitter (half the wait is random, so
/// many tills that failed together do not retry together), and an overall deadline caps
/// the whole call, waits included: each attempt's timeout is cut to what is left of it.
///
/// ```
/// use std::time::Duration;
/// use taobao_top::RetryPolicy;
///
/// let policy = RetryPolicy::standard()
///     .max_attempts(4)
///     .backoff(Duration::from_millis(200), Duration::from_secs(2))
///     .deadline(Duration::from_secs(20));
/// assert_eq!(policy.attempts(), 4);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::disabled()
    }
}

impl RetryPolicy {
    /// One attempt, no retry: every error is returned as it happened.
    pub const fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            deadline: None,
        }
    }

    /// Three attempts, waits from 100 ms doubling up to 2 s, 30 s for the whole call.
    pub const fn standard() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            deadline: Some(Duration::from_secs(30)),
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, and the most any wait grows to.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The most the whole call may take, attempts and waits together.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether any call is ever repeated.
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// The wait before retry number `retry` (1 for the one after the first attempt):
    /// `initial * 2^(retry-1)`, capped, then its upper half drawn at random.
    pub(crate) fn wait(&self, retry: u32) -> Duration {
        let doubling = 2u32.saturating_pow(retry.saturating_sub(1));
        let wait = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        let half = wait / 2;
        let random = u64::try_from(half.as_nanos()).map_or(0, |nanos| fastrand::u64(0..=nanos));
        half + Duration::from_nanos(random)
    }
}

/// Why the client stopped trying a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryStop {
    /// The call is neither read-only nor carries an idempotency key: repeating it could
    /// repeat its effect (pay twice), so it was tried once.
    NotSafeToRepeat,
    /// Every attempt the policy allows failed.
    AttemptsExhausted,
    /// Another wait would pass the policy's deadline.
    DeadlineExceeded,
    /// A later attempt failed in a way retrying cannot fix (the gateway refused it); what
    /// the earlier attempts did is still unknown.
    Refused,
}

/// A call that failed under a retry policy, with what a caller needs to reconcile it: for a
/// payment, query its outcome by the idempotency key (or call again with the same key)
/// before paying with a new one.
#[derive(Debug)]
#[non_exhaustive]
pub struct RetryError {
    /// The TOP method.
    pub method: &'static str,
    /// The idempotency key's value every attempt sent, if the API has one.
    pub idempotency_key: Option<String>,
    /// The last `request_id` TOP answered with, if any attempt got one.
    pub top_request_id: Option<String>,
    /// Attempts made, the first included.
    pub attempts: u32,
    pub stop: RetryStop,
    /// The last attempt's error.
    pub last: Error,
}

impl fmt::Display for RetryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.stop {
            RetryStop::NotSafeToRepeat => "not retried: it is neither read-only nor idempotent",
            RetryStop::AttemptsExhausted => "every attempt failed",
            RetryStop::DeadlineExceeded => "the retry deadline passed",
            RetryStop::Refused => "a retry was refused",
        };
        write!(
            f,
            "`{}` failed after {} attempt{} ({why}",
            self.method,
            self.attempts,
            if self.attempts == 1 { "" } else { "s" }
        )?;
        if let Some(key) = &self.idempotency_key {
            write!(f, "; idempotency key {key}")?;
        }
        if let Some(id) = &self.top_request_id {
            write!(f, "; last TOP request_id {id}")?;
        }
        write!(f, "): {}", self.last)
    }
}

impl std::error::Error for RetryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.last)
    }
}

/// Whether an error is worth another attempt: the call did not complete, the platform
/// failed, or the answer was unreadable. Refusals (`isv.*`, bad signature, a redirect, a
/// check before sending) are not: another attempt gets the same answer.
pub(crate) fn is_transient(error: &Error) -> bool {
    match error {
        Error::Transport(error) => error.kind != TransportErrorKind::Redirected,
        Error::HttpStatus { status, .. } => (500..600).contains(status),
        Error::Api(error) => error.is_platform_error(),
        Error::Decode(_) => true,
        _ => false,
    }
}

/// The TOP request id an error carries.
fn top_request_id(error: &Error) -> Option<&str> {
    match error {
        Error::Api(error) => error.request_id.as_deref(),
        _ => None,
    }
}

/// One call's progress through its policy.
pub(crate) struct Attempts<'p> {
    policy: &'p RetryPolicy,
    method: &'static str,
    key: Option<String>,
    safe: bool,
    started: Instant,
    made: u32,
    top_request_id: Option<String>,
}

/// What to do after an attempt failed.
pub(crate) enum Next {
    /// Wait this long, then try again.
    Retry(Duration),
    /// Give this error to the caller.
    Fail(Error),
}

impl<'p> Attempts<'p> {
    pub(crate) fn new<R: TopRequest>(policy: &'p RetryPolicy, request: &R) -> Self {
        let key = request
            .idempotency_value()
            .filter(|value| crate::is_sent(value))
            .map(|value| value.into_owned());
        Attempts {
            policy,
            method: R::METHOD,
            safe: R::READ_ONLY || key.is_some(),
            key,
            started: Instant::now(),
            made: 0,
            top_request_id: None,
        }
    }

    /// Counts an attempt about to be made; the timeout it gets: `timeout`, cut to what is
    /// left of the deadline.
    pub(crate) fn begin(&mut self, timeout: Duration) -> Duration {
        self.made += 1;
        match self.policy.deadline {
            Some(deadline) => timeout.min(deadline.saturating_sub(self.started.elapsed())),
            None => timeout,
        }
    }

    /// Attempts made so far.
    pub(crate) fn made(&self) -> u32 {
        self.made
    }

    /// After a failed attempt: another, or the error for the caller.
    pub(crate) fn after(&mut self, error: Error) -> Next {
        if !self.policy.is_enabled() {
            return Next::Fail(error);
        }
        if let Some(id) = top_request_id(&error) {
            self.top_request_id = Some(id.to_owned());
        }
        let transient = is_transient(&error);
        let stop = if !transient {
            if self.made == 1 {
                // Refused at the first attempt: a definite answer, as it came.
                return Next::Fail(error);
            }
            RetryStop::Refused
        } else if !self.safe {
            RetryStop::NotSafeToRepeat
        } else if self.made >= self.policy.max_attempts {
            RetryStop::AttemptsExhausted
        } else {
            let wait = self.policy.wait(self.made);
            let past_deadline = self
                .policy
                .deadline
                .is_some_and(|deadline| self.started.elapsed() + wait >= deadline);
            if !past_deadline {
                return Next::Retry(wait);
            }
            RetryStop::DeadlineExceeded
        };
        Next::Fail(Error::Retry(Box::new(RetryError {
            method: self.method,
            idempotency_key: self.key.clone(),
            top_request_id: self.top_request_id.clone(),
            attempts: self.made,
            stop,
            last: error,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_cap_with_their_upper_half_random() {
        let policy =
            RetryPolicy::standard().backoff(Duration::from_millis(100), Duration::from_millis(350));
        for _ in 0..200 {
            let first = policy.wait(1);
            assert!((Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first));
            let second = policy.wait(2);
            assert!((Duration::from_millis(100)..=Duration::from_millis(200)).contains(&second));
            let capped = policy.wait(30);
            assert!((Duration::from_millis(175)..=Duration::from_millis(350)).contains(&capped));
        }
        let waits: std::collections::HashSet<Duration> = (0..50).map(|_| policy.wait(3)).collect();
        assert!(waits.len() > 1, "the jitter varies the waits");
    }

    #[test]
    fn only_failures_on_the_way_are_transient() {
        use crate::ApiError;
        let mut isp = ApiError::new(15, "Remote service error");
        isp.sub_code = Some("isp.remote-service-timeout".to_owned());
        let mut isv = ApiError::new(15, "Remote service error");
        isv.sub_code = Some("isv.invalid-parameter".to_owned());
        assert!(is_transient(&Error::Api(isp)));
        assert!(!is_transient(&Error::Api(isv)));
        assert!(!is_transient(&Error::Api(ApiError::new(
            25,
            "Invalid signature"
        ))));
        let status = |status| Error::HttpStatus {
            status,
            body_excerpt: String::new(),
            redirect_host: None,
        };
        assert!(is_transient(&status(502)));
        assert!(!is_transient(&status(404)));
        assert!(!is_transient(&status(302)));
    }

    #[test]
    fn the_attempt_count_is_at_least_one() {
        assert_eq!(RetryPolicy::standard().max_attempts(0).attempts(), 1);
        assert!(!RetryPolicy::disabled().is_enabled());
        assert!(RetryPolicy::standard().is_enabled());
    }
}
