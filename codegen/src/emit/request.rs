//! Request types: plain structs with a typestate builder each (a missing required field
//! does not compile), and the `TopRequest` impl that writes business parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::tokens::{Side, ident, rust_type, type_ident};
use crate::ir::{Api, Field, FieldType, Struct};

pub fn emit(api: &Api) -> TokenStream {
    let top = emit_struct(api, &api.request, top_level_doc(api));
    let nested = api.request_types.iter().map(|ty| {
        let mut lines = vec![format!(
            "`{}`, a request object type of `{}`.",
            ty.name, api.method
        )];
        if let Some(description) = &ty.description {
            lines.push(String::new());
            lines.extend(description.lines().map(str::to_owned));
        }
        lines.push(String::new());
        lines.push(format!(
            "Build it with [`{}::builder`]; a missing required field does not compile.",
            ty.name
        ));
        emit_struct(api, ty, lines)
    });
    let trait_impl = emit_trait_impl(api);
    quote! {
        #top
        #(#nested)*
        #trait_impl
    }
}

fn top_level_doc(api: &Api) -> Vec<String> {
    let mut lines = vec![
        format!("Request of `{}` ({}).", api.method, api.title),
        String::new(),
        format!(
            "Build it with [`{}::builder`]; a missing required field does not compile. \
             The values below are the page's own example.",
            api.request.name
        ),
        String::new(),
        "```".to_owned(),
    ];
    let mut uses: Vec<&str> = vec![&api.request.name];
    uses.extend(api.request_types.iter().map(|ty| ty.name.as_str()));
    lines.push(format!(
        "use taobao_top::apis::{}::{}::{{{}}};",
        api.group.source(),
        api.module.source(),
        uses.join(", ")
    ));
    lines.push(String::new());
    let chain = format!("let request = {};", builder_example(api, &api.request, 0));
    lines.extend(chain.lines().map(str::to_owned));
    lines.push(format!("# let _: {} = request;", api.request.name));
    lines.push("```".to_owned());
    lines
}

/// `Name::builder().a(..).b(..).build()` with documented example values, nested types inline.
fn builder_example(api: &Api, ty: &Struct, depth: usize) -> String {
    let indent = "    ".repeat(depth + 1);
    let mut out = format!("{}::builder()", ty.name);
    for field in &ty.fields {
        let value = match &field.ty {
            FieldType::Object(name) => {
                let nested = api.request_types.iter().find(|t| &t.name == name);
                match nested {
                    Some(nested) => builder_example(api, nested, depth + 1),
                    None => continue,
                }
            }
            ty => match example_value(ty, field.example.as_deref()) {
                Some(value) => value,
                None if field.required => placeholder(ty),
                None => continue,
            },
        };
        out.push_str(&format!("\n{indent}.{}({value})", field.name.source()));
    }
    out.push_str(&format!("\n{indent}.build()"));
    out
}

/// A Rust expression for a documented example, when it fits the type.
fn example_value(ty: &FieldType, example: Option<&str>) -> Option<String> {
    let example = example?;
    match ty {
        FieldType::Integer => example.trim().parse::<i64>().ok().map(|n| n.to_string()),
        FieldType::Bool => match example.trim() {
            "true" | "false" => Some(example.trim().to_owned()),
            _ => None,
        },
        FieldType::String | FieldType::Price | FieldType::Json => Some(format!("{example:?}")),
        // Generated doctest text, not generator code: `lower` checked that the example is a
        // real date, so this `expect` cannot fire.
        FieldType::Date => Some(format!(
            "taobao_top::TopDateTime::parse({example:?}).expect(\"a documented date\")"
        )),
        FieldType::Enum { integer: true, .. } => example
            .trim()
            .parse::<i64>()
            .ok()
            .map(|n| format!("{n}i64")),
        FieldType::Enum { integer: false, .. } => Some(format!("{example:?}")),
        FieldType::Object(_) | FieldType::List(_) | FieldType::File => None,
    }
}

