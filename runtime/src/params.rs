//! Business parameters on the wire: every value is text, objects are compact JSON.

use std::borrow::Cow;
use std::fmt::{Display, Write as _};

use serde::Serialize;

use crate::{FileItem, TopDateTime};

/// The business parameters of one call, borrowed from the request where possible.
#[derive(Debug, Default)]
pub struct BusinessParams<'a> {
    entries: Vec<(&'static str, Cow<'a, str>)>,
    files: Vec<(&'static str, &'a FileItem)>,
    /// The first value that could not be encoded (only a hand-written `Serialize` can fail).
    error: Option<(&'static str, String)>,
}

impl<'a> BusinessParams<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push_str(&mut self, name: &'static str, value: &'a str) {
        self.entries.push((name, Cow::Borrowed(value)));
    }

    pub fn push_integer(&mut self, name: &'static str, value: i64) {
        self.entries.push((name, Cow::Owned(value.to_string())));
    }

    pub fn push_bool(&mut self, name: &'static str, value: bool) {
        let text = if value { "true" } else { "false" };
        self.entries.push((name, Cow::Borrowed(text)));
    }

    pub fn push_date(&mut self, name: &'static str, value: &TopDateTime) {
        self.entries.push((name, Cow::Owned(value.to_string())));
    }

    /// An object parameter (or a list of objects): one compact JSON string.
    pub fn push_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_string(value) {
            Ok(json) => self.entries.push((name, Cow::Owned(json))),
            Err(error) => {
                self.error.get_or_insert((name, error.to_string()));
            }
        }
    }

    /// A file (`byte[]`): sent as a multipart part, not signed.
    pub fn push_file(&mut self, name: &'static str, file: &'a FileItem) {
        self.files.push((name, file));
    }

    /// The files written so far.
    pub fn files(&self) -> &[(&'static str, &'a FileItem)] {
        &self.files
    }

    /// A list of scalars: comma-joined, as the official SDKs send `String []`.
    pub fn push_joined<T: Display>(&mut self, name: &'static str, values: &[T]) {
        let mut text = String::new();
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                text.push(',');
            }
            let _ = write!(text, "{value}"); // writing to a String cannot fail
        }
        self.entries.push((name, Cow::Owned(text)));
    }

    /// The text parameters and the files, or the first value that could not be encoded.
    #[allow(clippy::type_complexity)]
    pub fn into_parts(
        self,
    ) -> Result<
        (
            Vec<(&'static str, Cow<'a, str>)>,
            Vec<(&'static str, &'a FileItem)>,
        ),
        crate::Error,
    > {
        let files = self.files;
        let entries = Self {
            entries: self.entries,
            files: Vec::new(),
            error: self.error,
        }
        .into_entries()?;
        Ok((entries, files))
    }

    /// The text parameters as written, or the first one that could not be encoded.
    pub fn into_entries(self) -> Result<Vec<(&'static str, Cow<'a, str>)>, crate::Error> {
        match self.error {
            Some((name, message)) => Err(crate::error::InvalidRequest::out_of_range(
                name,
                format!("cannot encode as JSON: {message}"),
            )
            .into()),
            None => Ok(self.entries),
        }
    }

    /// Like [`Self::into_entries`], with every value owned.
    pub fn into_owned(self) -> Result<Vec<(&'static str, String)>, crate::Error> {
        Ok(self
            .into_entries()?
            .into_iter()
            .map(|(name, value)| (name, value.into_owned()))
            .collect())
    }
}
