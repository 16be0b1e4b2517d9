//! Response types: every field optional (TOP omits empty fields), values decoded leniently
//! by `crate::de`, `#[non_exhaustive]`, and `Serialize` so tests and mocks can build answers.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::request::rename_attr;
use super::tokens::{Side, ident, rust_type, type_ident};
use heck::ToSnakeCase;

use crate::ir::{Api, Field, FieldType, Struct};

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
        let item = list_item_impl(ty);
        let object = emit_struct(ty, lines, false);
        quote! {
            #object
            #item
        }
    });
    let response = type_ident(&api.response.name);
    let root = &api.response_root;
    let request_id = match api
        .response
        .fields
        .iter()
        .find(|f| f.wire_name == "request_id")
    {
        Some(field) if field.ty == FieldType::String => {
            let ident = ident(&field.name);
            quote!(self.#ident.as_deref())
        }
        _ => quote!(::core::option::Option::None),
    };
    quote! {
        #top
        #(#nested)*

        impl __rt::TopResponse for #response {
            const ROOT: &'static str = #root;

            fn request_id(&self) -> ::core::option::Option<&str> {
                #request_id
            }

            fn unknown_fields(&self) -> &__rt::UnknownFields {
                &self.unknown_fields
            }

            fn set_unknown_fields(&mut self, paths: __rt::UnknownFields) {
                self.unknown_fields = paths;
            }
        }
    }
}

fn emit_struct(ty: &Struct, doc_lines: Vec<String>, top_level: bool) -> TokenStream {
    let doc = docs::outer(&doc_lines);
    let name = type_ident(&ty.name);
    let fields = ty.fields.iter().map(|field| emit_field(ty, field));
    let list_writers = ty.fields.iter().filter_map(|field| list_writer(ty, field));
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
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #unknown
        }
        #(#list_writers)*
    }
}

/// The name of the private function that writes a list field in TOP's wrapped form.
fn list_writer_name(ty: &Struct, field: &Field) -> String {
    format!("serialize_{}_{}", ty.name.to_snake_case(), field.name.text)
}

/// The name of the private function that reads a list field from TOP's wrapped form.
fn list_reader_name(ty: &Struct, field: &Field) -> String {
    format!(
        "deserialize_{}_{}",
        ty.name.to_snake_case(),
        field.name.text
    )
}

/// Lists are read from and written in their wrapper holding the documented item element, as
/// TOP sends them, so a decoded answer serializes back to its own shape; other elements in
/// the wrapper are unknown fields, not items.
fn list_writer(ty: &Struct, field: &Field) -> Option<TokenStream> {
    let item_name = field.xml_item.as_deref()?;
    let FieldType::List(item) = &field.ty else {
        return None;
    };
    let name = type_ident(&list_writer_name(ty, field));
    let reader = type_ident(&list_reader_name(ty, field));
    let item = rust_type(item, Side::Response);
    Some(quote! {
        fn #reader<'de, D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::core::result::Result<::core::option::Option<::std::vec::Vec<#item>>, D::Error> {
            __rt::de::list(deserializer, #item_name)
        }
        fn #name<S: ::serde::Serializer>(
            items: &::core::option::Option<::std::vec::Vec<#item>>,
            serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            __rt::de::serialize_list(items, #item_name, serializer)
        }
    })
}

fn emit_field(ty: &Struct, field: &Field) -> TokenStream {
    let doc = docs::field(field, false);
    let ident = ident(&field.name);
    let value = rust_type(&field.ty, Side::Response);
    let rename = rename_attr(field);
    let decode = match lenient_decoder(&field.ty) {
        Some(_) if matches!(field.ty, FieldType::List(_)) => {
            let reader = list_reader_name(ty, field);
            let writer = list_writer_name(ty, field);
            quote!(, deserialize_with = #reader, serialize_with = #writer)
        }
        Some(path) => quote!(, deserialize_with = #path),
        None => quote!(),
    };
    quote! {
        #doc
        #rename
        #[serde(default, skip_serializing_if = "::core::option::Option::is_none" #decode)]
        pub #ident: ::core::option::Option<#value>,
    }
}

/// The `crate::de` function that decodes a scalar leniently (numbers as strings, empty
/// elements as `None`, dates kept when unparseable).
fn lenient_decoder(ty: &FieldType) -> Option<&'static str> {
    match ty {
        FieldType::Integer => Some("__rt::de::integer"),
        FieldType::Bool => Some("__rt::de::boolean"),
        FieldType::String | FieldType::Price | FieldType::Json => Some("__rt::de::string"),
        FieldType::Date => Some("__rt::de::date"),
        FieldType::Enum { integer: true, .. } => Some("__rt::de::integer_as"),
        FieldType::Enum { integer: false, .. } => Some("__rt::de::string_as"),
        FieldType::List(_) => Some("__rt::de::list"),
        FieldType::Object(_) => Some("__rt::de::object"),
        FieldType::File => None,
    }
}

/// A nested response type can be a list item: decoded, like a field, only from an object.
fn list_item_impl(ty: &Struct) -> TokenStream {
    let name = type_ident(&ty.name);
    quote! {
        impl __rt::de::Item for #name {
            fn decode_item<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                __rt::de::object_item(deserializer)
            }
        }
    }
}
