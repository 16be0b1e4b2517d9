//! Writes a spec in the one layout `spec/` uses, so a re-import diffs cleanly. The field
//! order follows spec/README.md; examples are always quoted; long texts are block scalars.
//!
//! Page text is data: anything a block or plain scalar cannot carry exactly (control
//! characters, CR, tabs, NEL, the line and paragraph separators, a BOM, whitespace-only
//! lines) goes into a double-quoted scalar that escapes every such character, and
//! `import` reads the result back and compares it with what was meant.

use crate::spec::{Constraints, EnumSpec, ErrorSpec, Field, Spec};

pub fn write(spec: &Spec) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Imported by `cargo xtask import` from spec/pages/{}.txt. Format: spec/README.md.\n",
        spec.method
    ));
    scalar(&mut out, 0, "method", &spec.method);
    scalar(&mut out, 0, "title", &spec.title);
    scalar(&mut out, 0, "description", &spec.description);
    if let Some(category) = &spec.category {
        scalar(&mut out, 0, "category", category);
    }
    out.push_str(&format!("needs_session: {}\n", spec.needs_session));
    if let Some(key) = &spec.idempotency_key {
        scalar(&mut out, 0, "idempotency_key", key);
    }
    if spec.read_only {
        out.push_str("read_only: true\n");
    }
    if spec.request.is_empty() {
        out.push_str("request: []\n");
    } else {
        out.push_str("request:\n");
        fields(&mut out, 2, &spec.request);
    }
    out.push_str("response:\n");
    scalar(&mut out, 2, "root", &spec.response.root);
    if spec.response.fields.is_empty() {
        out.push_str("  fields: []\n");
    } else {
        out.push_str("  fields:\n");
        fields(&mut out, 4, &spec.response.fields);
    }
    let e = &spec.examples;
    out.push_str("examples:\n");
    block(&mut out, 2, "request_java", &e.request_java);
    block(&mut out, 2, "response_xml", &e.response_xml);
    out.push_str("  response_json:\n");
    scalar(&mut out, 4, "derived_from", &e.response_json.derived_from);
    block(&mut out, 4, "text", &e.response_json.text);
    block(&mut out, 2, "error_xml", &e.error_xml);
    out.push_str("  error_json:\n");
    scalar(&mut out, 4, "derived_from", &e.error_json.derived_from);
    block(&mut out, 4, "text", &e.error_json.text);
    if !spec.errors.is_empty() {
        out.push_str("errors:\n");
        errors(&mut out, 2, &spec.errors);
    }
    out
}

fn errors(out: &mut String, depth: usize, rows: &[ErrorSpec]) {
    for row in rows {
        out.push_str(&format!(
            "{}- code: {}\n",
            pad(depth),
            yaml_quote(&row.code)
        ));
        if let Some(description) = &row.description {
            scalar(out, depth + 2, "description", description);
        }
        if let Some(solution) = &row.solution {
            scalar(out, depth + 2, "solution", solution);
        }
    }
}

fn pad(depth: usize) -> String {
    " ".repeat(depth)
}

/// Request and response fields alike, keys in the order of spec/README.md; the keys one side
/// never has are absent from its fields.
fn fields(out: &mut String, depth: usize, fields: &[Field]) {
    for field in fields {
        let inner = depth + 2;
        out.push_str(&format!(
            "{}- name: {}\n",
            pad(depth),
            plain_or_quoted(&field.name)
        ));
        scalar(out, inner, "type", &field.ty);
        if let Some(required) = field.required {
            out.push_str(&format!("{}required: {required}\n", pad(inner)));
        }
        if let Some(example) = &field.example {
            quoted(out, inner, "example", example);
        }
        if let Some(example) = &field.mismatched_example {
            quoted(out, inner, "mismatched_example", example);
        }
        if let Some(description) = &field.description {
            scalar(out, inner, "description", description);
        }
        if let Some(c) = &field.constraints {
            constraints(out, inner, c);
        }
        if let Some(item) = &field.xml_item {
            scalar(out, inner, "xml_item", item);
        }
        if let Some(e) = &field.enumeration {
            enumeration(out, inner, e);
        }
        if let Some(children) = &field.fields {
            out.push_str(&format!("{}fields:\n", pad(inner)));
            self::fields(out, inner + 2, children);
        }
    }
}

