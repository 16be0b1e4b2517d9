//! Preparing a call: validation, the system parameters, the signature, the query and body.

use std::fmt;

use super::{CallOptions, Client};
use crate::error::InvalidRequest;
use crate::form;
use crate::params::BusinessParams;
use crate::sign::{merge_by_key, sign_sorted};
use crate::{Error, Format, TopDateTime, TopRequest};

/// A call ready to send: the URL query (system parameters and `sign`) and the form body
/// (business parameters and `session`), plus any files. `Debug` hides the body, which may
/// hold a session.
#[derive(Clone)]
pub struct SignedRequest<'a> {
    /// `app_key=...&method=...&sign=...`, form-encoded.
    pub query: String,
    /// The `application/x-www-form-urlencoded` body (without the files).
    pub body: String,
    /// The signature.
    pub sign: String,
    /// `byte[]` parameters: when there are any, the body is sent as `multipart/form-data`
    /// holding the text parameters and these files (which are not signed).
    pub files: Vec<(&'static str, &'a crate::FileItem)>,
    /// The body's text parameters, for a multipart body.
    form_fields: Vec<(String, String)>,
}

impl fmt::Debug for SignedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field("query", &self.query)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("sign", &self.sign)
            .field("files", &self.files)
            .finish()
    }
}

impl SignedRequest<'_> {
    /// The multipart body: text parameters, then files.
    pub(super) fn multipart(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.form_fields {
            form = form.text(name.clone(), value.clone());
        }
        for (name, file) in &self.files {
            let mut part = reqwest::multipart::Part::bytes(file.content.clone())
                .file_name(file.file_name.clone());
            if let Some(mime) = &file.mime_type {
                part = part.mime_str(mime).map_err(|e| {
                    Error::from(InvalidRequest::out_of_range(
                        *name,
                        format!("MIME type `{mime}`: {e}"),
                    ))
                })?;
            }
            form = form.part(*name, part);
        }
        Ok(form)
    }
}

/// A system parameter, unless its value is blank (blank values are neither sent nor signed).
fn sent<'p>(pair: (&'p str, &'p str)) -> Option<(&'p str, &'p str)> {
    crate::is_sent(pair.1).then_some(pair)
}

impl Client {
    /// Builds, validates and signs a call without sending it.
    pub fn sign_request<'a, R: TopRequest>(
        &self,
        request: &'a R,
        options: &CallOptions,
    ) -> Result<SignedRequest<'a>, Error> {
        let config = &self.config;
        let session = options.session.as_ref().or(self.session.as_ref());
        if R::NEEDS_SESSION && session.is_none_or(|s| !crate::is_sent(s.expose())) {
            return Err(InvalidRequest::missing(
                "session",
                format!(
                    "`{}` acts for a user and needs a session key: use `client.with_session(..)` \
                     or `CallOptions::session`",
                    R::METHOD
                ),
            )
            .into());
        }
        request.validate()?;
        let mut business = BusinessParams::new();
        request.write_params(&mut business);
        business.check()?;
        let files = business.take_files();

        let timestamp = options.timestamp.unwrap_or_else(TopDateTime::now).text();
        let app_key = sent(("app_key", &config.app_key));
        let format = sent(("format", config.format.as_str()));
        let method = sent(("method", R::METHOD));
        let sign_method = sent(("sign_method", config.sign_method.as_str()));
        let timestamp = sent(("timestamp", timestamp.as_str()));
        let v = sent(("v", "2.0"));
        let partner_id = config
            .partner_id
            .as_deref()
            .and_then(|p| sent(("partner_id", p)));
        let target = config
            .target_app_key
            .as_deref()
            .and_then(|t| sent(("target_app_key", t)));
        let simplify =
            (config.simplify && config.format == Format::Json).then_some(("simplify", "true"));
        // The system parameters in the order the query sends them, and in byte order of
        // their names for the signature: no list to sort.
        let in_query = [
            app_key,
            format,
            method,
            sign_method,
            timestamp,
            v,
            partner_id,
            target,
            simplify,
        ];
        let by_name = [
            app_key,
            format,
            method,
            partner_id,
            sign_method,
            simplify,
            target,
            timestamp,
            v,
        ];

        // The body: the business parameters sent, as written, then `session` as given (a
        // blank one is sent but, like every blank value, not signed).
        let business_sent = || {
            business
                .text_params()
                .filter(|(_, value)| crate::is_sent(value))
        };
        let session = session.map(|session| ("session", session.expose()));
        let in_body = business_sent().chain(session);

        // The signature: everything sent, in byte order of the names (equal names in the
        // order above), fed to the digest as merged, without a string or a list.
        let secret = config.app_secret.expose();
        let system = by_name.into_iter().flatten();
        let sign = if business.in_key_order() {
            let sorted = merge_by_key(merge_by_key(system, business_sent()), session.into_iter());
            sign_sorted(sorted, &config.sign_key, secret)
        } else {
            // A hand-written request may write its parameters in any order.
            let mut business: Vec<(&str, &str)> = business_sent().collect();
            business.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            let sorted = merge_by_key(
                merge_by_key(system, business.into_iter()),
                session.into_iter(),
            );
            sign_sorted(sorted, &config.sign_key, secret)
        };

        // Query and body through one encoder, each into a string of exactly its size.
        let query = form::encode(
            in_query
                .into_iter()
                .flatten()
                .chain(std::iter::once(("sign", sign.as_str()))),
        );
        let body = form::encode(in_body.clone());
        let form_fields = if files.is_empty() {
            Vec::new()
        } else {
            in_body.map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
        };
        Ok(SignedRequest {
            query,
            body,
            sign,
            files,
            form_fields,
        })
    }
}
