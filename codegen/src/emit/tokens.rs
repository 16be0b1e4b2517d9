//! Small token helpers shared by the emitters: identifiers and Rust types of fields.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::RustType;
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

/// The Rust type of a value (without the `Option` of optional fields).
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Integer => quote!(i64),
        RustType::Text => quote!(::std::string::String),
        RustType::Bool => quote!(bool),
        RustType::File => quote!(__rt::FileItem),
        RustType::DateTime => quote!(__rt::TopDateTime),
        RustType::LenientDate => quote!(__rt::TopDate),
        RustType::Named(name) => quote!(#name),
        RustType::List(item) => {
            let item = rust_type(item);
            quote!(::std::vec::Vec<#item>)
        }
    }
}
