//! The client methods of a group's APIs: `client.alibaba_pos_order_pay(&request)`, as one
//! trait per group for the async client and one for the blocking client, both sealed.
//! The clients are types of the runtime crate, so the methods cannot be inherent; the
//! crate's `prelude` brings every group's traits into scope at once.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::tokens::ident;
use crate::ir::Api;

/// The two traits of one group (`apis` all in that group, sorted by method) and their
/// implementations for the runtime's clients.
pub fn emit_group(prefix: &str, apis: &[&Api]) -> TokenStream {
    let Some(first) = apis.first() else {
        return TokenStream::new();
    };
    let async_trait = ident(&first.client_trait);
    let blocking_trait = ident(&first.blocking_client_trait);
    let mut async_methods = Vec::new();
    let mut blocking_methods = Vec::new();
    for api in apis {
        let method = ident(&api.client_fn);
        let module = ident(&api.module);
        let request = &api.request.name;
        let response = &api.response.name;
        let doc = method_doc(api);
        async_methods.push(quote! {
            #doc
            fn #method(
                &self,
                request: &self::#module::#request,
            ) -> impl __rt::Call<self::#module::#response> {
                self.execute(request)
            }
        });
        blocking_methods.push(quote! {
            #doc
            fn #method(
                &self,
                request: &self::#module::#request,
            ) -> ::core::result::Result<self::#module::#response, __rt::Error> {
                self.execute(request)
            }
        });
    }
    let async_doc = docs::outer(&[
        format!("The `{prefix}.*` APIs as methods of [`Client`](__rt::Client)."),
        String::new(),
        "Bring it into scope with `use taobao_top::prelude::*;`. Sealed: only the crate's \
         client implements it, so methods can be added without breaking anyone."
            .to_owned(),
    ]);
    let blocking_doc = docs::outer(&[
        format!(
            "The `{prefix}.*` APIs as methods of the blocking client \
             ([`blocking::Client`](__rt::BlockingClient))."
        ),
        String::new(),
        "Bring it into scope with `use taobao_top::prelude::*;`. Sealed, as the async one."
            .to_owned(),
    ]);
    // Each method is a default body calling the runtime's `execute`; the clients take a
    // whole group with an empty `impl`.
    quote! {
        #async_doc
        pub trait #async_trait: __rt::Execute {
            #(#async_methods)*
        }

        impl #async_trait for __rt::Client {}

        #[cfg(feature = "blocking")]
        #blocking_doc
        pub trait #blocking_trait: __rt::ExecuteBlocking {
            #(#blocking_methods)*
        }

        #[cfg(feature = "blocking")]
        impl #blocking_trait for __rt::BlockingClient {}
    }
}

fn method_doc(api: &Api) -> TokenStream {
    let mut lines = vec![
        format!("Calls `{}`: {}.", api.method, api.title),
        String::new(),
        // The group module re-exports both types: their names resolve as links there.
        format!(
            "See [`{}`] for the parameters and [`{}`] for the answer.",
            api.request.name, api.response.name,
        ),
    ];
    if api.needs_session {
        lines.push(String::new());
        lines.push(
            "Acts for a user: call it on `client.with_session(..)`, or it fails before sending."
                .to_owned(),
        );
    }
    if api.read_only {
        lines.push(String::new());
        lines.push(
            "Only reads: a client with a retry policy retries it after a transport error, \
             a timeout, HTTP 5xx or an `isp.*` error."
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
    docs::outer(&lines)
}
