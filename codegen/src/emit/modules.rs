//! The module tree: `apis/mod.rs` lists the groups, each group's `mod.rs` lists its APIs.

use quote::quote;

use super::runtime::Runtime;
use super::tokens::ident;
use super::{client, docs, format_file};
use crate::error::SpecError;
use crate::ir::Api;

/// `apis/mod.rs` for all groups (given sorted by group, each with its cargo feature) and the
/// list of every API (given sorted by method). Each group module, and its APIs' entries in
/// `ALL`, compile only with the group's feature: a user builds only the groups they use.
pub fn emit_apis_mod(
    groups: &[(&crate::names::RustName, &str)],
    apis: &[&Api],
) -> Result<String, SpecError> {
    let group_mods = groups.iter().map(|(group, feature)| {
        let group = ident(group);
        quote! {
            #[cfg(feature = #feature)]
            pub mod #group;
        }
    });
    let infos = apis.iter().map(|api| {
        let group = ident(&api.group);
        let request = &api.request.name;
        let feature = &api.feature;
        quote! {
            #[cfg(feature = #feature)]
            __rt::ApiInfo::of::<self::#group::#request>()
        }
    });
    let doc = docs::inner(&[
        "The bindings, one module per API, grouped by the first two segments of the method \
         (`alibaba.pos.order.pay` is `alibaba_pos::order_pay`)."
            .to_owned(),
        String::new(),
        "Each group compiles only with its cargo feature, the group's name with `-` for `_` \
         (`alibaba_pos` with `alibaba-pos`), or with `full` for every group."
            .to_owned(),
    ]);
    let prelude = groups.iter().filter_map(|(group, feature)| {
        let api = apis.iter().find(|api| &api.group == *group)?;
        let module = ident(group);
        let async_trait = ident(&api.client_trait);
        let blocking_trait = ident(&api.blocking_client_trait);
        Some(quote! {
            #[cfg(feature = #feature)]
            pub use super::#module::#async_trait as _;
            #[cfg(all(feature = #feature, feature = "blocking"))]
            pub use super::#module::#blocking_trait as _;
        })
    });
    let import = Runtime::default().import();
    let tokens = quote! {
        #doc
        #import
        #(#group_mods)*

        /// The client methods of every group compiled in: `use taobao_top::prelude::*;`
        /// makes `client.alibaba_pos_order_pay(&request)` callable.
        pub mod prelude {
            #(#prelude)*
        }

        /// Every API of the groups compiled in (see the crate features), sorted by method.
        pub const ALL: &[__rt::ApiInfo] = &[#(#infos),*];
    };
    format_file("spec/", tokens)
}

/// A group's `mod.rs`: its API modules, and their request and response types re-exported.
pub fn emit_group_mod(apis: &[&Api]) -> Result<String, SpecError> {
    let Some(first) = apis.first() else {
        return Ok(String::new());
    };
    let prefix = first
        .method
        .split('.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".");
    let doc = docs::inner(&[format!(
        "APIs whose method starts with `{prefix}.`: compiled with the cargo feature `{}` (or \
         `full`).",
        first.feature
    )]);
    let items = apis.iter().map(|api| {
        let module = ident(&api.module);
        let request = &api.request.name;
        let response = &api.response.name;
        quote! {
            pub mod #module;
            pub use self::#module::{#request, #response};
        }
    });
    let import = Runtime::default().import();
    let client = client::emit_group(&prefix, apis);
    let tokens = quote! {
        #doc
        #import
        #(#items)*
        #client
    };
    format_file(&format!("spec/{prefix}.*.yaml"), tokens)
}
