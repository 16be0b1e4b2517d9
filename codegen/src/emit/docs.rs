//! Doc comments: the page's text (Chinese kept), so users never need the web page.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Field, FieldType};

/// `#[doc = "..."]` attributes, one per line (printed as `///` by prettyplease).
pub fn outer(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| doc_line(line));
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` attributes, one per line (printed as `//!`).
pub fn inner(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| doc_line(line));
    quote!(#(#![doc = #lines])*)
}

/// rustdoc wants a space after `///`; empty lines stay empty.
fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Inline code for an example value: `` `x` ``, or a note when it is empty.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        "an empty string".to_owned()
    } else if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A fenced block of the page's own text, tagged so rustdoc does not compile it as Rust.
fn fenced(lines: &mut Vec<String>, language: &str, text: &str) {
    lines.push(format!("```{language}"));
    lines.extend(text.trim_end().lines().map(str::to_owned));
    lines.push("```".to_owned());
}

pub fn module_doc(api: &Api) -> TokenStream {
    let mut lines = vec![
        format!("`{}`: {}", api.method, api.title),
        String::new(),
        api.description.clone(),
        String::new(),
    ];
    if let Some(category) = &api.category {
        lines.push(format!("- Category: {category}"));
    }
    lines.push(format!(
        "- User session: {}",
        if api.needs_session {
            "required (the page's sample calls `execute(req, sessionKey)`)"
        } else {
            "not required"
        }
    ));
    match &api.idempotency_key {
        Some(key) => lines.push(format!(
            "- Idempotency key: `{key}`. Re-sending the same value repeats the call safely; \
             a new value is a new operation."
        )),
        None => lines.push("- Idempotency key: none documented.".to_owned()),
    }
    lines.push(format!(
        "- Request: [`{}`], response: [`{}`].",
        api.request.name, api.response.name
    ));
    lines.push(String::new());
    lines.push("# Documented request (the page's Java sample)".to_owned());
    lines.push(String::new());
    fenced(&mut lines, "java", &api.examples.request_java);
    lines.push(String::new());
    lines.push("# Documented response".to_owned());
    lines.push(String::new());
    fenced(&mut lines, "xml", &api.examples.response_xml);
    lines.push(String::new());
    lines.push("# Documented error".to_owned());
    lines.push(String::new());
    fenced(&mut lines, "xml", &api.examples.error_xml);
    inner(&lines)
}

/// The doc of one field: description, then requirement, example and constraints.
pub fn field(field: &Field, is_request: bool) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    if let Some(description) = &field.description {
        lines.extend(description.lines().map(str::to_owned));
    }
    let mut facts = Vec::new();
    if field.wire_name != field.name.text {
        facts.push(format!("Wire name `{}`.", field.wire_name));
    }
    if is_request {
        facts.push(
            if field.required {
                "Required."
            } else {
                "Optional."
            }
            .to_owned(),
        );
    }
    facts.push(format!("Documented type `{}`.", documented_type(&field.ty)));
    if let Some(example) = &field.example {
        facts.push(format!("Example: {}.", code(example)));
    }
    let c = &field.constraints;
    if let Some(max) = c.max_length {
        facts.push(format!("Max length: {max}."));
    }
    if let Some(max) = c.max_list_length {
        facts.push(format!("Max list length: {max}."));
    }
    if let Some(min) = c.min {
        facts.push(format!("Min value: {min}."));
    }
    if let Some(max) = c.max {
        facts.push(format!("Max value: {max}."));
    }
    if let Some(default) = &c.default {
        facts.push(format!("Default: {}.", code(default)));
    }
    if let Some(item) = &field.xml_item {
        facts.push(format!("Each item arrives wrapped as `<{item}>`."));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(facts.join(" "));
    outer(&lines)
}

/// The type as the page writes it.
fn documented_type(ty: &FieldType) -> String {
    match ty {
        FieldType::Integer => "Number".to_owned(),
        FieldType::String => "String".to_owned(),
        FieldType::Bool => "Boolean".to_owned(),
        FieldType::Date => "Date".to_owned(),
        FieldType::Price => "Price".to_owned(),
        FieldType::Json => "Json".to_owned(),
        FieldType::File => "byte[]".to_owned(),
        FieldType::Object(name) => name.clone(),
        FieldType::Enum { integer: true, .. } => "Number".to_owned(),
        FieldType::Enum { integer: false, .. } => "String".to_owned(),
        FieldType::List(item) => format!("{} []", documented_type(item)),
    }
}
