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
        Err(Error::Api(error)) => ("api_error", error.request_id.as_deref()),
        Err(Error::Transport(error)) if error.kind == TransportErrorKind::Timeout => {
            ("timeout", None)
        }
        Err(Error::Transport(_)) => ("transport_error", None),
        Err(Error::HttpStatus { .. }) => ("http_error", None),
        Err(Error::Decode(_)) => ("decode_error", None),
        Err(Error::InvalidRequest(_)) => ("invalid_request", None),
        Err(_) => ("error", None),
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
        _ => tracing::warn!(outcome, elapsed_ms, "TOP call failed"),
    }
}