fn placeholder(ty: &FieldType) -> String {
    match ty {
        FieldType::Integer => "0".to_owned(),
        FieldType::Bool => "false".to_owned(),
        FieldType::String | FieldType::Price | FieldType::Json => "\"\"".to_owned(),
        FieldType::Date => "taobao_top::TopDateTime::now()".to_owned(),
        FieldType::Enum { integer: true, .. } => "0i64".to_owned(),
        FieldType::Enum { integer: false, .. } => "\"\"".to_owned(),
        FieldType::File => {
            "taobao_top::FileItem::new(\"receipt.jpg\", vec![0xFF, 0xD8])".to_owned()
        }
        FieldType::Object(_) | FieldType::List(_) => "Vec::new()".to_owned(),
    }
}

fn emit_struct(api: &Api, ty: &Struct, doc_lines: Vec<String>) -> TokenStream {
    let doc = docs::outer(&doc_lines);
    let name = type_ident(&ty.name);
    let fields = ty.fields.iter().map(|field| {
        let doc = docs::field(field, true);
        let ident = ident(&field.name);
        let value = rust_type(&field.ty, Side::Request);
        let rename = rename_attr(field);
        if field.required {
            quote! {
                #doc
                #rename
                pub #ident: #value,
            }
        } else {
            quote! {
                #doc
                #rename
                #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
                pub #ident: ::core::option::Option<#value>,
            }
        }
    });
    let builder = emit_builder(api, ty);
    let validate = emit_validate(ty);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #builder
        #validate
    }
}

/// `Validate`: required values present, documented limits kept, nested objects too.
fn emit_validate(ty: &Struct) -> TokenStream {
    let name = type_ident(&ty.name);
    let checks: Vec<TokenStream> = ty.fields.iter().filter_map(field_checks).collect();
    let validator = if checks.is_empty() {
        quote!(_validator)
    } else {
        quote!(validator)
    };
    quote! {
        impl crate::validate::Validate for #name {
            fn validate_into(&self, #validator: &mut crate::validate::Validator) {
                #(#checks)*
            }
        }
    }
}

