//! Doc comments: the page's text (Chinese kept), so users never need the web page.
//!
//! Page text is data, never Markdown the page's author gets to write: pages come from the
//! web, and rustdoc runs every Rust code block it finds in a doc comment as a doctest. So
//! text from a page reaches a doc comment only through [`inert`] (lines, via
//! [`crate::ir::PageText`]), [`code`] (inline code) or a fence longer than any backtick run
//! in the text ([`fenced`]); and [`outer`] / [`inner`] split embedded line breaks and spell
//! out the characters a `///` comment cannot hold (CR, other controls, bidi overrides).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Field, FieldType};

/// `#[doc = "..."]` attributes, one per line (printed as `///` by prettyplease).
pub fn outer(lines: &[String]) -> TokenStream {
    let lines = physical_lines(lines);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` attributes, one per line (printed as `//!`).
pub fn inner(lines: &[String]) -> TokenStream {
    let lines = physical_lines(lines);
    quote!(#(#![doc = #lines])*)
}

/// The `//!` lines [`inner`] gives after prettyplease, written directly: a module's doc (the
/// page's description, Java sample and XML examples) is the largest part of its file, and
/// turning it into tokens, parsing them and printing them back was a tenth of the generator's
/// time. Each physical line holds no line break (see [`physical_lines`]); prettyplease prints
/// such a doc attribute as `//!` and its value without trailing spaces.
pub fn inner_text(lines: &[String]) -> String {
    let mut out = String::new();
    for line in physical_lines(lines) {
        out.push_str("//!");
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
    out
}

/// Every line break a reader or rustc might honour ends a doc line, and the characters a
/// doc comment must not carry are spelled out; rustdoc wants a space after `///`.
fn physical_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| split_lines(line))
        .map(|line| {
            let line = visible_controls(line);
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Splits at `\n`, `\r\n`, a lone `\r`, NEL, and the Unicode line and paragraph separators.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        let (line, tail) = rest.split_at(at);
        lines.push(line);
        let mut chars = tail.chars();
        let first = chars.next();
        let mut after = chars.as_str();
        if first == Some('\r') {
            after = after.strip_prefix('\n').unwrap_or(after);
        }
        rest = after;
    }
    lines.push(rest);
    lines
}

/// Tabs become a space; control characters, the BOM and bidi controls (which rustc rejects in
/// comments) are written as `\u{..}` text.
fn visible_controls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => out.push(' '),
            c if c.is_control()
                || matches!(c, '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Page text as Markdown that renders as the text itself and nothing else: no code block
/// (fenced or indented), no heading, list, quote, table or rule, no HTML, no link rustdoc would
/// try to resolve, no entity. Each line is inert on its own, at the start of a doc line or
/// after other text: leading whitespace is dropped (indentation makes code blocks), the
/// characters that make inline Markdown are backslash-escaped (CommonMark shows an escaped
/// ASCII punctuation character as itself), a line-leading marker is escaped too, and URLs
/// become inline code so rustdoc's `bare_urls` lint stays quiet.
pub fn inert(text: &str) -> String {
    split_lines(text)
        .into_iter()
        .map(inert_line)
        .collect::<Vec<_>>()
        .join("\n")
}

fn inert_line(line: &str) -> String {
    let line = visible_controls(line);
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        // Slices below are at `find` / `char_indices` positions: always char boundaries.
        if let Some(at) = word.find("://").filter(|&at| at > 0) {
            // `see:https://x`: the URL part as code, what precedes it as text.
            let start = word[..at]
                .char_indices()
                .rev()
                .find(|(_, c)| !c.is_ascii_alphanumeric())
                .map_or(0, |(i, c)| i + c.len_utf8());
            escape_inline(&mut out, &word[..start], index == 0);
            out.push_str(&code(&word[start..]));
        } else {
            escape_inline(&mut out, word, index == 0);
        }
    }
    out
}

fn escape_inline(out: &mut String, text: &str, line_start: bool) {
    let at_start = out.len();
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        escape_block_marker(out, at_start);
    }
}

/// `# h`, `- item`, `+ item`, `= ` / `-` underlines, `1. item`, `1) item`: escape the marker.
fn escape_block_marker(out: &mut String, from: usize) {
    // `from` is `out.len()` before this text was pushed, and the digits counted are ASCII:
    // both are char boundaries.
    let line = &out[from..];
    let marker = match line.chars().next() {
        Some('#' | '-' | '+' | '=' | '_' | ':') => Some(from),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            line[digits..]
                .starts_with(['.', ')'])
                .then_some(from + digits)
        }
        _ => None,
    };
    if let Some(at) = marker {
        out.insert(at, '\\');
    }
}

