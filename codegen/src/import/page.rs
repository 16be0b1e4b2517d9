//! The page's text cut into its parts: heading, tables, samples. Rows keep their line
//! numbers; deciding what their tokens mean is `build`'s job, with the evidence.

use super::ImportError;

/// One line of a parameter table: a top-level row, or a nested row given as bullets.
#[derive(Clone, Debug)]
pub struct Row {
    pub line: usize,
    pub name: String,
    pub ty: String,
    /// A bullet row (`• └ name` / `• name`) rather than a top-level one.
    pub nested: bool,
    /// Request rows: `必须` / `可选`.
    pub required: Option<bool>,
    /// The tokens after type (and requiredness): example and/or description, to be told
    /// apart by evidence. A top-level row's remainder is one entry (it may hold spaces).
    pub trailing: Vec<(usize, String)>,
    /// 更多限制 bullets: (kind, value, line).
    pub constraints: Vec<(String, String, usize)>,
    /// The row's one trailing text is known to be its description: it came after an inline
    /// constraint, with nothing before it.
    pub description_only: bool,
}

/// A documentation page, cut up.
#[derive(Clone, Debug)]
pub struct Page {
    pub method: String,
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub request_rows: Vec<Row>,
    pub response_rows: Vec<Row>,
    /// (first line, text) of each sample.
    pub java: (usize, String),
    pub response_xml: (usize, String),
    pub error_xml: (usize, String),
}

const CONSTRAINT_KINDS: [&str; 5] = ["最大长度", "最大列表长度", "默认值", "最小值", "最大值"];

/// Lines as (1-based number, text without trailing whitespace).
type Lines<'a> = Vec<(usize, &'a str)>;

impl Page {
    pub fn parse(text: &str) -> Result<Page, ImportError> {
        let lines: Lines = text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.trim_end()))
            .collect();
        let find = |marker: &str, from: usize| -> Result<usize, ImportError> {
            lines
                .get(from..)
                .unwrap_or_default()
                .iter()
                .position(|(_, line)| line.trim() == marker)
                .map(|i| i + from)
                .ok_or_else(|| {
                    ImportError::page(format!("no `{marker}` section: is this a TOP API page?"))
                })
        };
        let (heading_at, method, title) = heading(&lines)?;
        let category = lines
            .get(..heading_at)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|(_, line)| line.contains(" > "))
            .and_then(|(_, line)| line.rsplit(" > ").next())
            .map(|c| c.trim().to_owned());
        let common = find("公共参数", heading_at)?;
        let description = lines
            .get(heading_at + 1..common)
            .unwrap_or_default()
            .iter()
            .map(|(_, l)| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let request_at = find("请求参数", common)?;
        let response_at = find("响应参数", request_at)?;
        let sample_at = find("请求示例", response_at)?;
        let response_example_at = find("响应示例", sample_at)?;
        let error_example_at = find("异常示例", response_example_at)?;
        let end = find("错误码解释", error_example_at).unwrap_or(lines.len());
        Ok(Page {
            method,
            title,
            description,
            category,
            request_rows: rows(section(&lines, request_at + 1..response_at), true)?,
            response_rows: rows(section(&lines, response_at + 1..sample_at), false)?,
            java: java_sample(section(&lines, sample_at + 1..response_example_at))?,
            response_xml: xml_block(
                section(&lines, response_example_at + 1..error_example_at),
                "响应示例",
            )?,
            error_xml: xml_block(section(&lines, error_example_at + 1..end), "异常示例")?,
        })
    }
}

/// The lines of a section; the markers are found in order, so the range is never reversed,
/// and an empty one is as good as any if it were.
fn section<'l, 'a>(lines: &'l Lines<'a>, range: std::ops::Range<usize>) -> &'l [(usize, &'a str)] {
    lines.get(range).unwrap_or_default()
}

