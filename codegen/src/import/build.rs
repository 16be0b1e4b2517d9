//! From a cut-up page and its evidence to a spec: which row nests where, which trailing
//! token is an example and which a description, enums, session, idempotency key.

use super::ImportError;
use super::java::JavaSample;
use super::page::{Page, Row};
use super::xml::{self, Node};
use super::{enums, json};
use crate::spec::{
    Constraints, DerivedExample, EnumSpec, EnumValueSpec, Examples, Field, Response, Spec,
};
use crate::types::TypeRef;

/// The page line of each row, by `request <dotted wire path>` / `response <dotted wire path>`.
pub type RowLines = std::collections::BTreeMap<String, usize>;

/// The spec, what was kept from the existing one, and the line of each row.
pub fn build(
    page: &Page,
    existing: Option<&Spec>,
) -> Result<(Spec, Vec<String>, RowLines), ImportError> {
    let java = JavaSample::parse(&page.java.1);
    let response_xml = xml::parse(&page.response_xml.1, page.response_xml.0)?;
    let error_xml = xml::parse(&page.error_xml.1, page.error_xml.0)?;
    if error_xml.name != "error_response" {
        return Err(ImportError::at(
            page.error_xml.0,
            format!(
                "the error example's root is `{}`, not `error_response`",
                error_xml.name
            ),
        ));
    }
    let expected_root = crate::names::expected_response_root(&page.method);
    if response_xml.name != expected_root {
        return Err(ImportError::at(
            page.response_xml.0,
            format!(
                "the XML example's root `{}` does not match the method: expected `{expected_root}`",
                response_xml.name
            ),
        ));
    }

    let mut lines = RowLines::new();
    let mut request = request_fields(page, &java, &mut lines)?;
    let mut response = response_fields(page, &response_xml, &mut lines)?;
    let mut kept = Vec::new();
    let old_request = existing.map(|s| s.request.as_slice()).unwrap_or_default();
    let old_response = existing
        .map(|s| s.response.fields.as_slice())
        .unwrap_or_default();
    add_enums(&mut request, old_request, "request ", &mut kept);
    add_enums(&mut response, old_response, "response ", &mut kept);

    let response_json = json::derive(&response_xml, &response);
    let error_fields = error_fields();
    let error_json = json::derive(&error_xml, &error_fields);
    let spec = Spec {
        method: page.method.clone(),
        title: page.title.clone(),
        description: page.description.clone(),
        category: page.category.clone(),
        needs_session: java.needs_session,
        idempotency_key: idempotency_key(&request, "")?,
        // A re-import keeps what the spec says (an engineer may have set it by hand).
        read_only: existing.map_or_else(|| reads_only(&page.method), |s| s.read_only),
        request,
        response: Response {
            root: response_xml.name.clone(),
            fields: response,
        },
        examples: Examples {
            request_java: page.java.1.clone(),
            response_xml: page.response_xml.1.clone(),
            response_json: DerivedExample {
                derived_from: "response_xml".to_owned(),
                text: response_json,
            },
            error_xml: page.error_xml.1.clone(),
            error_json: DerivedExample {
                derived_from: "error_xml".to_owned(),
                text: error_json,
            },
        },
        errors: Vec::new(),
    };
    Ok((spec, kept, lines))
}

fn is_object(ty: &str) -> bool {
    TypeRef::parse(ty).is_some_and(|t| t.object_name().is_some())
}

/// An object row's trailing tokens. Object rows carry no example (GUIDE §6): a lone text is
/// the description, whatever word it starts with (`Result of the query`, `POS 汇总信息`).
/// The one exception is the placeholder some pages put in the example column of an object
/// row, derived from the field's name (`result PosResult result result`,
/// `qingchengPaymentResult_result 返回结果`): a first word that is an identifier containing the
/// field's name, followed by one more word, is that placeholder and is left out.
fn object_description(name: &str, trailing: &[(usize, String)], nested: bool) -> Option<String> {
    if nested || trailing.len() > 1 {
        return trailing.last().map(|(_, t)| t.clone());
    }
    let rest = trailing.first().map(|(_, t)| t.as_str())?;
    match rest.split_once(' ') {
        Some((first, last))
            if first.contains(name)
                && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !last.trim().is_empty()
                && !last.trim().contains(char::is_whitespace) =>
        {
            Some(last.trim().to_owned())
        }
        _ => Some(rest.to_owned()),
    }
}

