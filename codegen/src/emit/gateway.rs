//! The mock gateway's API table (`mock/src/apis.rs`): per API, what the gateway checks of a
//! call (session, every business parameter in the IR's wire form, object parameters down to
//! their members) and what it answers by default (the documented examples). A second emitter
//! of the same IR as the client's types, so gateway and client cannot disagree on the wire.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::SpecError;
use crate::ir::{Api, FieldType, RequestField, RequestStruct, WireForm};

/// Where the table is written, repo-relative.
pub const GATEWAY_TABLE: &str = "mock/src/apis.rs";

/// The table of every API, sorted by method; `apis` come sorted.
pub fn emit_gateway_table(apis: &[&Api]) -> Result<String, SpecError> {
    let entries = apis
        .iter()
        .map(|api| api_entry(api))
        .collect::<Result<Vec<_>, _>>()?;
    let tokens = quote! {
        //! Every API of `spec/` as the mock gateway serves it.
        use crate::schema::{Api, Form, Member, Param, Shape};

        /// Sorted by method, for binary search.
        pub(crate) static APIS: &[Api] = &[#(#entries),*];
    };
    super::format_file("spec/", tokens)
}

/// A table of more APIs for `taobao_top_mock::MockGatewayBuilder::apis`, outside the mock
/// crate (a build script's, for specs not in `spec/`): `pub static APIS` with the entries
/// [`emit_gateway_table`] writes, sorted by method, naming `::taobao_top_mock::schema`. No
/// inner attributes, so it can be `include!`d into a module. `source` names where the specs
/// came from, for the header.
pub fn emit_mock_table(apis: &[&Api], source: &str) -> Result<String, SpecError> {
    let mut sorted = apis.to_vec();
    sorted.sort_by(|a, b| a.method.cmp(&b.method));
    let entries = sorted
        .iter()
        .map(|api| api_entry(api))
        .collect::<Result<Vec<_>, _>>()?;
    let tokens = quote! {
        use ::taobao_top_mock::schema::{Api, Form, Member, Param, Shape};

        /// The APIs, as the mock gateway serves them, sorted by method.
        pub static APIS: &[Api] = &[#(#entries),*];
    };
    super::format_file(source, tokens)
}

fn api_entry(api: &Api) -> Result<TokenStream, SpecError> {
    let method = &api.method;
    let needs_session = api.needs_session;
    let idempotency_key = option(api.idempotency_key.as_deref());
    let root = &api.response_root;
    let params = api
        .request
        .fields
        .iter()
        .map(|field| param(api, field))
        .collect::<Result<Vec<_>, _>>()?;
    let json = &api.examples.response_json;
    let xml = &api.examples.response_xml;
    Ok(quote! {
        Api {
            method: #method,
            needs_session: #needs_session,
            idempotency_key: #idempotency_key,
            response_root: #root,
            params: &[#(#params),*],
            response_json: #json,
            response_xml: #xml,
        }
    })
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

fn param(api: &Api, field: &RequestField) -> Result<TokenStream, SpecError> {
    let name = &field.wire_name;
    let required = field.required;
    let form = match field.wire {
        WireForm::Integer | WireForm::EnumInteger => quote!(Form::Integer),
        WireForm::Bool => quote!(Form::Bool),
        WireForm::Text | WireForm::EnumText => quote!(Form::Text),
        WireForm::Date => quote!(Form::Date),
        WireForm::File => quote!(Form::File),
        WireForm::Json => {
            let shape = shape(api, &field.ty, 0)?;
            quote!(Form::Json(#shape))
        }
        WireForm::Joined => {
            let FieldType::List(item) = &field.ty else {
                return Err(bug(api, field));
            };
            let item = shape(api, item, 0)?;
            quote!(Form::Joined(#item))
        }
    };
    Ok(quote!(Param::new(#name, #required, #form)))
}

/// The JSON shape of a value inside an object parameter. Objects nest as deep as the spec
/// does; a type cannot contain itself (the loader's type table would not end), and the depth
/// bound makes sure of it.
fn shape(api: &Api, ty: &FieldType, depth: usize) -> Result<TokenStream, SpecError> {
    if depth > 32 {
        return Err(SpecError::new(
            &api.spec_file,
            "request",
            "request objects nest more than 32 levels deep".to_owned(),
        ));
    }
    Ok(match ty {
        FieldType::Integer | FieldType::Enum { integer: true, .. } => quote!(Shape::Integer),
        FieldType::Bool => quote!(Shape::Bool),
        FieldType::String
        | FieldType::Price
        | FieldType::Json
        | FieldType::Enum { integer: false, .. } => quote!(Shape::Text),
        FieldType::Date => quote!(Shape::Date),
        FieldType::File => quote!(Shape::Text),
        FieldType::List(item) => {
            let item = shape(api, item, depth + 1)?;
            quote!(Shape::List(&#item))
        }
        FieldType::Object(name) => {
            let object = object(api, name).ok_or_else(|| {
                SpecError::new(
                    &api.spec_file,
                    "request",
                    format!("type `{name}` is not defined"),
                )
            })?;
            let members = object
                .fields
                .iter()
                .map(|field| {
                    let name = &field.wire_name;
                    let required = field.required;
                    let shape = shape(api, &field.ty, depth + 1)?;
                    Ok(quote!(Member::new(#name, #required, #shape)))
                })
                .collect::<Result<Vec<_>, SpecError>>()?;
            quote!(Shape::Object(&[#(#members),*]))
        }
    })
}

fn object<'a>(api: &'a Api, name: &str) -> Option<&'a RequestStruct> {
    api.request_types.iter().find(|ty| ty.name == name)
}

fn bug(api: &Api, field: &RequestField) -> SpecError {
    SpecError::new(
        &api.spec_file,
        "request",
        format!(
            "`{}`: a joined parameter that is not a list (a generator bug)",
            field.wire_name
        ),
    )
}