/// `alibaba.pos.order.pay (pos线下交易支付接口)`: the first line that is a method and a title.
fn heading(lines: &Lines) -> Result<(usize, String, String), ImportError> {
    for (index, (_, line)) in lines.iter().enumerate() {
        let line = line.trim();
        let Some((method, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim();
        let title = rest
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .or_else(|| rest.strip_prefix('（').and_then(|r| r.strip_suffix('）')));
        let is_method = method.contains('.')
            && method.split('.').all(|s| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            });
        if let (true, Some(title)) = (is_method, title) {
            return Ok((index, method.to_owned(), title.trim().to_owned()));
        }
    }
    Err(ImportError::page(
        "no heading of the form `method.name (title)`: is this a TOP API page?",
    ))
}

fn bullet(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix('•').map(str::trim)
}

fn constraint(text: &str) -> Option<(String, String)> {
    let (kind, value) = text.split_once([':', '：'])?;
    CONSTRAINT_KINDS
        .contains(&kind.trim())
        .then(|| (kind.trim().to_owned(), value.trim().to_owned()))
}

fn is_type(text: &str) -> bool {
    crate::types::TypeRef::parse(text).is_some()
}

fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The rows of one parameter table (the lines after its heading).
fn rows(lines: &[(usize, &str)], request: bool) -> Result<Vec<Row>, ImportError> {
    let mut rows: Vec<Row> = Vec::new();
    let bullets: Vec<(usize, &str, Option<&str>)> =
        lines.iter().map(|(n, l)| (*n, *l, bullet(l))).collect();
    let mut index = 0;
    while index < bullets.len() {
        let (number, line, as_bullet) = bullets[index];
        index += 1;
        let text = line.trim();
        if text.is_empty() || text.starts_with("名称") {
            continue;
        }
        match as_bullet {
            None => match top_level_row(number, text, request) {
                Ok(row) => rows.push(row),
                // A description continued on its own line.
                Err(error) => match rows.last_mut().and_then(|row| row.trailing.last_mut()) {
                    Some((_, description)) => {
                        description.push('\n');
                        description.push_str(text);
                    }
                    None => return Err(error),
                },
            },
            Some(first) => {
                // A nested row: its name bullet, its type bullet, then the rest up to the
                // next row's name bullet.
                let name = first.strip_prefix('└').map(str::trim);
                let opens = name.is_none();
                let name = name.unwrap_or(first);
                if !is_identifier(name) {
                    if let Some(row) = rows.last_mut()
                        && let Some((kind, value)) = constraint(first)
                    {
                        row.constraints.push((kind, value, number));
                        continue;
                    }
                    if let Some(row) = rows.last_mut() {
                        row.trailing.push((number, first.to_owned()));
                        continue;
                    }
                    return Err(ImportError::at(
                        number,
                        format!("cannot read `{first}` as a parameter row"),
                    ));
                }
                let Some((type_line, _, Some(ty))) = bullets.get(index).copied() else {
                    return Err(ImportError::at(
                        number,
                        format!("row `{name}` has no type bullet"),
                    ));
                };
                if !is_type(ty) {
                    if opens && let Some(row) = rows.last_mut() {
                        // Not a row after all: a trailing token of the previous row.
                        row.trailing.push((number, first.to_owned()));
                        continue;
                    }
                    return Err(ImportError::at(
                        type_line,
                        format!("`{ty}` is not a type (row `{name}`)"),
                    ));
                }
                index += 1;
                let mut row = Row {
                    line: number,
                    name: name.to_owned(),
                    ty: ty.to_owned(),
                    nested: true,
                    required: None,
                    trailing: Vec::new(),
                    constraints: Vec::new(),
                    description_only: false,
                };
                if request {
                    match bullets.get(index).and_then(|b| b.2) {
                        Some("必须") => row.required = Some(true),
                        Some("可选") => row.required = Some(false),
                        _ => {
                            return Err(ImportError::at(
                                number,
                                format!("row `{name}` says neither 必须 nor 可选"),
                            ));
                        }
                    }
                    index += 1;
                }
                while let Some((n, _, Some(text))) = bullets.get(index).copied() {
                    let next_is_row = text.starts_with('└')
                        || (is_identifier(text)
                            && bullets
                                .get(index + 1)
                                .and_then(|b| b.2)
                                .is_some_and(is_type));
                    if next_is_row {
                        break;
                    }
                    match constraint(text) {
                        Some((kind, value)) => row.constraints.push((kind, value, n)),
                        None => row.trailing.push((n, text.to_owned())),
                    }
                    index += 1;
                }
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

/// `name Type [必须|可选] rest`, where `Type` may be `String []` and `rest` holds the example
/// and the description (told apart later).
fn top_level_row(number: usize, text: &str, request: bool) -> Result<Row, ImportError> {
    let mut tokens = text.split_whitespace().peekable();
    let name = tokens.next().unwrap_or_default();
    let mut ty = tokens
        .next()
        .ok_or_else(|| ImportError::at(number, format!("row `{name}` has no type")))?
        .to_owned();
    if tokens.peek() == Some(&"[]") {
        tokens.next();
        ty.push_str(" []");
    }
    if !is_identifier(name) || !is_type(&ty) {
        return Err(ImportError::at(
            number,
            format!("cannot read `{text}` as `name Type ...`"),
        ));
    }
    let required = if request {
        match tokens.next() {
            Some("必须") => Some(true),
            Some("可选") => Some(false),
            _ => {
                return Err(ImportError::at(
                    number,
                    format!("row `{name}` says neither 必须 nor 可选"),
                ));
            }
        }
    } else {
        None
    };
    // Constraints written inline (`张三 最大长度:64 操作员姓名`): taken out, and where they
    // stand is evidence: the words before them are the example, those after the description.
    let mut before: Vec<&str> = Vec::new();
    let mut after: Vec<&str> = Vec::new();
    let mut constraints = Vec::new();
    for token in tokens {
        match constraint(token) {
            Some((kind, value)) if !value.is_empty() => constraints.push((kind, value, number)),
            _ if constraints.is_empty() => before.push(token),
            _ => after.push(token),
        }
    }
    let description_only = !constraints.is_empty() && before.is_empty() && !after.is_empty();
    let trailing = [before.join(" "), after.join(" ")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .map(|part| (number, part))
        .collect();
    Ok(Row {
        line: number,
        name: name.to_owned(),
        ty,
        nested: false,
        required,
        trailing,
        constraints,
        description_only,
    })
}

/// Removes the indentation all lines share (pages are often indented after a constraint).
fn dedent(lines: &[(usize, &str)]) -> String {
    let indent = lines
        .iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(_, l)| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for (_, line) in lines {
        out.push_str(line.get(indent..).unwrap_or(""));
        out.push('\n');
    }
    out
}

/// The Java sample: from `TaobaoClient client` to the `getBody()` line.
fn java_sample(lines: &[(usize, &str)]) -> Result<(usize, String), ImportError> {
    let start = lines
        .iter()
        .position(|(_, l)| l.contains("TaobaoClient") || l.contains("Request req = new"))
        .ok_or_else(|| ImportError::page("no Java sample under 请求示例"))?;
    let block = lines.get(start..).unwrap_or_default();
    let end = block
        .iter()
        .position(|(_, l)| l.contains("getBody()"))
        .unwrap_or(block.len().saturating_sub(1));
    let first_line = block.first().map_or(0, |(number, _)| *number);
    Ok((first_line, dedent(block.get(..=end).unwrap_or(block))))
}

/// An XML example: from its first tag line to its last.
fn xml_block(lines: &[(usize, &str)], section: &str) -> Result<(usize, String), ImportError> {
    let start = lines
        .iter()
        .position(|(_, l)| l.trim_start().starts_with('<'))
        .ok_or_else(|| ImportError::page(format!("no XML example under {section}")))?;
    // The last tag line at or after the first one: a stray `>` line above the example
    // (`注意: a > b`) must not end it before it starts.
    let block = lines.get(start..).unwrap_or_default();
    let end = block
        .iter()
        .rposition(|(_, l)| l.trim_end().ends_with('>'))
        .unwrap_or(0);
    let first_line = block.first().map_or(0, |(number, _)| *number);
    Ok((first_line, dedent(block.get(..=end).unwrap_or(block))))
}