/// `{ "a": 1 } 描述` → (`{ "a": 1 }`, `描述`): a JSON value at the start of a text, and what
/// follows it, when a complete JSON object or array starts the text.
fn json_prefix(text: &str) -> Option<(&str, &str)> {
    if !text.starts_with(['{', '[']) {
        return None;
    }
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    values.next()?.ok()?;
    let end = values.byte_offset();
    let (json, rest) = (text.get(..end)?, text.get(end..)?);
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some((json, rest.trim()))
}

/// Whether two texts are the same JSON value.
fn same_json(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// An example and a description.
type Texts = (Option<String>, Option<String>);

/// A `Json` row's text: the JSON value it starts with is the example (the Java sample's text
/// when it sets an equal value: that is what is sent), the rest the description.
fn json_texts(
    row: &Row,
    rest: &str,
    java_value: Option<String>,
) -> Option<Result<Texts, ImportError>> {
    let (json, description) = json_prefix(rest)?;
    let description = (!description.is_empty()).then(|| description.to_owned());
    Some(match java_value {
        Some(value) if same_json(&value, json) => Ok((Some(value), description)),
        Some(value) => Err(ImportError::at(
            row.line,
            format!(
                "the example `{json}` of `{}` contradicts the Java sample's `{value}`",
                row.name
            ),
        )),
        None => Ok((Some(json.to_owned()), description)),
    })
}

/// Without a Java value, where a row's example ends: a `Date` example is its first 19
/// characters when they are one; otherwise, for a `Number`, `Boolean` or `Date`, or a list
/// of `Number` or `Boolean` (`501,502 打印机ID列表`, when a broken sample sets the list with
/// an array literal the sample parser cannot read), a first word of ASCII followed by a
/// description that starts with another script (`30 年龄`, `unfroze 冻结类型`: the example
/// may then contradict its type, which is reported).
fn split_without_evidence(ty: &str, rest: &str) -> Option<(String, String)> {
    if ty == "Date"
        && let (Some(date), Some(description)) = (rest.get(..19), rest.get(19..))
        && crate::values::date_problem(date).is_none()
        && description.starts_with(' ')
    {
        return Some((date.to_owned(), description.trim().to_owned()));
    }
    let compact: String = ty.split_whitespace().collect();
    if !matches!(
        compact.as_str(),
        "Number" | "Boolean" | "Date" | "Number[]" | "Boolean[]"
    ) {
        return None;
    }
    let (first, description) = rest.split_once(' ')?;
    let description = description.trim();
    (first.is_ascii() && description.starts_with(|c: char| !c.is_ascii()))
        .then(|| (first.to_owned(), description.to_owned()))
}

fn constraints(row: &Row) -> Result<Option<Constraints>, ImportError> {
    if row.constraints.is_empty() {
        return Ok(None);
    }
    let mut c = Constraints::default();
    for (kind, value, line) in &row.constraints {
        let number = || {
            value.trim().parse::<i64>().map_err(|_| {
                ImportError::at(
                    *line,
                    format!("{kind} `{value}` of `{}` is not a number", row.name),
                )
            })
        };
        let length = || {
            let value = number()?;
            u64::try_from(value).map_err(|_| {
                ImportError::at(
                    *line,
                    format!("{kind} `{value}` of `{}` is negative", row.name),
                )
            })
        };
        match kind.as_str() {
            "最大长度" => c.max_length = Some(length()?),
            "最大列表长度" => c.max_list_length = Some(length()?),
            "最小值" => c.min = Some(number()?),
            "最大值" => c.max = Some(number()?),
            _ => c.default = Some(value.clone()),
        }
    }
    Ok(Some(c))
}

/// A request row's example and description, by the Java sample's evidence.
fn request_texts(
    row: &Row,
    java_value: Option<String>,
) -> Result<(Option<String>, Option<String>), ImportError> {
    if is_object(&row.ty) {
        return Ok((
            None,
            object_description(&row.name, &row.trailing, row.nested),
        ));
    }
    let tokens: Vec<&str> = row.trailing.iter().map(|(_, t)| t.as_str()).collect();
    if row.nested {
        return by_evidence(row, &tokens, java_value);
    }
    let Some(rest) = tokens.first().copied() else {
        return Ok((java_value, None));
    };
    if row.description_only {
        return Ok((java_value, Some(rest.to_owned())));
    }
    // `示例:{}`: some pages label the example.
    let rest = rest
        .strip_prefix("示例:")
        .or_else(|| rest.strip_prefix("示例："))
        .map_or(rest, str::trim_start);
    if tokens.len() == 1
        && row.ty == "Json"
        && let Some(texts) = json_texts(row, rest, java_value.clone())
    {
        return texts;
    }
    if TypeRef::parse(&row.ty) == Some(TypeRef::File) && tokens.len() == 1 {
        // A file's example is a placeholder (`文件内容`, `null`): the first word, if any more follow.
        return Ok(match rest.split_once(' ') {
            Some((placeholder, description)) => (
                Some(placeholder.to_owned()),
                Some(description.trim().to_owned()),
            ),
            None => (None, Some(rest.to_owned())),
        });
    }
    if let [inline, .., description] = tokens.as_slice() {
        // Constraint bullets moved the description to the last bullet: the inline rest is
        // the example.
        if let Some(value) = &java_value
            && value != inline
        {
            return Err(ImportError::at(
                row.line,
                format!(
                    "the example `{inline}` of `{}` contradicts the Java sample's `{value}`",
                    row.name
                ),
            ));
        }
        return Ok((Some((*inline).to_owned()), Some((*description).to_owned())));
    }
    match &java_value {
        Some(value) if rest == value => Ok((java_value, None)),
        Some(value) if rest.starts_with(&format!("{value} ")) => Ok((
            java_value.clone(),
            Some(rest[value.len() + 1..].trim().to_owned()),
        )),
        Some(_) if !rest.contains(' ') => Ok((java_value, Some(rest.to_owned()))),
        Some(value) => Err(ImportError::at(
            row.line,
            format!(
                "cannot tell the example from the description in `{rest}`: the Java sample gives `{value}`"
            ),
        )),
        None if !rest.contains(' ') && row.ty == "Number" && rest.parse::<f64>().is_ok() => {
            Ok((Some(rest.to_owned()), None))
        }
        None if !rest.contains(' ') => Ok((None, Some(rest.to_owned()))),
        // Not an `if let` guard: those need Rust 1.95, above the MSRV (README, "MSRV").
        None => split_without_evidence(&row.ty, rest)
            .map(|(example, description)| (Some(example), Some(description)))
            .ok_or_else(|| {
                ImportError::at(
                    row.line,
                    format!(
                        "cannot tell the example from the description in `{rest}`: the Java sample does not set `{}`",
                        row.name
                    ),
                )
            }),
    }
}

/// A node of the tree being built: a field, its children, whether it is open for nested rows.
struct Draft {
    field: Field,
    children: Vec<usize>,
    /// The page line of the row.
    line: usize,
}

fn request_fields(
    page: &Page,
    java: &JavaSample,
    lines: &mut RowLines,
) -> Result<Vec<Field>, ImportError> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut roots = Vec::new();
    // Open objects, innermost last: (draft index, wire path, type name).
    let mut open: Vec<(usize, Vec<String>, String)> = Vec::new();
    for row in &page.request_rows {
        let parent = if row.nested {
            if open.is_empty() {
                return Err(ImportError::at(
                    row.line,
                    format!("nested row `{}` has no object row above it", row.name),
                ));
            }
            // The innermost open object the Java sample fills with this field, else the innermost.
            let chosen = open
                .iter()
                .rposition(|(_, _, ty)| java.fills(ty, &row.name))
                .unwrap_or(open.len() - 1);
            open.truncate(chosen + 1);
            open.last().cloned()
        } else {
            open.clear();
            None
        };
        let mut path = parent
            .as_ref()
            .map(|(_, p, _)| p.clone())
            .unwrap_or_default();
        path.push(row.name.clone());
        lines.insert(format!("request {}", path.join(".")), row.line);
        let (example, description) = request_texts(row, java.example(&path))?;
        let index = drafts.len();
        drafts.push(Draft {
            field: Field {
                required: Some(row.required.unwrap_or(false)),
                example,
                description,
                constraints: constraints(row)?,
                ..Field::new(&row.name, &row.ty)
            },
            children: Vec::new(),
            line: row.line,
        });
        match &parent {
            Some((parent_index, _, _)) => drafts[*parent_index].children.push(index),
            None => roots.push(index),
        }
        if let Some(name) = TypeRef::parse(&row.ty).and_then(|t| t.object_name().map(str::to_owned))
        {
            open.push((index, path, name));
        }
    }
    assemble(&mut drafts, &roots)
}