fn constraints(out: &mut String, depth: usize, c: &Constraints) {
    out.push_str(&format!("{}constraints:\n", pad(depth)));
    let inner = pad(depth + 2);
    for (key, value) in [
        ("max_length", c.max_length.map(|v| v.to_string())),
        ("max_list_length", c.max_list_length.map(|v| v.to_string())),
        ("min", c.min.map(|v| v.to_string())),
        ("max", c.max.map(|v| v.to_string())),
    ] {
        if let Some(value) = value {
            out.push_str(&format!("{inner}{key}: {value}\n"));
        }
    }
    if let Some(default) = &c.default {
        quoted(out, depth + 2, "default", default);
    }
}

fn enumeration(out: &mut String, depth: usize, e: &EnumSpec) {
    out.push_str(&format!("{}enum:\n", pad(depth)));
    if let Some(name) = &e.name {
        scalar(out, depth + 2, "name", name);
    }
    out.push_str(&format!("{}values:\n", pad(depth + 2)));
    for value in &e.values {
        out.push_str(&format!(
            "{}- value: {}\n",
            pad(depth + 4),
            yaml_quote(&value.value)
        ));
        if let Some(variant) = &value.variant {
            scalar(out, depth + 6, "variant", variant);
        }
        scalar(out, depth + 6, "label", &value.label);
    }
}

/// A YAML double-quoted scalar: `"` and `\\` escaped, and every character outside YAML's
/// printable set or special to line breaking (`\t`, `\r`, `\n`, NEL, U+2028/2029, BOM, DEL,
/// C0/C1 controls) written as an escape.
pub(crate) fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters no plain or block scalar of ours may hold (they are escaped when quoted).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A literal block keeps exactly lines of printable text; anything else is quoted.
fn block_safe(text: &str) -> bool {
    !text.chars().any(|c| c != '\n' && needs_escape(c))
        && !text
            .split('\n')
            .any(|line| !line.is_empty() && line.trim_matches(' ').is_empty())
        && !text.starts_with('\n')
}

fn quoted(out: &mut String, depth: usize, key: &str, value: &str) {
    out.push_str(&format!("{}{key}: {}\n", pad(depth), yaml_quote(value)));
}

/// `key: value`, as a block scalar when the value has several lines.
fn scalar(out: &mut String, depth: usize, key: &str, value: &str) {
    if value.contains('\n') {
        block(out, depth, key, value);
    } else {
        out.push_str(&format!(
            "{}{key}: {}\n",
            pad(depth),
            plain_or_quoted(value)
        ));
    }
}

/// A literal block (`|`), keeping every line and the final newline as they are; a quoted
/// scalar when a block could not hold the text exactly.
fn block(out: &mut String, depth: usize, key: &str, text: &str) {
    if !block_safe(text) {
        quoted(out, depth, key, text);
        return;
    }
    let chomp = if text.ends_with("\n\n") {
        "+"
    } else if text.ends_with('\n') {
        ""
    } else {
        "-"
    };
    let first_indented = text.starts_with([' ', '\t']);
    let indicator = if first_indented { "2" } else { "" };
    out.push_str(&format!("{}{key}: |{indicator}{chomp}\n", pad(depth)));
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&pad(depth + 2));
            out.push_str(line);
            out.push('\n');
        }
    }
}

/// Plain when YAML reads it back as the same string, double-quoted otherwise.
fn plain_or_quoted(text: &str) -> String {
    let special_start = text.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ', '\t',
    ]);
    let reserved = matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    );
    let numeric = text.parse::<f64>().is_ok() || text.starts_with("0x") || text.starts_with("0o");
    let plain = !text.is_empty()
        && !special_start
        && !reserved
        && !numeric
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains(['\n', '\t', '\r'])
        && !text.chars().any(needs_escape);
    if plain {
        text.to_owned()
    } else {
        yaml_quote(text)
    }
}
