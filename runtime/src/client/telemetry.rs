//! What a call logs: one `tracing` event, with nothing from the body or the secrets.

use std::time::Instant;

use crate::{Error, TopRequest, TopResponse, TransportErrorKind};

/// One info-level event per call: method, elapsed time, TOP's request id, outcome, and for
/// a failure only what carries no body bytes: the transport kind, the HTTP status, the API
/// `code`/`sub_code`, the decode path. Never parameters, secrets, sessions, bodies, or the
/// error's text (a decode or HTTP status error quotes the body; `msg` and `sub_msg` come
/// from it): the caller has the whole error.
pub(super) fn record_outcome<R: TopRequest>(
    span: &tracing::Span,
    started: Instant,
    result: &Result<R::Response, Error>,
) {
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (outcome, request_id): (&str, Option<&str>) = match result {
        Ok(response) => ("ok", response.request_id()),
        Err(error) => (failure(error), top_request_id(error)),
    };
    span.record("outcome", outcome);
    span.record("elapsed_ms", elapsed_ms);
    if let Some(request_id) = request_id {
        span.record("top_request_id", request_id);
    }
    let _entered = span.enter();
    let error = match result {
        Ok(_) => {
            tracing::info!(
                outcome,
                elapsed_ms,
                top_request_id = request_id,
                "TOP call done"
            );
            return;
        }
        Err(error) => error,
    };
    match error {
        Error::Api(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            top_request_id = request_id,
            code = error.code,
            sub_code = error.sub_code.as_deref(),
            http_status = error.http_status,
            "TOP call failed"
        ),
        Error::Transport(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            transport_kind = ?error.kind,
            "TOP call failed"
        ),
        Error::HttpStatus {
            status,
            redirect_host,
            ..
        } => tracing::warn!(
            outcome,
            elapsed_ms,
            http_status = status,
            redirect_host = redirect_host.as_deref(),
            "TOP call failed"
        ),
        Error::Decode(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            format = %error.format,
            path = error.path.as_str(),
            "TOP call failed"
        ),
        Error::InvalidRequest(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            code = error.code,
            field = error.field.as_str(),
            "TOP call failed"
        ),
        Error::Retry(error) => tracing::warn!(
            outcome,
            elapsed_ms,
            attempts = error.attempts,
            stop = ?error.stop,
            "TOP call failed"
        ),
        _ => tracing::warn!(outcome, elapsed_ms, "TOP call failed"),
    }
}

/// The TOP request id a failure carries.
fn top_request_id(error: &Error) -> Option<&str> {
    match error {
        Error::Api(error) => error.request_id.as_deref(),
        Error::Retry(error) => error.top_request_id.as_deref(),
        _ => None,
    }
}

/// The kind of a failure, as the events name it.
pub(super) fn failure(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "api_error",
        Error::Transport(error) if error.kind == TransportErrorKind::Timeout => "timeout",
        Error::Transport(_) => "transport_error",
        Error::HttpStatus { .. } => "http_error",
        Error::Decode(_) => "decode_error",
        Error::InvalidRequest(_) => "invalid_request",
        Error::Retry(error) => failure(&error.last),
        _ => "error",
    }
}

/// One warn-level event per failed attempt that is retried (inside the call's span, which
/// names the method): the attempt's number and the wait before the next. The failure's
/// kind is in the call's own event at the end; its text may quote the body, so not here.
pub(super) fn record_retry(attempt: u32, failure: &'static str, wait: std::time::Duration) {
    let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
    tracing::warn!(
        attempt,
        failure,
        wait_ms,
        "TOP call attempt failed; retrying"
    );
}