/// An open response object: its draft, its element in the XML example, and which of the
/// element's children rows have claimed.
struct Open<'x> {
    draft: usize,
    element: Option<&'x Node>,
    claimed: Vec<bool>,
}

/// Claims the first unclaimed child element named `name`: `None` when there is none,
/// `Some(None)` when the object has no element to look in.
fn claim<'x>(entry: &mut Open<'x>, name: &str) -> Option<Option<&'x Node>> {
    let element = entry.element?;
    let position = element
        .children
        .iter()
        .enumerate()
        .position(|(i, c)| c.name == name && !entry.claimed[i])?;
    entry.claimed[position] = true;
    Some(element.children.get(position))
}

/// Responses nest as the XML example does: each row goes to the innermost open object whose
/// element still has an unclaimed child of that name.
fn response_fields(
    page: &Page,
    root: &Node,
    lines: &mut RowLines,
) -> Result<Vec<Field>, ImportError> {
    let mut drafts: Vec<Draft> = Vec::new();
    // The dotted wire path of each draft.
    let mut paths: Vec<String> = Vec::new();
    let mut roots = Vec::new();
    let mut top = Open {
        draft: usize::MAX,
        element: Some(root),
        claimed: vec![false; root.children.len()],
    };
    let mut open: Vec<Open> = Vec::new();
    for row in &page.response_rows {
        let (parent, element) = if row.nested {
            let mut found = None;
            for depth in (0..open.len()).rev() {
                if let Some(element) = claim(&mut open[depth], &row.name) {
                    found = Some((depth, element));
                    break;
                }
            }
            match found {
                Some((depth, element)) => {
                    open.truncate(depth + 1);
                    (open.last().map(|o| o.draft), element)
                }
                None if open.is_empty() => {
                    return Err(ImportError::at(
                        row.line,
                        format!("nested row `{}` has no object row above it", row.name),
                    ));
                }
                // The XML example does not show it: no evidence, keep it where the table has it.
                None => (open.last().map(|o| o.draft), None),
            }
        } else {
            open.clear();
            (None, claim(&mut top, &row.name).flatten())
        };
        let (example, description) = if is_object(&row.ty) {
            (
                None,
                object_description(&row.name, &row.trailing, row.nested),
            )
        } else {
            response_texts(row, element)?
        };
        let index = drafts.len();
        let path = match parent.and_then(|p| paths.get(p)) {
            Some(above) => join(above, &row.name),
            None => row.name.clone(),
        };
        lines.insert(format!("response {path}"), row.line);
        paths.push(path);
        drafts.push(Draft {
            field: Field {
                example,
                description,
                ..Field::new(&row.name, &row.ty)
            },
            children: Vec::new(),
            line: row.line,
        });
        match parent {
            Some(parent) => drafts[parent].children.push(index),
            None => roots.push(index),
        }
        let parsed = TypeRef::parse(&row.ty);
        let element = match (&parsed, element) {
            // A list's rows describe one item: look inside the first item element.
            (Some(list_type @ TypeRef::List(_)), Some(list)) => {
                let first = list.children.first();
                if let (Some(first), Some(derived)) = (first, list_type.xml_item_element())
                    && first.name != derived
                {
                    drafts[index].field.xml_item = Some(first.name.clone());
                }
                first
            }
            (_, element) => element,
        };
        if is_object(&row.ty) {
            open.push(Open {
                draft: index,
                element,
                claimed: vec![false; element.map_or(0, |e| e.children.len())],
            });
        }
    }
    assemble(&mut drafts, &roots)
}

