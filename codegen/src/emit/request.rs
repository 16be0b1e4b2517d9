//! Request types: plain structs with a typestate builder each (a missing required field
//! does not compile), and the `TopRequest` impl that writes business parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, rust_type};
use super::{Part, docs};
use crate::ir::{
    Api, Check, ExampleValue, RequestField, RequestStruct, RustType, SetterParam, TypeName,
    WireForm,
};

pub fn emit(api: &Api) -> Vec<Part> {
    let mut parts = emit_struct(&api.request, top_level_doc(api));
    for ty in &api.request_types {
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
        parts.extend(emit_struct(ty, lines));
    }
    parts.push(Part::Tokens(emit_trait_impl(api)));
    parts
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
    let mut variants_used = std::collections::BTreeSet::new();
    let chain = format!(
        "let request = {};",
        builder_example(api, &api.request, 0, &mut variants_used)
    );
    let mut uses: Vec<&str> = vec![api.request.name.as_str()];
    uses.extend(api.request_types.iter().map(|ty| ty.name.as_str()));
    uses.extend(variants_used.iter().map(TypeName::as_str));
    lines.push(format!(
        "use taobao_top::apis::{}::{}::{{{}}};",
        api.group.source(),
        api.module.source(),
        uses.join(", ")
    ));
    lines.push(String::new());
    lines.extend(chain.lines().map(str::to_owned));
    lines.push(format!("# let _: {} = request;", api.request.name));
    lines.push("```".to_owned());
    lines
}

/// `Name::builder().a(..).b(..).build()` with the IR's example values, nested types inline;
/// each enum a variant names is added to `enums` (for the example's `use`).
fn builder_example(
    api: &Api,
    ty: &RequestStruct,
    depth: usize,
    enums: &mut std::collections::BTreeSet<TypeName>,
) -> String {
    let indent = "    ".repeat(depth + 1);
    let mut out = format!("{}::builder()", ty.name);
    for field in &ty.fields {
        let value = match &field.doc_example {
            None => continue,
            Some(ExampleValue::Builder(name)) => {
                match api.request_types.iter().find(|t| &t.name == name) {
                    Some(nested) => builder_example(api, nested, depth + 1, enums),
                    None => continue,
                }
            }
            Some(ExampleValue::Variant { enum_name, variant }) => {
                enums.insert(enum_name.clone());
                format!("{enum_name}::{variant}")
            }
            Some(value) => example_expression(value),
        };
        out.push_str(&format!("\n{indent}.{}({value})", field.name.source()));
    }
    out.push_str(&format!("\n{indent}.build()"));
    out
}

/// A scalar example value as Rust source.
fn example_expression(value: &ExampleValue) -> String {
    match value {
        ExampleValue::Integer(n) => n.to_string(),
        ExampleValue::SuffixedInteger(n) => format!("{n}i64"),
        ExampleValue::Bool(b) => b.to_string(),
        ExampleValue::Text(text) => format!("{text:?}"),
        // Generated doctest text, not generator code: `lower` checked that the example is a
        // real date, so this `expect` cannot fire.
        ExampleValue::Date(text) => {
            format!("taobao_top::TopDateTime::parse({text:?}).expect(\"a documented date\")")
        }
        ExampleValue::Now => "taobao_top::TopDateTime::now()".to_owned(),
        ExampleValue::File => {
            "taobao_top::FileItem::new(\"receipt.jpg\", vec![0xFF, 0xD8])".to_owned()
        }
        ExampleValue::EmptyList => "Vec::new()".to_owned(),
        ExampleValue::Variant { enum_name, variant } => format!("{enum_name}::{variant}"),
        ExampleValue::Builder(name) => format!("{name}::builder().build()"),
    }
}

