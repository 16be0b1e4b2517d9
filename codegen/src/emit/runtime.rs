//! The one path from generated code into the runtime crate.
//!
//! Generated code names every runtime item as `__rt::Item`; each generated file starts
//! with the one `use` that binds `__rt` to the runtime's `__private` module (as
//! progenitor's output names `progenitor_client::`). Changing where the runtime lives is
//! one [`Runtime`] value, never an edit of the emitters.

use proc_macro2::TokenStream;
use quote::quote;

/// Where generated code finds the runtime's `__private` module.
#[derive(Clone, Debug)]
pub struct Runtime {
    root: TokenStream,
}

impl Default for Runtime {
    /// `::taobao_top_runtime::__private`: the runtime crate, which `taobao-top` (and any
    /// crate compiling generated code) depends on.
    fn default() -> Self {
        Runtime {
            root: quote!(::taobao_top_runtime::__private),
        }
    }
}

impl Runtime {
    /// A runtime at another path (a path to a module with the items of
    /// `taobao_top_runtime::__private`).
    pub fn at(root: syn::Path) -> Runtime {
        Runtime {
            root: quote!(#root),
        }
    }

    /// The `use` that every generated file starts with.
    pub(crate) fn import(&self) -> TokenStream {
        let root = &self.root;
        quote! {
            #[allow(unused_imports)]
            use #root as __rt;
        }
    }
}
