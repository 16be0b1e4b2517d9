//! The module tree: `apis/mod.rs` lists the groups, each group's `mod.rs` lists its APIs.

use quote::quote;

use super::tokens::{ident, type_ident};
use super::{docs, format_file};
use crate::error::SpecError;
use crate::ir::Api;

/// `apis/mod.rs` for all groups (given sorted by group, each with its cargo feature) and the
/// list of every API (given sorted by method). Each group module, and its APIs' entries in
/// `ALL`, compile only with the group's feature: a user builds only the groups they use.
pub fn emit_apis_mod(
    groups: &[(&crate::names::RustName, &str)],
    apis: &[&Api],
) -> Result<String, SpecError> {
    let groups = groups.iter().map(|(group, feature)| {
        let group = ident(group);
        quote! {
            #[cfg(feature = #feature)]
            pub mod #group;
        }
    });
    let infos = apis.iter().map(|api| {
        let group = ident(&api.group);
        let request = type_ident(&api.request.name);
        let feature = &api.feature;
        quote! {
            #[cfg(feature = #feature)]
            crate::ApiInfo::of::<self::#group::#request>()
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
    let tokens = quote! {
        #doc
        #(#groups)*

        /// Every API of the groups compiled in (see the crate features), sorted by method.
        pub const ALL: &[crate::ApiInfo] = &[#(#infos),*];
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
        let request = type_ident(&api.request.name);
        let response = type_ident(&api.response.name);
        quote! {
            pub mod #module;
            pub use self::#module::{#request, #response};
        }
    });
    let tokens = quote! {
        #doc
        #(#items)*
    };
    format_file(&format!("spec/{prefix}.*.yaml"), tokens)
}