/// A response row's example and description, by the XML example's evidence.
fn response_texts(
    row: &Row,
    element: Option<&Node>,
) -> Result<(Option<String>, Option<String>), ImportError> {
    let is_list = TypeRef::parse(&row.ty).is_some_and(|t| t.is_list());
    // A list's values are its items' (`<codes><string>A001</string>..`), never the wrapper's
    // empty text: the table shows either all of them comma-joined or the first.
    let candidates: Vec<String> = match element {
        Some(list) if is_list && !list.children.is_empty() => {
            let items: Vec<&str> = list.children.iter().map(|c| c.text.as_str()).collect();
            let mut candidates = vec![items.join(",")];
            if items.len() > 1 {
                candidates.extend(items.first().map(|first| (*first).to_owned()));
            }
            candidates
        }
        Some(leaf) => vec![leaf.text.clone()],
        None => Vec::new(),
    };
    let candidates: Vec<String> = candidates.into_iter().filter(|t| !t.is_empty()).collect();
    let tokens: Vec<&str> = row.trailing.iter().map(|(_, t)| t.as_str()).collect();
    if !row.nested
        && let [rest] = tokens.as_slice()
    {
        // A top-level row's one line: the XML example shows where its example ends.
        for value in &candidates {
            if rest == value {
                return Ok((Some(value.clone()), None));
            }
            if let Some(description) = rest.strip_prefix(&format!("{value} ")) {
                return Ok((Some(value.clone()), Some(description.trim().to_owned())));
            }
        }
        if row.ty == "Json"
            && let Some((json, description)) = json_prefix(rest)
        {
            let description = (!description.is_empty()).then(|| description.to_owned());
            return Ok((Some(json.to_owned()), description));
        }
    }
    let shown = candidates.last().cloned();
    if let (true, [only]) = (is_list, tokens.as_slice())
        && candidates.iter().any(|c| c == only)
    {
        return Ok((Some((*only).to_owned()), None));
    }
    by_evidence(row, &tokens, shown)
}

