//! Sending a prepared call and reading the answer's bytes: no redirects, a size limit, and
//! errors that never carry the URL (its query holds the method and the app key).

use crate::Error;
use crate::error::{Context, TransportError, TransportErrorKind};

use super::Client;
use super::prepare::SignedRequest;

/// The content type the official Java SDK sends (reqwest's `.form()` omits the charset).
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded;charset=UTF-8";

impl Client {
    /// Posts a signed call to the gateway: the status and at most `max_body_bytes` of
    /// the body. A redirect is never followed (nor accepted from a user-supplied client).
    pub(super) async fn send(
        &self,
        method: &'static str,
        signed: SignedRequest<'_>,
        timeout: std::time::Duration,
    ) -> Result<(u16, Vec<u8>), Error> {
        let mut url = self.config.url.clone();
        url.set_query(Some(&signed.query));
        let post = self.config.http.post(url.clone()).timeout(timeout);
        let post = if signed.files.is_empty() {
            post.header(reqwest::header::CONTENT_TYPE, FORM_CONTENT_TYPE)
                .body(signed.body)
        } else {
            post.multipart(signed.multipart()?)
        };
        let response = post.send().await.map_err(|e| transport_error(method, e))?;
        let status = response.status().as_u16();
        if response.url() != &url {
            // Only a user-supplied client follows redirects: the answer came from elsewhere.
            return Err(redirected(method, response.url()));
        }
        if (300..400).contains(&status) {
            return Err(Error::HttpStatus {
                status,
                body_excerpt: String::new(),
                redirect_host: redirect_host(&url, &response),
            });
        }
        let body = self.read_body(method, response).await?;
        Ok((status, body))
    }

    /// Reads the answer, at most `max_body_bytes` of it.
    async fn read_body(
        &self,
        method: &'static str,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, Error> {
        let limit = self.config.max_body_bytes;
        let too_large = || {
            Error::Transport(TransportError {
                kind: TransportErrorKind::Other,
                method,
                source: format!("the answer is over the limit of {limit} bytes").into(),
            })
        };
        if response
            .content_length()
            .is_some_and(|length| u64::try_from(limit).is_ok_and(|limit| length > limit))
        {
            return Err(too_large());
        }
        let expected = response.content_length();
        let mut body = Vec::new();
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => return Err(body_error(method, error, body.len(), expected)),
            };
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// reqwest's errors, without the URL (it holds the query: the method and app key). The
/// source chain stays: it says why (`connection reset by peer`).
fn transport_error(method: &'static str, error: reqwest::Error) -> Error {
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_redirect() {
        TransportErrorKind::Redirected
    } else if error.is_body() || error.is_decode() {
        TransportErrorKind::Body
    } else {
        TransportErrorKind::Other
    };
    Error::Transport(TransportError {
        kind,
        method,
        source: Box::new(error.without_url()),
    })
}

/// The body broke off after `read` bytes: say how far it got, then reqwest's chain.
fn body_error(
    method: &'static str,
    error: reqwest::Error,
    read: usize,
    expected: Option<u64>,
) -> Error {
    if error.is_timeout() {
        return transport_error(method, error);
    }
    let message = match expected {
        Some(expected) => format!("the body ended after {read} of {expected} bytes"),
        None => format!("the body ended after {read} bytes"),
    };
    Error::Transport(TransportError {
        kind: TransportErrorKind::Body,
        method,
        source: Box::new(Context {
            message,
            source: Some(Box::new(error.without_url())),
        }),
    })
}

/// A user-supplied HTTP client followed a redirect: its answer is not the gateway's. Only
/// the host is named; the URL may carry the signed query.
fn redirected(method: &'static str, final_url: &reqwest::Url) -> Error {
    let host = final_url.host_str().unwrap_or("an unknown host");
    Error::Transport(TransportError {
        kind: TransportErrorKind::Redirected,
        method,
        source: Box::new(Context {
            message: format!(
                "the HTTP client followed a redirect to {host}; its answer is refused \
                 (signed requests go to the configured gateway only: build the client with \
                 `reqwest::redirect::Policy::none()`)"
            ),
            source: None,
        }),
    })
}

/// The host a 3xx answer's `Location` points to (relative to the gateway URL), if any.
fn redirect_host(gateway: &reqwest::Url, response: &reqwest::Response) -> Option<String> {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let target = gateway.join(location).ok()?;
    target.host_str().map(str::to_owned)
}
