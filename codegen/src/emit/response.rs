//! Response types: every field optional (TOP omits empty fields), values decoded leniently
//! by `crate::de`, `#[non_exhaustive]`, and `Serialize` so tests and mocks can build answers.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::request::rename_attr;
use super::tokens::{ident, rust_type};

use crate::ir::{Api, Decoder, ResponseField, ResponseStruct};

pub fn emit(api: &Api) -> TokenStream {
    let top_doc = vec![
        format!("Response of `{}` ({}).", api.method, api.title),
        String::new(),
        format!(
            "Decoded from `{}` in JSON or XML; an `error_response` never decodes into this \
             type but becomes [`__rt::Error::Api`].",
            api.response_root
        ),
    ];
    let top = emit_struct(&api.response, top_doc, true);
    let nested = api.response_types.iter().map(|ty| {
        let mut lines = vec![format!(
            "`{}`, a response object type of `{}`.",
            ty.name, api.method
        )];
        if let Some(description) = &ty.description {
            lines.push(String::new());
            lines.extend(description.lines().map(str::to_owned));
        }
        emit_struct(ty, lines, false)
    });
    let items = object_items(api);
    let response = &api.response.name;
    let root = &api.response_root;
    let request_id = api.request_id_field.as_ref().map(|name| {
        let ident = ident(name);
        quote!(, #ident)
    });
    quote! {
        #top
        #(#nested)*
        #items
        __rt::top_response!(#response, #root #request_id);
    }
}

fn emit_struct(ty: &ResponseStruct, doc_lines: Vec<String>, top_level: bool) -> TokenStream {
    let doc = docs::outer(&doc_lines);
    let name = &ty.name;
    let fields = ty.fields.iter().map(emit_field);
    let list_codecs = ty.fields.iter().filter_map(list_codec);
    let unknown = top_level.then(|| {
        quote! {
            /// Paths of fields in the answer that this version of the bindings does not know
            /// (`result.model.new_field`). They are reported, not decoded: regenerate from a
            /// newer spec to get them typed.
            #[serde(skip)]
            pub unknown_fields: __rt::UnknownFields,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #unknown
        }
        #(#list_codecs)*
    }
}

/// Lists are read from and written in their wrapper holding the documented item element, as
/// TOP sends them, so a decoded answer serializes back to its own shape; other elements in
/// the wrapper are unknown fields, not items.
fn list_codec(field: &ResponseField) -> Option<TokenStream> {
    let Decoder::List(codec) = &field.decoder else {
        return None;
    };
    let reader = ident(&codec.reader);
    let writer = ident(&codec.writer);
    let item = rust_type(&codec.item_type);
    let item_name = &codec.item_element;
    Some(quote! {
        __rt::list_codec!(#reader, #writer, #item, #item_name);
    })
}

fn emit_field(field: &ResponseField) -> TokenStream {
    let item_element = match &field.decoder {
        Decoder::List(codec) => Some(codec.item_element.as_str()),
        _ => None,
    };
    let doc = docs::field(field, None, item_element);
    let ident = ident(&field.name);
    let value = rust_type(&field.rust_type);
    let rename = rename_attr(field);
    let decode = match &field.decoder {
        Decoder::List(codec) => {
            let (reader, writer) = (codec.reader.source(), codec.writer.source());
            quote!(, deserialize_with = #reader, serialize_with = #writer)
        }
        decoder => {
            let path = lenient_decoder(decoder);
            quote!(, deserialize_with = #path)
        }
    };
    // A missing field is `None` by the struct's `#[serde(default)]`.
    quote! {
        #doc
        #rename
        #[serde(skip_serializing_if = "__rt::none" #decode)]
        pub #ident: ::core::option::Option<#value>,
    }
}

/// The runtime's `de` function for a scalar or object decoder.
fn lenient_decoder(decoder: &Decoder) -> &'static str {
    match decoder {
        Decoder::Integer => "__rt::integer",
        Decoder::Boolean => "__rt::boolean",
        Decoder::Text => "__rt::string",
        Decoder::Date => "__rt::date",
        Decoder::IntegerEnum => "__rt::integer_as",
        Decoder::TextEnum => "__rt::string_as",
        Decoder::Object => "__rt::object",
        Decoder::List(_) => "__rt::de::list",
    }
}

/// Every nested response type can be a list item: decoded, like a field, only from an
/// object. One invocation for the module; `None` when it has no nested types.
fn object_items(api: &Api) -> Option<TokenStream> {
    if api.response_types.is_empty() {
        return None;
    }
    let names = api.response_types.iter().map(|ty| &ty.name);
    Some(quote!(__rt::object_items!(#(#names),*);))
}