/// A bullet row's trailing tokens, told apart by the value a sample shows for the field:
/// two tokens are example and description; a lone token equal to the shown value is the
/// example, otherwise the description (and the shown value the example).
fn by_evidence(
    row: &Row,
    tokens: &[&str],
    shown: Option<String>,
) -> Result<(Option<String>, Option<String>), ImportError> {
    Ok(match tokens {
        [] => (shown, None),
        [only] if shown.as_deref() == Some(*only) => (shown, None),
        [only] => (shown, Some((*only).to_owned())),
        [example, description] => (Some((*example).to_owned()), Some((*description).to_owned())),
        _ => {
            return Err(ImportError::at(
                row.line,
                format!(
                    "row `{}` has more bullets than an example and a description",
                    row.name
                ),
            ));
        }
    })
}

/// The fields of `error_response`, for its derived JSON.
fn error_fields() -> Vec<Field> {
    let field = Field::new;
    vec![
        field("code", "Number"),
        field("msg", "String"),
        field("sub_code", "String"),
        field("sub_msg", "String"),
        field("request_id", "String"),
    ]
}

/// The enum of a field whose description documents a closed set, with names kept from the
/// existing spec's field of the same path.
fn enum_for(
    path: &str,
    ty: &str,
    description: Option<&str>,
    old: Option<&EnumSpec>,
    kept: &mut Vec<String>,
) -> Option<EnumSpec> {
    if !matches!(ty, "Number" | "String") {
        return None;
    }
    let items = enums::detect(description?)?;
    if ty == "Number" && items.iter().any(|(value, _)| value.parse::<i64>().is_err()) {
        return None;
    }
    let mut kept_names = Vec::new();
    let values = items
        .into_iter()
        .map(|(value, label)| {
            let variant = old
                .and_then(|o| o.values.iter().find(|v| v.value == value))
                .and_then(|v| v.variant.clone());
            if let Some(variant) = &variant {
                kept_names.push(format!("{value}={variant}"));
            }
            EnumValueSpec {
                value,
                variant,
                label,
            }
        })
        .collect();
    let name = old.and_then(|o| o.name.clone());
    if let Some(name) = &name {
        kept.push(format!("{path}: enum name `{name}`"));
    }
    if !kept_names.is_empty() {
        kept.push(format!("{path}: variant names {}", kept_names.join(", ")));
    }
    Some(EnumSpec { name, values })
}