/// The checks of one field, with `value` bound to a reference to it; `None` when it has none.
fn field_checks(field: &Field) -> Option<TokenStream> {
    let wire = &field.wire_name;
    let c = &field.constraints;
    let mut checks = Vec::new();
    match &field.ty {
        FieldType::String | FieldType::Price | FieldType::Json => {
            if field.required {
                checks.push(quote!(validator.required_text(#wire, value);));
            }
            if let Some(max) = c.max_length {
                checks.push(quote!(validator.max_length(#wire, value, #max);));
            }
            if let Some(max) = c.max_list_length {
                checks.push(quote!(validator.max_comma_list_length(#wire, value, #max);));
            }
        }
        FieldType::Integer => {
            if let Some(min) = c.min {
                checks.push(quote!(validator.min(#wire, *value, #min);));
            }
            if let Some(max) = c.max {
                checks.push(quote!(validator.max(#wire, *value, #max);));
            }
        }
        FieldType::List(item) => {
            if field.required {
                checks.push(quote!(validator.required_list(#wire, value.len());));
            }
            if let Some(max) = c.max_list_length {
                checks.push(quote!(validator.max_list_length(#wire, value.len(), #max);));
            }
            if matches!(**item, FieldType::Object(_)) {
                checks.push(quote! {
                    validator.enter(#wire);
                    for (index, item) in value.iter().enumerate() {
                        validator.enter_index(index);
                        crate::validate::Validate::validate_into(item, validator);
                        validator.leave();
                    }
                    validator.leave();
                });
            }
        }
        FieldType::Object(_) => checks.push(quote! {
            validator.enter(#wire);
            crate::validate::Validate::validate_into(value, validator);
            validator.leave();
        }),
        FieldType::Enum { integer: false, .. } => {
            if field.required {
                checks.push(quote!(validator.required_text(#wire, value.as_str());));
            }
        }
        FieldType::Enum { integer: true, .. } => {
            if let Some(min) = c.min {
                checks.push(quote!(validator.min(#wire, value.value(), #min);));
            }
            if let Some(max) = c.max {
                checks.push(quote!(validator.max(#wire, value.value(), #max);));
            }
        }
        FieldType::Bool | FieldType::Date | FieldType::File => {}
    }
    if checks.is_empty() {
        return None;
    }
    let ident = ident(&field.name);
    Some(if field.required {
        quote! {
            {
                let value = &self.#ident;
                #(#checks)*
            }
        }
    } else {
        quote! {
            if let ::core::option::Option::Some(value) = &self.#ident {
                #(#checks)*
            }
        }
    })
}

pub(super) fn rename_attr(field: &Field) -> TokenStream {
    if field.name.text == field.wire_name {
        quote!()
    } else {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    }
}

/// The typestate builder: one type parameter per required field, `Unset` until its setter
/// is called; `build` exists only once every parameter holds the field's type.
fn emit_builder(api: &Api, ty: &Struct) -> TokenStream {
    let name = type_ident(&ty.name);
    let builder_name = ty.builder.as_deref().unwrap_or_default();
    let builder = type_ident(builder_name);
    let states: Vec<_> = ty
        .required_fields()
        .filter_map(|f| f.builder_state.as_deref())
        .map(type_ident)
        .collect();

    let storage = ty.fields.iter().map(|field| {
        let ident = ident(&field.name);
        match &field.builder_state {
            Some(state) => {
                let state = type_ident(state);
                quote!(#ident: #state,)
            }
            None => {
                let value = rust_type(&field.ty, Side::Request);
                quote!(#ident: ::core::option::Option<#value>,)
            }
        }
    });
    let initial = ty.fields.iter().map(|field| {
        let ident = ident(&field.name);
        if field.required {
            quote!(#ident: crate::builder::Unset,)
        } else {
            quote!(#ident: ::core::option::Option::None,)
        }
    });
    let setters = ty.fields.iter().map(|field| setter(ty, field, &builder));
    let done_types = ty
        .required_fields()
        .map(|field| rust_type(&field.ty, Side::Request));
    let moves = ty.fields.iter().map(|field| {
        let ident = ident(&field.name);
        quote!(#ident: self.#ident,)
    });
    let builder_doc = docs::outer(&[
        format!("Builder of [`{}`] (`{}`).", ty.name, api.method),
        String::new(),
        "Each type parameter tracks one required field: `Unset` until its setter is called. \
         `build` exists only when every required field is set, so forgetting one does not compile."
            .to_owned(),
    ]);
    let builder_fn_doc = docs::outer(&[format!(
        "Starts a builder of [`{}`]: set every required field, then call `build`.",
        ty.name
    )]);
    quote! {
        #builder_doc
        #[derive(Clone, Debug)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct #builder<#(#states = crate::builder::Unset),*> {
            #(#storage)*
        }

        impl #name {
            #builder_fn_doc
            pub fn builder() -> #builder {
                #builder { #(#initial)* }
            }
        }

        impl<#(#states),*> #builder<#(#states),*> {
            #(#setters)*
        }

        impl #builder<#(#done_types),*> {
            /// Builds the value: every required field is set.
            pub fn build(self) -> #name {
                #name { #(#moves)* }
            }
        }
    }
}

/// Method names clippy's `should_implement_trait` reserves for std traits. A setter is named
/// after its documented field, so a field called `add` keeps its setter `add`, with that one
/// lint allowed on that one method.
const STD_TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

fn setter(ty: &Struct, field: &Field, builder: &proc_macro2::Ident) -> TokenStream {
    let mut doc = docs::field(field, true);
    if STD_TRAIT_METHODS.contains(&field.name.text.as_str()) {
        doc.extend(quote!(#[allow(clippy::should_implement_trait)]));
    }
    let ident = ident(&field.name);
    let textual = matches!(
        field.ty,
        FieldType::String | FieldType::Price | FieldType::Json
    );
    let value_ty = rust_type(&field.ty, Side::Request);
    let (param, value) = if textual {
        (
            quote!(impl ::core::convert::Into<::std::string::String>),
            quote!(value.into()),
        )
    } else if matches!(field.ty, FieldType::Enum { .. }) {
        // A documented variant, or any raw value (kept as `Unknown`).
        (
            quote!(impl ::core::convert::Into<#value_ty>),
            quote!(value.into()),
        )
    } else {
        (value_ty.clone(), quote!(value))
    };
    if field.required {
        // The returned builder has this field's state parameter replaced by its type.
        let out_params = ty.required_fields().map(|other| {
            if other.wire_name == field.wire_name {
                value_ty.clone()
            } else {
                let state = type_ident(other.builder_state.as_deref().unwrap_or_default());
                quote!(#state)
            }
        });
        let moves = ty.fields.iter().map(|other| {
            let other_ident = super::tokens::ident(&other.name);
            if other.wire_name == field.wire_name {
                quote!(#other_ident: #value,)
            } else {
                quote!(#other_ident: self.#other_ident,)
            }
        });
        quote! {
            #doc
            pub fn #ident(self, value: #param) -> #builder<#(#out_params),*> {
                #builder { #(#moves)* }
            }
        }
    } else {
        quote! {
            #doc
            pub fn #ident(mut self, value: #param) -> Self {
                self.#ident = ::core::option::Option::Some(#value);
                self
            }
        }
    }
}

fn emit_trait_impl(api: &Api) -> TokenStream {
    let request = type_ident(&api.request.name);
    let response = type_ident(&api.response.name);
    let method = &api.method;
    let needs_session = api.needs_session;
    let idempotency_key = match &api.idempotency_key {
        Some(key) => quote!(::core::option::Option::Some(#key)),
        None => quote!(::core::option::Option::None),
    };
    let writes: Vec<TokenStream> = api.request.fields.iter().map(write_param).collect();
    // An API without business parameters writes none: the unused argument is named so.
    let params = if writes.is_empty() {
        quote!(_params)
    } else {
        quote!(params)
    };
    quote! {
        impl crate::TopRequest for #request {
            type Response = #response;
            const METHOD: &'static str = #method;
            const NEEDS_SESSION: bool = #needs_session;
            const IDEMPOTENCY_KEY: ::core::option::Option<&'static str> = #idempotency_key;

            fn write_params<'a>(&'a self, #params: &mut crate::params::BusinessParams<'a>) {
                #(#writes)*
            }
        }
    }
}

/// One business parameter: scalars as text, objects (and lists of them) as compact JSON,
/// lists of scalars comma-joined, as the official SDKs send them.
fn write_param(field: &Field) -> TokenStream {
    let wire = &field.wire_name;
    let ident = ident(&field.name);
    // `by_ref` is a reference to the value; `by_value` a copy, for the `Copy` scalars;
    // `place` the value itself, for method calls.
    let push = |by_ref: TokenStream, by_value: TokenStream, place: TokenStream| match &field.ty {
        FieldType::Integer => quote!(params.push_integer(#wire, #by_value);),
        FieldType::Bool => quote!(params.push_bool(#wire, #by_value);),
        FieldType::String | FieldType::Price | FieldType::Json => {
            quote!(params.push_str(#wire, #by_ref);)
        }
        FieldType::Date => quote!(params.push_date(#wire, #by_ref);),
        FieldType::File => quote!(params.push_file(#wire, #by_ref);),
        FieldType::Enum { integer: true, .. } => {
            quote!(params.push_integer(#wire, #place.value());)
        }
        FieldType::Enum { integer: false, .. } => {
            quote!(params.push_str(#wire, #place.as_str());)
        }
        FieldType::Object(_) => quote!(params.push_json(#wire, #by_ref);),
        FieldType::List(item) if matches!(**item, FieldType::Object(_)) => {
            quote!(params.push_json(#wire, #by_ref);)
        }
        FieldType::List(_) => quote!(params.push_joined(#wire, #by_ref);),
    };
    if field.required {
        push(
            quote!(&self.#ident),
            quote!(self.#ident),
            quote!(self.#ident),
        )
    } else {
        let write = push(quote!(value), quote!(*value), quote!(value));
        quote! {
            if let ::core::option::Option::Some(value) = &self.#ident {
                #write
            }
        }
    }
}
