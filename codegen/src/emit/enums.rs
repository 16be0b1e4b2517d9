//! Enums for documented closed sets of values: a variant per value with its label in the
//! docs, and `Unknown` holding any other value, so an undocumented value from the server
//! never fails an answer and is sent back exactly as received.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::docs;
use crate::ir::{Api, EnumDef, WireValue};

pub fn emit(api: &Api) -> TokenStream {
    let enums = api.enums.iter().map(|def| emit_enum(api, def));
    quote!(#(#enums)*)
}

fn emit_enum(api: &Api, def: &EnumDef) -> TokenStream {
    let name = &def.name;
    let mut doc = vec![format!(
        "`{}`: the values `{}` documents for this field.",
        def.name, api.method
    )];
    doc.push(String::new());
    for value in &def.values {
        doc.push(format!("- {}: {}", docs::code(&value.value), value.label));
    }
    doc.push(String::new());
    doc.push(
        "Any other value is kept in `Unknown` and sent back unchanged: a new value from the \
         server never fails an answer."
            .to_owned(),
    );
    let doc = docs::outer(&doc);
    let variants: Vec<_> = def.values.iter().map(|v| &v.variant).collect();
    let variant_docs = def
        .values
        .iter()
        .map(|v| docs::outer(&[format!("{}: {}", docs::code(&v.value), v.label)]));
    let labels = def.values.iter().map(|v| &v.label);
    let (value_fn, from_impls, serde_impls) = if def.integer {
        integer_parts(def, name, &variants)
    } else {
        string_parts(def, name, &variants)
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants,
            )*
            /// A value the documentation does not list, kept exactly as received. Only such
            /// values can be held here: a documented one is always its variant.
            Unknown(__rt::UnknownValue<#name>),
        }

        impl #name {
            #value_fn

            /// The page's label of a documented value (`支付成功`).
            pub fn label(&self) -> ::core::option::Option<&'static str> {
                match self {
                    #(Self::#variants => ::core::option::Option::Some(#labels),)*
                    Self::Unknown(_) => ::core::option::Option::None,
                }
            }
        }

        #from_impls
        #serde_impls
    }
}

type Parts = (TokenStream, TokenStream, TokenStream);

fn integer_parts(
    def: &EnumDef,
    name: &crate::ir::TypeName,
    variants: &[&crate::ir::TypeName],
) -> Parts {
    let values: Vec<TokenStream> = def
        .values
        .iter()
        .map(|v| match &v.wire {
            WireValue::Integer(n) => Literal::i64_suffixed(*n).into_token_stream(),
            WireValue::Text(text) => Literal::string(text).into_token_stream(),
        })
        .collect();
    let value_fn = quote! {
        /// The value on the wire.
        pub fn value(&self) -> i64 {
            match self {
                #(Self::#variants => #values,)*
                Self::Unknown(value) => value.value(),
            }
        }
    };
    let from_impls = quote! {
        impl __rt::DocumentedValues for #name {
            type Raw = i64;

            fn documented(raw: &i64) -> ::core::option::Option<Self> {
                match *raw {
                    #(#values => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match __rt::UnknownValue::new(value) {
                    ::core::result::Result::Ok(unknown) => Self::Unknown(unknown),
                    ::core::result::Result::Err(documented) => documented,
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }
    };
    let serde_impls = quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl __rt::de::Item for #name {
            fn decode_item<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                __rt::de::integer_item_as(deserializer)
            }
        }
    };
    (value_fn, from_impls, serde_impls)
}

fn string_parts(
    def: &EnumDef,
    name: &crate::ir::TypeName,
    variants: &[&crate::ir::TypeName],
) -> Parts {
    let values: Vec<TokenStream> = def
        .values
        .iter()
        .map(|v| match &v.wire {
            WireValue::Text(text) => Literal::string(text).into_token_stream(),
            WireValue::Integer(n) => Literal::string(&n.to_string()).into_token_stream(),
        })
        .collect();
    let value_fn = quote! {
        /// The value on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                #(Self::#variants => #values,)*
                Self::Unknown(value) => value.as_str(),
            }
        }
    };
    let from_impls = quote! {
        impl __rt::DocumentedValues for #name {
            type Raw = ::std::string::String;

            fn documented(raw: &::std::string::String) -> ::core::option::Option<Self> {
                match raw.as_str() {
                    #(#values => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(::std::borrow::ToOwned::to_owned(value))
            }
        }

        impl ::core::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match __rt::UnknownValue::new(value) {
                    ::core::result::Result::Ok(unknown) => Self::Unknown(unknown),
                    ::core::result::Result::Err(documented) => documented,
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    let serde_impls = quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl __rt::de::Item for #name {
            fn decode_item<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                __rt::de::string_item_as(deserializer)
            }
        }
    };
    (value_fn, from_impls, serde_impls)
}