pub(super) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The last method segments that name a pure read in TOP's catalogue (`...pay.action.query`,
/// `...item.search`). Not `get`: TOP also uses it for taking something (a coupon), which a
/// retry must not repeat. An API the rule misses is marked `read_only: true` by hand.
const READ_VERBS: &[&str] = &["query", "search", "list", "count"];

/// Whether a method only reads, by its last segment ([`READ_VERBS`]).
fn reads_only(method: &str) -> bool {
    method
        .rsplit('.')
        .next()
        .is_some_and(|verb| READ_VERBS.contains(&verb.to_ascii_lowercase().as_str()))
}

/// The field the page calls the idempotency key (幂等), as a dotted path to a required
/// String or Number field through required objects; `None` when no such field says so, an
/// error when several do.
fn idempotency_key(fields: &[Field], prefix: &str) -> Result<Option<String>, ImportError> {
    let mut found: Vec<String> = Vec::new();
    collect_idempotency(fields, prefix, &mut found);
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => Err(ImportError::page(format!(
            "several fields say they are the idempotency key (幂等): {}",
            found.join(", ")
        ))),
    }
}

fn collect_idempotency(fields: &[Field], prefix: &str, found: &mut Vec<String>) {
    for field in fields {
        let path = join(prefix, &field.name);
        let says_so = field
            .description
            .as_deref()
            .is_some_and(|d| d.contains("幂等"));
        if says_so && field.is_required() && matches!(field.ty.as_str(), "String" | "Number") {
            found.push(path.clone());
        }
        // Only where the loader accepts a key (`lower::idempotency_field_of`): through
        // required objects, never into an optional object or a list's items, whose fields
        // a request may not carry at all.
        if field.is_required()
            && !field.ty.ends_with(']')
            && let Some(children) = &field.fields
        {
            collect_idempotency(children, &path, found);
        }
    }
}

/// The drafts, nested: object rows get their children as `fields`. An object row with no
/// rows under it is an error at its line: the page does not say what the object holds (or
/// the type is misspelled, `Strinhg` for `String`).
fn assemble(drafts: &mut Vec<Draft>, roots: &[usize]) -> Result<Vec<Field>, ImportError> {
    roots
        .iter()
        .map(|&index| {
            let children = std::mem::take(&mut drafts[index].children);
            let mut field = drafts[index].field.clone();
            if let Some(first) = roots
                .iter()
                .take_while(|&&other| other != index)
                .find(|&&other| drafts[other].field.name == field.name)
            {
                return Err(ImportError::at(
                    drafts[index].line,
                    format!(
                        "a second row `{}` at one level (the first is on line {}): the page \
                         lists a field twice",
                        field.name, drafts[*first].line
                    ),
                ));
            }
            if is_object(&field.ty) {
                if children.is_empty() {
                    return Err(ImportError::at(
                        drafts[index].line,
                        format!(
                            "`{}` has the object type `{}` but no rows nested under it: list \
                             its fields under it (or correct it, if it is a misspelled TOP type)",
                            field.name, field.ty
                        ),
                    ));
                }
                field.fields = Some(assemble(drafts, &children)?);
            }
            Ok(field)
        })
        .collect()
}

/// Enums for every field whose description documents a closed set, names kept from the
/// same field of the existing spec. `prefix` starts the reported path (`request `).
fn add_enums(fields: &mut [Field], old: &[Field], prefix: &str, kept: &mut Vec<String>) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        let previous = old.iter().find(|o| o.name == field.name);
        let enumeration = enum_for(
            &path,
            &field.ty,
            field.description.as_deref(),
            previous.and_then(|p| p.enumeration.as_ref()),
            kept,
        );
        field.enumeration = enumeration;
        if let Some(children) = field.fields.as_mut() {
            let old_children = previous
                .and_then(|p| p.fields.as_deref())
                .unwrap_or_default();
            add_enums(children, old_children, &format!("{path}."), kept);
        }
    }
}

