//! Response-side decisions: how each value is held and decoded (leniently about spelling,
//! strictly about structure), and which field carries TOP's request id.

use super::{DraftField, DraftStruct};
use crate::error::SpecError;
use crate::ir::{
    Decoder, Field, FieldType, Limits, ListCodec, PageText, ResponseField, ResponseStruct,
    RustType, TypeName,
};
use crate::names::{self, RustName};

/// A response type, fields in page order.
pub(super) fn response_struct(file: &str, draft: DraftStruct) -> Result<ResponseStruct, SpecError> {
    let fields = draft
        .fields
        .into_iter()
        .map(|draft_field| response_field(file, &draft.name, draft_field))
        .collect::<Result<_, _>>()?;
    Ok(ResponseStruct {
        name: draft.name,
        description: draft.description,
        fields,
    })
}

fn response_field(
    file: &str,
    owner: &TypeName,
    DraftField { field, xml_item }: DraftField,
) -> Result<ResponseField, SpecError> {
    let unsupported = |what: &str| {
        SpecError::new(
            file,
            "response.fields",
            format!(
                "`{}` of `{owner}`: {what} has no decoding in a response",
                field.wire_name
            ),
        )
    };
    let decoder = match &field.ty {
        FieldType::Integer => Decoder::Integer,
        FieldType::Bool => Decoder::Boolean,
        FieldType::String | FieldType::Price | FieldType::Json => Decoder::Text,
        FieldType::Date => Decoder::Date,
        FieldType::Enum { integer: true, .. } => Decoder::IntegerEnum,
        FieldType::Enum { integer: false, .. } => Decoder::TextEnum,
        FieldType::Object(_) => Decoder::Object,
        FieldType::File => return Err(unsupported("byte[] (a file upload)")),
        FieldType::List(item) => {
            let item_element =
                xml_item.ok_or_else(|| unsupported("a list without item element"))?;
            Decoder::List(ListCodec {
                item_element,
                item_type: rust_type(item),
            })
        }
    };
    Ok(ResponseField {
        rust_type: rust_type(&field.ty),
        decoder,
        implicit: false,
        field,
    })
}

/// A response date is a `TopDate`, which keeps text that does not parse.
fn rust_type(ty: &FieldType) -> RustType {
    match ty {
        FieldType::Integer => RustType::Integer,
        FieldType::String | FieldType::Price | FieldType::Json => RustType::Text,
        FieldType::Bool => RustType::Bool,
        FieldType::Date => RustType::LenientDate,
        FieldType::File => RustType::File,
        FieldType::Object(name) | FieldType::Enum { name, .. } => RustType::Named(name.clone()),
        FieldType::List(item) => RustType::List(Box::new(rust_type(item))),
    }
}

/// `request_id`, which TOP adds to every answer though no page lists it.
pub(super) fn implicit_request_id(name: &str) -> ResponseField {
    ResponseField {
        field: Field {
            wire_name: "request_id".to_owned(),
            name: names::field_name(name),
            ty: FieldType::String,
            documented_type: "String".to_owned(),
            required: false,
            description: Some(PageText::new(
                "TOP's id for this call. Not on the documentation page, but in every real \
                 answer: quote it when asking Alibaba about a call.",
            )),
            example: None,
            mismatched_example: None,
            limits: Limits::default(),
        },
        rust_type: RustType::Text,
        decoder: Decoder::Text,
        implicit: true,
    }
}

/// The top-level field holding TOP's `request_id` as text; `None` when the page documents a
/// `request_id` of another type (then the answer's id is not ours to read).
pub(super) fn request_id_field(response: &ResponseStruct) -> Option<RustName> {
    response
        .fields
        .iter()
        .find(|f| f.wire_name == "request_id")
        .filter(|f| f.ty == FieldType::String)
        .map(|f| f.name.clone())
}
