//! Business parameters on the wire: every value is text, objects are compact JSON.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use serde::Serialize;

use crate::{FileItem, TopDateTime};

/// What a buffer of written text reserves at its first write: most requests' numbers, dates
/// and JSON fit, so a call writes them with one allocation; a larger one grows as usual.
const TEXT_CAPACITY: usize = 512;

/// The business parameters of one call, borrowed from the request where possible.
///
/// Values that are not borrowed (numbers, dates, joined lists, JSON) are written one after
/// another into one buffer, not into a `String` each.
#[derive(Default)]
pub struct BusinessParams<'a> {
    entries: Vec<(&'static str, Value<'a>)>,
    /// The text of every [`Value::Written`].
    text: String,
    files: Vec<(&'static str, &'a FileItem)>,
    /// The first value that could not be encoded (only a hand-written `Serialize` can fail).
    error: Option<(&'static str, String)>,
}

/// Where the text of a parameter is.
#[derive(Clone, Copy)]
enum Value<'a> {
    Borrowed(&'a str),
    /// `text[start..end]`.
    Written {
        start: usize,
        end: usize,
    },
}

impl fmt::Debug for BusinessParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BusinessParams")
            .field("entries", &self.text_params().collect::<Vec<_>>())
            .field("files", &self.files)
            .field("error", &self.error)
            .finish()
    }
}

impl<'a> BusinessParams<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push_str(&mut self, name: &'static str, value: &'a str) {
        self.entries.push((name, Value::Borrowed(value)));
    }

    pub fn push_integer(&mut self, name: &'static str, value: i64) {
        self.push_written(name, |text| {
            let _ = write!(text, "{value}"); // writing to a String cannot fail
        });
    }

    pub fn push_bool(&mut self, name: &'static str, value: bool) {
        let text = if value { "true" } else { "false" };
        self.entries.push((name, Value::Borrowed(text)));
    }

    pub fn push_date(&mut self, name: &'static str, value: &TopDateTime) {
        self.push_written(name, |text| text.push_str(value.text().as_str()));
    }

    /// An object parameter (or a list of objects): one compact JSON string.
    pub fn push_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.reserve_text();
        let start = self.text.len();
        // serde_json writes bytes; it writes UTF-8 only, which `from_utf8` confirms.
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        let written = serde_json::to_writer(&mut bytes, value);
        if written.is_err() {
            bytes.truncate(start);
        }
        let (text, result) = match String::from_utf8(bytes) {
            Ok(text) => (text, written.map_err(|error| error.to_string())),
            Err(error) => {
                let mut bytes = error.into_bytes();
                bytes.truncate(start);
                let text = String::from_utf8(bytes).unwrap_or_default();
                (text, Err("the JSON is not UTF-8".to_owned()))
            }
        };
        self.text = text;
        match result {
            Ok(()) => {
                let end = self.text.len();
                self.entries.push((name, Value::Written { start, end }));
            }
            Err(message) => {
                self.error.get_or_insert((name, message));
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
        self.push_written(name, |text| {
            for (index, value) in values.iter().enumerate() {
                if index > 0 {
                    text.push(',');
                }
                let _ = write!(text, "{value}"); // writing to a String cannot fail
            }
        });
    }

    fn reserve_text(&mut self) {
        if self.text.capacity() == 0 {
            self.text.reserve(TEXT_CAPACITY);
        }
    }

    /// A parameter whose text `write` appends to the buffer.
    fn push_written(&mut self, name: &'static str, write: impl FnOnce(&mut String)) {
        self.reserve_text();
        let start = self.text.len();
        write(&mut self.text);
        let end = self.text.len();
        self.entries.push((name, Value::Written { start, end }));
    }

    fn value(&self, value: Value<'a>) -> &str {
        match value {
            Value::Borrowed(text) => text,
            // Every range was taken at character boundaries of text that is only appended to.
            Value::Written { start, end } => self.text.get(start..end).unwrap_or_default(),
        }
    }

    /// The text parameters as written, without copying them.
    pub(crate) fn text_params(&self) -> impl Clone + Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(name, value)| (*name as &str, self.value(*value)))
    }

    /// Whether the text parameters were written in byte order of their names (as generated
    /// requests write them).
    pub(crate) fn in_key_order(&self) -> bool {
        self.entries
            .is_sorted_by(|a, b| a.0.as_bytes() <= b.0.as_bytes())
    }

    /// The first value that could not be encoded, as the error of the call.
    pub(crate) fn check(&self) -> Result<(), crate::Error> {
        match &self.error {
            Some((name, message)) => Err(crate::error::InvalidRequest::out_of_range(
                *name,
                format!("cannot encode as JSON: {message}"),
            )
            .into()),
            None => Ok(()),
        }
    }

    /// Takes the files out, leaving the text parameters.
    pub(crate) fn take_files(&mut self) -> Vec<(&'static str, &'a FileItem)> {
        std::mem::take(&mut self.files)
    }

    /// The text parameters and the files, or the first value that could not be encoded.
    #[allow(clippy::type_complexity)]
    pub fn into_parts(
        mut self,
    ) -> Result<
        (
            Vec<(&'static str, Cow<'a, str>)>,
            Vec<(&'static str, &'a FileItem)>,
        ),
        crate::Error,
    > {
        let files = self.take_files();
        let entries = self.into_entries()?;
        Ok((entries, files))
    }

    /// The text parameters as written, or the first one that could not be encoded.
    pub fn into_entries(self) -> Result<Vec<(&'static str, Cow<'a, str>)>, crate::Error> {
        self.check()?;
        Ok(self
            .entries
            .iter()
            .map(|(name, value)| {
                let value = match *value {
                    Value::Borrowed(text) => Cow::Borrowed(text),
                    written => Cow::Owned(self.value(written).to_owned()),
                };
                (*name, value)
            })
            .collect())
    }

    /// Like [`Self::into_entries`], with every value owned.
    pub fn into_owned(self) -> Result<Vec<(&'static str, String)>, crate::Error> {
        self.check()?;
        Ok(self
            .entries
            .iter()
            .map(|(name, value)| (*name, self.value(*value).to_owned()))
            .collect())
    }
}
