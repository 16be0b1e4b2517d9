//! Preparing a call: validation, the system parameters, the signature, the query and body.

use std::fmt;

use super::{CallOptions, Client};
use crate::error::InvalidRequest;
use crate::params::BusinessParams;
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
        let (business, files) = business.into_parts()?;

        let timestamp = options
            .timestamp
            .unwrap_or_else(TopDateTime::now)
            .to_string();
        let mut system: Vec<(&str, &str)> = vec![
            ("app_key", &config.app_key),
            ("format", config.format.as_str()),
            ("method", R::METHOD),
            ("sign_method", config.sign_method.as_str()),
            ("timestamp", &timestamp),
            ("v", "2.0"),
        ];
        if let Some(partner_id) = &config.partner_id {
            system.push(("partner_id", partner_id));
        }
        if let Some(target) = &config.target_app_key {
            system.push(("target_app_key", target));
        }
        if config.simplify && config.format == Format::Json {
            system.push(("simplify", "true"));
        }
        system.retain(|(_, value)| crate::is_sent(value));

        let mut in_body: Vec<(&str, &str)> = business
            .iter()
            .map(|(name, value)| (*name, value.as_ref()))
            .filter(|(_, value)| crate::is_sent(value))
            .collect();
        if let Some(session) = session {
            in_body.push(("session", session.expose()));
        }
        let sign = crate::sign(
            system.iter().chain(in_body.iter()).copied(),
            config.app_secret.expose(),
            config.sign_method,
        );
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(system.iter().copied());
        query.append_pair("sign", &sign);
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.extend_pairs(in_body.iter().copied());
        let form_fields = if files.is_empty() {
            Vec::new()
        } else {
            in_body
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        Ok(SignedRequest {
            query: query.finish(),
            body: body.finish(),
            sign,
            files,
            form_fields,
        })
    }
}