fn emit_struct(ty: &RequestStruct, doc_lines: Vec<String>) -> Vec<Part> {
    let doc = docs::outer(&doc_lines);
    let name = &ty.name;
    let fields = ty.fields.iter().map(|field| {
        let doc = docs::field(field, Some(field.required), None);
        let ident = ident(&field.name);
        let value = rust_type(&field.rust_type);
        if field.required {
            quote! {
                #doc
                pub #ident: #value,
            }
        } else {
            quote! {
                #doc
                pub #ident: ::core::option::Option<#value>,
            }
        }
    });
    let validate = emit_validate(ty);
    vec![
        Part::Tokens(quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }
        }),
        Part::Text(field_table(ty)),
        Part::Text(builder_invocation(ty)),
        Part::Tokens(validate),
    ]
}

/// `__rt::request_object!(Name { 0 field: required, 1 field2 = "wire": optional, });`: the
/// type's `Serialize` and `Deserialize` from its field table (see `runtime/src/object.rs`),
/// one line per field; serde's derives wrote several times more code for rustc to check.
/// The wire key is written only where it is not the field's name.
fn field_table(ty: &RequestStruct) -> String {
    let mut out = format!("__rt::request_object!({} {{\n", ty.name);
    for (index, field) in ty.fields.iter().enumerate() {
        let mode = if field.required {
            "required"
        } else {
            "optional"
        };
        out.push_str(&format!(
            "    {index} {}: {mode},\n",
            super::keyed_name(&field.name, &field.wire_name)
        ));
    }
    out.push_str("});\n");
    out
}

/// `Validate`: the IR's checks of every field, nested objects too.
fn emit_validate(ty: &RequestStruct) -> TokenStream {
    let name = &ty.name;
    let checks: Vec<TokenStream> = ty.fields.iter().filter_map(field_checks).collect();
    let validator = if checks.is_empty() {
        quote!(_validator)
    } else {
        quote!(validator)
    };
    quote! {
        impl __rt::Validate for #name {
            fn validate_into(&self, #validator: &mut __rt::Validator) {
                #(#checks)*
            }
        }
    }
}

