//! The per-API client methods: `client.alibaba_pos_order_pay(&request)`, async and blocking.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::tokens::{ident, type_ident};
use crate::ir::Api;

pub fn emit(api: &Api) -> TokenStream {
    let method = ident(&api.client_fn);
    let request = type_ident(&api.request.name);
    let response = type_ident(&api.response.name);
    let mut lines = vec![
        format!("Calls `{}`: {}.", api.method, api.title),
        String::new(),
        format!(
            "See [`{}`] for the parameters and [`{}`] for the answer.",
            api.request.name, api.response.name
        ),
    ];
    if api.needs_session {
        lines.push(String::new());
        lines.push(
            "Acts for a user: call it on `client.with_session(..)`, or it fails before sending."
                .to_owned(),
        );
    }
    if let Some(key) = &api.idempotency_key {
        lines.push(String::new());
        lines.push(format!(
            "Idempotent on `{key}`: after a timeout or transport error, retry with the same \
             value (or query the outcome), never with a new one."
        ));
    }
    let doc = docs::outer(&lines);
    quote! {
        impl crate::Client {
            #doc
            pub async fn #method(
                &self,
                request: &#request,
            ) -> ::core::result::Result<#response, crate::Error> {
                self.execute(request).await
            }
        }

        #[cfg(feature = "blocking")]
        impl crate::blocking::Client {
            #doc
            pub fn #method(
                &self,
                request: &#request,
            ) -> ::core::result::Result<#response, crate::Error> {
                self.execute(request)
            }
        }
    }
}
