//! The page's 错误码解释 table as code: one `&str` constant per documented code in the API's
//! `errors` module (to `match` on `sub_code`), and the whole table as
//! `XxxRequest::DOCUMENTED_ERRORS` (for `ApiError::documented_in`). Page text reaches the
//! tokens only as string literals and the docs only as inert text.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::tokens::type_ident;
use crate::ir::{Api, DocumentedError, PageText};

pub fn emit(api: &Api) -> TokenStream {
    let request = &api.request.name;
    let literal = |text: &Option<PageText>| match text {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    };
    let entries = api.errors.iter().map(|error| {
        let constant = type_ident(&error.constant);
        let description = literal(&error.description);
        let solution = literal(&error.solution);
        quote!(__rt::DocumentedError::new(self::errors::#constant, #description, #solution))
    });
    let module = (!api.errors.is_empty()).then(|| {
        let doc = docs::outer(&[
            "The codes of the page's error table (错误码解释), to `match` on an answer's \
             `sub_code`."
                .to_owned(),
        ]);
        let constants = api.errors.iter().map(|error| {
            let constant = type_ident(&error.constant);
            let code = proc_macro2::Literal::string(&error.code);
            let doc = docs::outer(&constant_doc(error));
            quote! {
                #doc
                pub const #constant: &str = #code;
            }
        });
        quote! {
            #doc
            pub mod errors {
                #(#constants)*
            }
        }
    });
    let doc = docs::outer(&[if api.errors.is_empty() {
        "The page's error table (错误码解释): empty on this API's page.".to_owned()
    } else {
        "The page's error table (错误码解释), in page order: find the row explaining an answer \
         with [`crate::ApiError::documented_in`]."
            .to_owned()
    }]);
    quote! {
        #module
        impl #request {
            #doc
            pub const DOCUMENTED_ERRORS: &'static [__rt::DocumentedError] = &[#(#entries),*];
        }
    }
}

/// The doc of one constant: the code, then description and solution as inert text.
fn constant_doc(error: &DocumentedError) -> Vec<String> {
    let mut lines = vec![format!("{}.", docs::code(&error.code))];
    if let Some(description) = &error.description {
        lines.push(String::new());
        lines.extend(description.lines().map(str::to_owned));
    }
    if let Some(solution) = &error.solution {
        lines.push(String::new());
        lines.push("Solution (解决方案):".to_owned());
        lines.extend(solution.lines().map(str::to_owned));
    }
    lines
}

/// The module-doc section listing the table, one list item per row (a Markdown table would
/// break on a `|` or a line break of the page's text).
pub fn doc_section(api: &Api) -> Vec<String> {
    if api.errors.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        "# Documented errors (错误码解释)".to_owned(),
        String::new(),
        "Match an answer's `sub_code` against the constants of [`errors`], or look it up \
         with `ApiError::documented_in(...DOCUMENTED_ERRORS)`."
            .to_owned(),
        String::new(),
    ];
    for error in &api.errors {
        let description = error
            .description
            .as_ref()
            .map_or_else(|| "(no description)".to_owned(), ToString::to_string);
        let mut line = format!(
            "- {} ([`errors::{}`]): {description}",
            docs::code(&error.code),
            error.constant
        );
        if let Some(solution) = &error.solution {
            line.push_str(&format!(" — solution: {solution}"));
        }
        lines.push(line);
    }
    lines.push(String::new());
    lines
}