/// The index in a spec path segment: `3` in `fields[3]` for `key` = `fields`.
pub(super) fn path_index(segment: &str, key: &str) -> Option<usize> {
    segment
        .strip_prefix(key)?
        .strip_prefix('[')?
        .split(']')
        .next()?
        .parse()
        .ok()
}

/// The page row a spec path points into (`request[1].fields[0].constraints`): its wire path
/// and its line, so a check of the loader that the imported spec fails is reported where the
/// user can fix it. The deepest row on the path that has a line.
pub(super) fn row_of(spec: &Spec, path: &str, lines: &RowLines) -> Option<(String, usize)> {
    let mut segments = path.split('.');
    let first = segments.next()?;
    let rest: Vec<&str> = segments.collect();
    let (side, names) = match path_index(first, "request") {
        Some(index) => {
            let field = spec.request.get(index)?;
            ("request", walk(field, &rest))
        }
        None if first == "response" => {
            let index = rest.first().and_then(|s| path_index(s, "fields"))?;
            let field = spec.response.fields.get(index)?;
            ("response", walk(field, rest.get(1..).unwrap_or_default()))
        }
        None => return None,
    };
    (1..=names.len()).rev().find_map(|depth| {
        let wire = names.get(..depth)?.join(".");
        let line = lines.get(&format!("{side} {wire}")).copied()?;
        Some((wire, line))
    })
}

/// The names from `field` down the `fields[i]` segments of a path.
fn walk<'a>(field: &'a Field, segments: &[&str]) -> Vec<&'a str> {
    let mut names = vec![field.name.as_str()];
    let mut children = field.fields.as_deref().unwrap_or_default();
    for segment in segments {
        let Some(child) = path_index(segment, "fields").and_then(|i| children.get(i)) else {
            break;
        };
        names.push(&child.name);
        children = child.fields.as_deref().unwrap_or_default();
    }
    names
}

#[cfg(test)]
mod tests {
    use super::{idempotency_key, reads_only};
    use crate::spec::Field;

    fn field(name: &str, ty: &str, required: bool, description: &str) -> Field {
        let mut field = Field::new(name, ty);
        field.required = Some(required);
        field.description = Some(description.to_owned());
        field
    }

    fn object(name: &str, ty: &str, required: bool, children: Vec<Field>) -> Field {
        let mut object = field(name, ty, required, "");
        object.fields = Some(children);
        object
    }

    #[test]
    fn the_idempotency_key_is_taken_only_through_required_objects() {
        let key = |fields: Vec<Field>| idempotency_key(&fields, "").unwrap();
        let id = || field("request_id", "String", true, "唯一幂等字段");
        assert_eq!(
            key(vec![object("order", "Order", true, vec![id()])]).as_deref(),
            Some("order.request_id")
        );
        // A request may leave out an optional object, or send no items: no key every
        // request carries (a fuzz input: the loader refused what the importer wrote).
        assert_eq!(key(vec![object("query", "Query", false, vec![id()])]), None);
        assert_eq!(
            key(vec![object("items", "Item []", true, vec![id()])]),
            None
        );
        assert_eq!(
            key(vec![field("request_id", "String", false, "幂等")]),
            None
        );
    }

    #[test]
    fn only_the_read_verbs_mark_a_method_read_only() {
        assert!(reads_only("alibaba.pos.pay.action.query"));
        assert!(reads_only("taobao.pos.refund.reason.list"));
        assert!(reads_only("taobao.items.Search"));
        // `get` also means taking something (a coupon): never assumed safe to repeat.
        assert!(!reads_only("taobao.pos.coupon.codes.get"));
        assert!(!reads_only("alibaba.pos.order.pay"));
        assert!(!reads_only("taobao.pos.query.stock.freeze"));
    }
}