/// Inline code for a value from the page: `` `x` ``, or a note when it is empty. The
/// delimiter is longer than any backtick run inside, line breaks become spaces, so the
/// span always closes on its own line.
pub fn code(text: &str) -> String {
    let flat = split_lines(text).join(" ");
    let flat = visible_controls(&flat);
    if flat.is_empty() {
        return "an empty string".to_owned();
    }
    let ticks = "`".repeat(longest_run(&flat, '`') + 1);
    if flat.starts_with('`') || flat.ends_with('`') || flat.starts_with(' ') || flat.ends_with(' ')
    {
        format!("{ticks} {flat} {ticks}")
    } else {
        format!("{ticks}{flat}{ticks}")
    }
}

fn longest_run(text: &str, of: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in text.chars() {
        if c == of {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

/// A fenced block of the page's own text, tagged so rustdoc does not compile it as Rust. The
/// fence is longer than any backtick run in the text, so no line of it closes the block.
fn fenced(lines: &mut Vec<String>, language: &str, text: &str) {
    let fence = "`".repeat((longest_run(text, '`') + 1).max(3));
    lines.push(format!("{fence}{language}"));
    lines.extend(split_lines(text.trim_end()).into_iter().map(str::to_owned));
    lines.push(fence);
}

pub fn module_doc(api: &Api) -> String {
    let mut lines = vec![
        format!("`{}`: {}", api.method, api.title),
        String::new(),
        api.description.lines().collect::<Vec<_>>().join("\n"),
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
    if api.read_only {
        lines.push(
            "- Read-only: repeating the call changes nothing (retried by a retry policy)."
                .to_owned(),
        );
    }
    lines.push(format!(
        "- Request: [`{}`], response: [`{}`].",
        api.request.name, api.response.name
    ));
    lines.push(String::new());
    lines.extend(super::errors::doc_section(api));
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
    inner_text(&lines)
}

/// The doc of one field: description, then requirement (`Some` for request fields), example,
/// limits and, for response lists, the element each item arrives in.
pub fn field(field: &Field, required: Option<bool>, list_item: Option<&str>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    if let Some(description) = &field.description {
        lines.extend(description.lines().map(str::to_owned));
    }
    let mut facts = Vec::new();
    if field.wire_name != field.name.text {
        facts.push(format!("Wire name `{}`.", field.wire_name));
    }
    if let Some(required) = required {
        facts.push(if required { "Required." } else { "Optional." }.to_owned());
    }
    facts.push(format!("Documented type `{}`.", field.documented_type));
    if let Some(example) = &field.example {
        facts.push(format!("Example: {}.", code(example)));
    }
    if let Some(example) = &field.mismatched_example {
        facts.push(format!(
            "The page's example {} is not a value of this type (kept as text, never used).",
            code(example)
        ));
    }
    let c = &field.limits;
    let list = matches!(field.ty, FieldType::List(_));
    if let Some(max) = c.max_length {
        facts.push(match field.ty {
            FieldType::Integer => format!("At most {max} digits."),
            FieldType::File => format!("At most {max} bytes."),
            FieldType::List(_) => format!("Max length of each item: {max}."),
            _ => format!("Max length: {max}."),
        });
    }
    if let Some(max) = c.max_list_length {
        facts.push(format!("Max list length: {max}."));
    }
    let each = if list { " of each item" } else { "" };
    if let Some(min) = c.min {
        facts.push(format!("Min value{each}: {min}."));
    }
    if let Some(max) = c.max {
        facts.push(format!("Max value{each}: {max}."));
    }
    if let Some(default) = &c.default {
        facts.push(format!("Default: {}.", code(default)));
    }
    if let Some(item) = list_item {
        facts.push(format!(
            "Each item arrives wrapped as {}.",
            code(&format!("<{item}>"))
        ));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(facts.join(" "));
    outer(&lines)
}
