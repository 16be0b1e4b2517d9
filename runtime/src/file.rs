//! File parameters (`byte[]` on the pages): sent as multipart parts, never signed.

use std::fmt;

/// A file to upload as a `byte[]` parameter.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileItem {
    /// The file name sent in the part's `Content-Disposition`.
    pub file_name: String,
    pub content: Vec<u8>,
    /// `application/octet-stream` unless set.
    pub mime_type: Option<String>,
}

impl FileItem {
    pub fn new(file_name: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content: content.into(),
            mime_type: None,
        }
    }

    pub fn with_mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }
}

/// Name and size only: contents can be large and private.
impl fmt::Debug for FileItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileItem")
            .field("file_name", &self.file_name)
            .field("bytes", &self.content.len())
            .field("mime_type", &self.mime_type)
            .finish()
    }
}