/// The checks of one field, with `value` bound to a reference to it; `None` when it has none.
fn field_checks(field: &RequestField) -> Option<TokenStream> {
    if field.checks.is_empty() {
        return None;
    }
    let wire = &field.wire_name;
    let checks = field.checks.iter().map(|check| match check {
        Check::RequiredText => quote!(validator.required_text(#wire, value);),
        Check::RequiredEnumText => quote!(validator.required_text(#wire, value.as_str());),
        Check::MaxLength(max) => quote!(validator.max_length(#wire, value, #max);),
        Check::MaxCommaListLength(max) => {
            quote!(validator.max_comma_list_length(#wire, value, #max);)
        }
        Check::MaxDigits(max) => quote!(validator.max_digits(#wire, *value, #max);),
        Check::MaxFileBytes(max) => quote!(validator.max_file_bytes(#wire, value, #max);),
        Check::EachMaxLength(max) => quote! {
            for (index, item) in value.iter().enumerate() {
                validator.item_max_length(#wire, index, item, #max);
            }
        },
        Check::EachMin(min) => quote! {
            for (index, item) in value.iter().enumerate() {
                validator.item_min(#wire, index, *item, #min);
            }
        },
        Check::EachMax(max) => quote! {
            for (index, item) in value.iter().enumerate() {
                validator.item_max(#wire, index, *item, #max);
            }
        },
        Check::Min(min) => quote!(validator.min(#wire, *value, #min);),
        Check::Max(max) => quote!(validator.max(#wire, *value, #max);),
        Check::EnumMin(min) => quote!(validator.min(#wire, value.value(), #min);),
        Check::EnumMax(max) => quote!(validator.max(#wire, value.value(), #max);),
        Check::RequiredList => quote!(validator.required_list(#wire, value.len());),
        Check::MaxListLength(max) => {
            quote!(validator.max_list_length(#wire, value.len(), #max);)
        }
        Check::Nested => quote! {
            validator.enter(#wire);
            __rt::Validate::validate_into(value, validator);
            validator.leave();
        },
        Check::NestedItems => quote! {
            validator.enter(#wire);
            for (index, item) in value.iter().enumerate() {
                validator.enter_index(index);
                __rt::Validate::validate_into(item, validator);
                validator.leave();
            }
            validator.leave();
        },
    });
    let ident = ident(&field.name);
    // A required field's checks follow its own `let value`, shadowing the previous one.
    Some(if field.required {
        quote! {
            let value = &self.#ident;
            #(#checks)*
        }
    } else {
        quote! {
            if let ::core::option::Option::Some(value) = &self.#ident {
                #(#checks)*
            }
        }
    })
}

/// The typestate builder: one `typestate!` invocation (see `generated/src/builder.rs`),
/// written as text, one line per field, because prettyplease flows a macro's tokens into
/// one paragraph. Its code grows linearly with the fields: the macro keeps one state type
/// parameter per builder, a slot per required field.
fn builder_invocation(ty: &RequestStruct) -> String {
    let builder = &ty.builder.builder;
    let module = ty.builder.states_module.source();
    let mut out = format!(
        "__rt::typestate! {{\n    {} => {builder} in {module};\n",
        ty.name
    );
    for field in ty.required_fields() {
        let name = field.name.source();
        let message = format!(
            "`{}` is required: call `.{name}(..)` before `.build()`",
            field.name.text
        );
        let label = format!("`{}` is not set", field.name.text);
        out.push_str(&format!(
            "    required {name}: {} = {}, {}, {};\n",
            type_text(&field.rust_type),
            setter_param_text(field),
            proc_macro2::Literal::string(&message),
            proc_macro2::Literal::string(&label),
        ));
    }
    for field in &ty.fields {
        let Some(option_setter) = &field.option_setter else {
            continue;
        };
        out.push_str(&format!(
            "    optional {}: {} = {}, {};\n",
            field.name.source(),
            type_text(&field.rust_type),
            setter_param_text(field),
            option_setter.source(),
        ));
    }
    out.push_str("}\n");
    out
}

/// A Rust type as prettyplease prints it (`::std::string::String`, not
/// `:: std :: string ...`), written from the IR directly: the builder invocations are text,
/// and formatting each field's type through `syn` and prettyplease was a twentieth of the
/// generator's time. `type_text_matches_prettyplease` holds the two equal.
fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::Integer => "i64".to_owned(),
        RustType::Text => "::std::string::String".to_owned(),
        RustType::Bool => "bool".to_owned(),
        RustType::File => "__rt::FileItem".to_owned(),
        RustType::DateTime => "__rt::TopDateTime".to_owned(),
        RustType::LenientDate => "__rt::TopDate".to_owned(),
        RustType::Named(name) => name.to_string(),
        RustType::List(item) => format!("::std::vec::Vec<{}>", type_text(item)),
    }
}

/// What a setter takes, as text ([`type_text`]).
fn setter_param_text(field: &RequestField) -> String {
    let value_ty = type_text(&field.rust_type);
    match field.setter {
        SetterParam::Into => format!("impl ::core::convert::Into<{value_ty}>"),
        SetterParam::Exact => value_ty,
    }
}

fn emit_trait_impl(api: &Api) -> TokenStream {
    let request = &api.request.name;
    let response = &api.response.name;
    let method = &api.method;
    let needs_session = api.needs_session;
    let idempotency_key = match &api.idempotency_key {
        Some(key) => quote!(::core::option::Option::Some(#key)),
        None => quote!(::core::option::Option::None),
    };
    // Only the APIs that only read say so; the trait's default is `false`.
    let read_only = api.read_only.then(|| {
        quote!(
            const READ_ONLY: bool = true;
        )
    });
    let writes: Vec<TokenStream> = api.request.fields.iter().map(write_param).collect();
    let idempotency_value = idempotency_value(api);
    // An API without business parameters writes none: the unused argument is named so.
    let params = if writes.is_empty() {
        quote!(_params)
    } else {
        quote!(params)
    };
    quote! {
        impl __rt::TopRequest for #request {
            type Response = #response;
            const METHOD: &'static str = #method;
            const NEEDS_SESSION: bool = #needs_session;
            const IDEMPOTENCY_KEY: ::core::option::Option<&'static str> = #idempotency_key;
            #read_only

            fn write_params<'a>(&'a self, #params: &mut __rt::BusinessParams<'a>) {
                #(#writes)*
            }

            #idempotency_value
        }
    }
}

/// `idempotency_value` for an API whose spec names a key: the value that key holds in this
/// request (what a retry must send again unchanged). Other APIs keep the trait's `None`.
fn idempotency_value(api: &Api) -> TokenStream {
    let Some(field) = &api.idempotency_field else {
        return TokenStream::new();
    };
    let path = field.path.iter().map(ident);
    let value = if field.text {
        quote!(::std::borrow::Cow::Borrowed(self.#(#path).*.as_str()))
    } else {
        quote!(::std::borrow::Cow::Owned(::std::string::ToString::to_string(&self.#(#path).*)))
    };
    quote! {
        fn idempotency_value(&self) -> ::core::option::Option<::std::borrow::Cow<'_, str>> {
            ::core::option::Option::Some(#value)
        }
    }
}

/// One business parameter, in the wire form the IR gives it.
fn write_param(field: &RequestField) -> TokenStream {
    let wire = &field.wire_name;
    let ident = ident(&field.name);
    // `by_ref` is a reference to the value; `by_value` a copy, for the `Copy` scalars;
    // `place` the value itself, for method calls.
    let push = |by_ref: TokenStream, by_value: TokenStream, place: TokenStream| match field.wire {
        WireForm::Integer => quote!(params.push_integer(#wire, #by_value);),
        WireForm::Bool => quote!(params.push_bool(#wire, #by_value);),
        WireForm::Text => quote!(params.push_str(#wire, #by_ref);),
        WireForm::Date => quote!(params.push_date(#wire, #by_ref);),
        WireForm::File => quote!(params.push_file(#wire, #by_ref);),
        WireForm::EnumInteger => quote!(params.push_integer(#wire, #place.value());),
        WireForm::EnumText => quote!(params.push_str(#wire, #place.as_str());),
        WireForm::Json => quote!(params.push_json(#wire, #by_ref);),
        WireForm::Joined => quote!(params.push_joined(#wire, #by_ref);),
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

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{RustType, TypeName, rust_type, type_text};

    /// What prettyplease prints for a type, the way the builder invocations used to get it.
    fn prettyplease_text(ty: proc_macro2::TokenStream) -> String {
        let file: syn::File = syn::parse2(quote!(type T = #ty;)).expect("a type");
        let text = prettyplease::unparse(&file);
        text.trim()
            .trim_start_matches("type T = ")
            .trim_end_matches(';')
            .to_owned()
    }

    #[test]
    fn type_text_matches_prettyplease() {
        let named = || RustType::Named(TypeName::new("PayRequest"));
        let list = |item: RustType| RustType::List(Box::new(item));
        let types = [
            RustType::Integer,
            RustType::Text,
            RustType::Bool,
            RustType::File,
            RustType::DateTime,
            RustType::LenientDate,
            named(),
            list(RustType::Text),
            list(named()),
            list(list(RustType::Integer)),
        ];
        for ty in types {
            let tokens = rust_type(&ty);
            assert_eq!(type_text(&ty), prettyplease_text(tokens.clone()), "{ty:?}");
            let text = type_text(&ty);
            assert_eq!(
                format!("impl ::core::convert::Into<{text}>"),
                prettyplease_text(quote!(impl ::core::convert::Into<#tokens>)),
                "{ty:?}"
            );
        }
    }
}
