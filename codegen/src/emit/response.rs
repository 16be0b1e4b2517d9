//! Response types: every field optional (TOP omits empty fields), values decoded leniently
//! by `crate::de`, `#[non_exhaustive]`, and `Serialize` so tests and mocks can build answers.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, rust_type};
use super::{Part, docs};

use crate::ir::{Api, Decoder, ResponseField, ResponseStruct};

pub fn emit(api: &Api) -> Vec<Part> {
    let top_doc = vec![
        format!("Response of `{}` ({}).", api.method, api.title),
        String::new(),
        format!(
            "Decoded from `{}` in JSON or XML; an `error_response` never decodes into this \
             type but becomes [`__rt::Error::Api`].",
            api.response_root
        ),
    ];
    let mut parts = emit_struct(&api.response, top_doc, true);
    for ty in &api.response_types {
        let mut lines = vec![format!(
            "`{}`, a response object type of `{}`.",
            ty.name, api.method
        )];
        if let Some(description) = &ty.description {
            lines.push(String::new());
            lines.extend(description.lines().map(str::to_owned));
        }
        parts.extend(emit_struct(ty, lines, false));
    }
    let items = object_items(api);
    let response = &api.response.name;
    let root = &api.response_root;
    let request_id = api.request_id_field.as_ref().map(|name| {
        let ident = ident(name);
        quote!(, #ident)
    });
    parts.push(Part::Tokens(quote! {
        #items
        __rt::top_response!(#response, #root #request_id);
    }));
    parts
}

/// The struct, then its field table (`response_object!`, see `runtime/src/object.rs`), which
/// gives it `Deserialize` and `Serialize`: serde's derives wrote several times more code for
/// rustc to check, most of a large API group's build.
fn emit_struct(ty: &ResponseStruct, doc_lines: Vec<String>, top_level: bool) -> Vec<Part> {
    let doc = docs::outer(&doc_lines);
    let name = &ty.name;
    let fields = ty.fields.iter().map(emit_field);
    let unknown = top_level.then(|| {
        quote! {
            /// Paths of fields in the answer that this version of the bindings does not know
            /// (`result.model.new_field`). They are reported, not decoded: regenerate from a
            /// newer spec to get them typed.
            pub unknown_fields: __rt::UnknownFields,
        }
    });
    vec![
        Part::Tokens(quote! {
            #doc
            #[derive(Clone, Debug, Default, PartialEq)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                #unknown
            }
        }),
        Part::Text(field_table(ty)),
    ]
}

/// `__rt::response_object!(Name { 0 field: Text, 1 field2 = "wire": List("item"), });`,
/// written as text, one line per field (prettyplease would flow a macro's tokens into one
/// paragraph). The wire key is written only where it is not the field's name.
fn field_table(ty: &ResponseStruct) -> String {
    let mut out = format!("__rt::response_object!({} {{\n", ty.name);
    for (index, field) in ty.fields.iter().enumerate() {
        let kind = match &field.decoder {
            Decoder::Integer => "Integer".to_owned(),
            Decoder::Boolean => "Boolean".to_owned(),
            Decoder::Text => "Text".to_owned(),
            Decoder::Date => "Date".to_owned(),
            Decoder::IntegerEnum => "IntegerAs".to_owned(),
            Decoder::TextEnum => "TextAs".to_owned(),
            Decoder::Object => "Object".to_owned(),
            Decoder::List(codec) => format!(
                "List({})",
                proc_macro2::Literal::string(&codec.item_element)
            ),
        };
        out.push_str(&format!(
            "    {index} {}: {kind},\n",
            super::keyed_name(&field.name, &field.wire_name)
        ));
    }
    out.push_str("});\n");
    out
}

fn emit_field(field: &ResponseField) -> TokenStream {
    let item_element = match &field.decoder {
        Decoder::List(codec) => Some(codec.item_element.as_str()),
        _ => None,
    };
    let doc = docs::field(field, None, item_element);
    let ident = ident(&field.name);
    let value = rust_type(&field.rust_type);
    // A missing field is `None`: decoding starts from the struct's `Default`.
    quote! {
        #doc
        pub #ident: ::core::option::Option<#value>,
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
