//! Small token helpers shared by the emitters: identifiers and Rust types of fields.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::FieldType;
use crate::names::RustName;

/// An identifier, raw when it must be (`r#type`).
pub fn ident(name: &RustName) -> Ident {
    if name.raw {
        Ident::new_raw(&name.text, Span::call_site())
    } else {
        Ident::new(&name.text, Span::call_site())
    }
}

/// A plain identifier (type names and type parameters, which the IR keeps keyword-free).
pub fn type_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Which side a type is used on: response dates keep unparseable text, request dates cannot.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// The Rust type of a field's value (without the `Option` of optional fields).
pub fn rust_type(ty: &FieldType, side: Side) -> TokenStream {
    match ty {
        FieldType::Integer => quote!(i64),
        FieldType::String | FieldType::Price | FieldType::Json => quote!(::std::string::String),
        FieldType::Bool => quote!(bool),
        FieldType::File => quote!(__rt::FileItem),
        FieldType::Date => match side {
            Side::Request => quote!(__rt::TopDateTime),
            Side::Response => quote!(__rt::TopDate),
        },
        FieldType::Object(name) | FieldType::Enum { name, .. } => {
            let name = type_ident(name);
            quote!(#name)
        }
        FieldType::List(item) => {
            let item = rust_type(item, side);
            quote!(::std::vec::Vec<#item>)
        }
    }
}
