//! The JSON example derived from the XML one, in TOP's JSON conventions: the same tree,
//! numbers and booleans typed by the documented type, strings quoted, empty elements
//! omitted, lists wrapped in their item name. Written by hand to keep the element order.

use super::xml::Node;
use crate::spec::Field;

/// `{ "<root>": { ... } }`, pretty-printed with two spaces, ending in a newline.
pub fn derive(root: &Node, fields: &[Field]) -> String {
    let mut out = String::new();
    out.push_str("{\n");
    indent(&mut out, 1);
    out.push_str(&quote(&root.name));
    out.push_str(": ");
    object(&mut out, root, fields, 1);
    out.push_str("\n}\n");
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// The members of an element: its non-empty children.
fn object(out: &mut String, element: &Node, fields: &[Field], depth: usize) {
    let members: Vec<(&Node, Option<&Field>)> = element
        .children
        .iter()
        .filter(|child| !(child.is_leaf() && child.text.is_empty()))
        .map(|child| (child, fields.iter().find(|f| f.name == child.name)))
        .collect();
    if members.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{\n");
    for (index, (child, field)) in members.iter().enumerate() {
        indent(out, depth + 1);
        out.push_str(&quote(&child.name));
        out.push_str(": ");
        value(out, child, *field, depth + 1);
        if index + 1 < members.len() {
            out.push(',');
        }
        out.push('\n');
    }
    indent(out, depth);
    out.push('}');
}

fn value(out: &mut String, element: &Node, field: Option<&Field>, depth: usize) {
    let children: &[Field] = field.and_then(|f| f.fields.as_deref()).unwrap_or_default();
    let ty = field.map(|f| f.ty.trim()).unwrap_or("String");
    if ty.ends_with("[]") {
        // `<items><item_name>..</item_name>..</items>` → `{"item_name": [..]}`.
        let item_name = element
            .children
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let item_type = ty.trim_end_matches("[]").trim();
        out.push_str("{\n");
        indent(out, depth + 1);
        out.push_str(&quote(&item_name));
        out.push_str(": [\n");
        let items: Vec<&Node> = element
            .children
            .iter()
            .filter(|c| c.name == item_name)
            .collect();
        for (index, item) in items.iter().enumerate() {
            indent(out, depth + 2);
            if item.is_leaf() {
                out.push_str(&scalar(&item.text, item_type));
            } else {
                object(out, item, children, depth + 2);
            }
            if index + 1 < items.len() {
                out.push(',');
            }
            out.push('\n');
        }
        indent(out, depth + 1);
        out.push_str("]\n");
        indent(out, depth);
        out.push('}');
    } else if element.is_leaf() && children.is_empty() {
        out.push_str(&scalar(&element.text, ty));
    } else {
        object(out, element, children, depth);
    }
}

/// A leaf's text as the documented type writes it in JSON.
fn scalar(text: &str, ty: &str) -> String {
    match (ty, text.trim().parse::<i64>()) {
        // Written from the parsed value: `007` or `+5` are integers, not JSON numbers.
        ("Number", Ok(number)) => number.to_string(),
        _ => scalar_text(text, ty),
    }
}

fn scalar_text(text: &str, ty: &str) -> String {
    match ty {
        "Boolean" if matches!(text.trim(), "true" | "false") => text.trim().to_owned(),
        _ => quote(text),
    }
}
