//! The table ("|") rendering of a page, turned into the plain rendering before the page
//! parser runs, so the rest of the importer sees one format.
//!
//! Some copies of TOP pages render the tables as `| 名称 | 类型 | 是否必须 | 示例值 | 描述 |`
//! rows (nested rows named `└ name`), the Java sample as one line behind its line numbers
//! (`1 2 3 TaobaoClient client = ...; PosXRequest req = ...; ...`), and the XML examples
//! with spaced tags (`< result >`, `</ result >`). This pass rewrites:
//! - a table row into the plain row (`name Type 必须 example description`) or, for a nested
//!   row, into its bullets (`  • └ name`, `  • Type`, ...); a 更多限制 cell becomes
//!   constraint bullets with the description after them, as plain pages have it; a row of the
//!   error table (`| 错误码 | 错误描述 | 解决方案 |`) into its cells joined by tabs;
//!   separator rows (`| --- |`) are dropped;
//! - a numbered one-line Java sample into its lines, split after each `; ` (the line count
//!   must match the numbers: otherwise the lines are not known and it is an error);
//! - spaced XML tags into plain ones.
//!
//! A page with none of these is left alone ([`normalize`] gives `None`), so plain pages are
//! read exactly as before. Every line written remembers the page line it came from, so the
//! importer's errors name lines of the page the user has.

use super::ImportError;

/// The page in the plain rendering, and for each of its lines the page line it came from.
#[derive(Debug)]
pub struct Normalized {
    pub text: String,
    origin: Vec<usize>,
}

impl Normalized {
    /// The page line a line of [`Normalized::text`] came from (both 1-based).
    pub fn page_line(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .copied()
            .unwrap_or(line)
    }
}

/// An error about the table rendering, named as such.
fn rendering_error(line: usize, problem: impl std::fmt::Display) -> ImportError {
    ImportError::at(
        line,
        format!("this page is in the table (\"|\") rendering, and {problem}"),
    )
}

/// What a table's columns are, from its header row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Type,
    Required,
    Example,
    Constraints,
    Description,
}

enum Table {
    Parameters(Vec<Column>),
    Errors,
}

/// The plain rendering of `text`, or `None` when it has nothing to rewrite.
pub fn normalize(text: &str) -> Result<Option<Normalized>, ImportError> {
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        origin: Vec::new(),
    };
    let mut changed = false;
    let mut table: Option<Table> = None;
    let mut in_java = false;
    let mut in_xml = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let mut push = |line: &str| {
            out.text.push_str(line);
            out.text.push('\n');
            out.origin.push(number);
        };
        let trimmed = line.trim();
        match trimmed {
            "请求示例" => (in_java, in_xml) = (true, false),
            "响应示例" | "异常示例" => (in_java, in_xml) = (false, true),
            "错误码解释" => (in_java, in_xml) = (false, false),
            _ => {}
        }
        if let Some(cells) = pipe_cells(trimmed) {
            changed = true;
            if cells.iter().all(|c| is_separator(c)) {
                continue;
            }
            if let Some(header) = header(number, &cells)? {
                table = Some(header);
                push(
                    &cells
                        .iter()
                        .map(|c| c.trim())
                        .filter(|c| !c.is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                continue;
            }
            match &table {
                Some(Table::Errors) => push(
                    &cells
                        .iter()
                        .map(|c| c.trim())
                        .collect::<Vec<_>>()
                        .join("\t"),
                ),
                Some(Table::Parameters(columns)) => {
                    for plain in parameter_row(number, columns, &cells)? {
                        push(&plain);
                    }
                }
                None => {
                    return Err(rendering_error(
                        number,
                        "this table row comes before any header row (`| 名称 | 类型 | ... |`)",
                    ));
                }
            }
            continue;
        }
        if in_java && let Some(lines) = numbered_java(number, trimmed)? {
            changed = true;
            for code in lines {
                push(&code);
            }
            continue;
        }
        if in_xml && trimmed.starts_with('<') {
            let plain = unspaced_tags(line);
            changed |= plain != line;
            push(&plain);
            continue;
        }
        push(line);
    }
    Ok(changed.then_some(out))
}

/// The cells of a `| a | b |` line, `\|` kept as a `|` inside a cell.
fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cells.last_mut()?.push('|');
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut()?.push(c),
        }
    }
    Some(cells)
}

fn is_separator(cell: &str) -> bool {
    let cell = cell.trim();
    let dashes = cell.trim_start_matches(':').trim_end_matches(':');
    !dashes.is_empty() && dashes.chars().all(|c| c == '-')
}

/// A header row: the table it starts, or `None` for a row that is not a header.
fn header(number: usize, cells: &[String]) -> Result<Option<Table>, ImportError> {
    let names: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
    if names.first() == Some(&"错误码") {
        return Ok(Some(Table::Errors));
    }
    if !names.contains(&"名称") {
        return Ok(None);
    }
    let columns = names
        .iter()
        .map(|name| match *name {
            "名称" => Ok(Column::Name),
            "类型" => Ok(Column::Type),
            "是否必须" => Ok(Column::Required),
            "示例值" => Ok(Column::Example),
            "更多限制" => Ok(Column::Constraints),
            "描述" => Ok(Column::Description),
            other => Err(rendering_error(
                number,
                format!("its table has a column `{other}` this importer does not know"),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !columns.contains(&Column::Type) {
        return Err(rendering_error(
            number,
            "its table header has no `类型` column",
        ));
    }
    Ok(Some(Table::Parameters(columns)))
}

/// One parameter row in the plain rendering: its line (and constraint and description
/// bullets) for a top-level row, its bullets for a nested one.
fn parameter_row(
    number: usize,
    columns: &[Column],
    cells: &[String],
) -> Result<Vec<String>, ImportError> {
    if cells.len() != columns.len() {
        return Err(rendering_error(
            number,
            format!(
                "this row has {} cells where the header has {}",
                cells.len(),
                columns.len()
            ),
        ));
    }
    let cell = |column: Column| -> &str {
        columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| cells.get(i))
            .map_or("", |c| c.trim())
    };
    let raw_name = columns
        .iter()
        .position(|c| *c == Column::Name)
        .and_then(|i| cells.get(i))
        .map_or("", String::as_str);
    // Nested: `└ name`, a kept bullet `• name`, or a name indented inside its cell.
    let indented = raw_name.starts_with("   ") || raw_name.starts_with('\u{3000}');
    let name = cell(Column::Name);
    let (bullet, name) = match name.strip_prefix('•') {
        Some(rest) => (true, rest.trim()),
        None => (false, name),
    };
    let (corner, name) = match name.strip_prefix('└') {
        Some(rest) => (true, rest.trim()),
        None => (false, name),
    };
    let nested = bullet || corner || indented;
    let constraints: Vec<&str> = cell(Column::Constraints)
        .split(['•', '\n'])
        .flat_map(|part| part.split("<br>"))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let head = [
        cell(Column::Type),
        cell(Column::Required),
        cell(Column::Example),
    ];
    let description = cell(Column::Description);
    let mut lines = Vec::new();
    if nested {
        let mark = if corner { "└ " } else { "" };
        lines.push(format!("  • {mark}{name}"));
        lines.extend(
            head.iter()
                .filter(|c| !c.is_empty())
                .map(|c| format!("  • {c}")),
        );
        lines.extend(constraints.iter().map(|c| format!("  • {c}")));
        if !description.is_empty() {
            lines.push(format!("  • {description}"));
        }
        return Ok(lines);
    }
    let mut first: Vec<&str> = vec![name];
    first.extend(head.iter().filter(|c| !c.is_empty()));
    if constraints.is_empty() {
        if !description.is_empty() {
            first.push(description);
        }
        lines.push(first.join(" "));
    } else {
        lines.push(first.join(" "));
        lines.extend(constraints.iter().map(|c| format!("  • {c}")));
        if !description.is_empty() {
            lines.push(format!("  • {description}"));
        }
    }
    Ok(lines)
}

/// `1 2 3 code...`: the Java sample on one line behind its line numbers, as its lines;
/// `None` for any other line.
fn numbered_java(number: usize, line: &str) -> Result<Option<Vec<String>>, ImportError> {
    let mut rest = line;
    let mut count = 0usize;
    loop {
        let expected = (count + 1).to_string();
        match rest.strip_prefix(expected.as_str()) {
            Some(after) if after.starts_with(' ') => {
                count += 1;
                rest = after.trim_start();
            }
            _ => break,
        }
    }
    if count == 0 || rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if c == ';' && chars.peek() == Some(&' ') {
            lines.push(std::mem::take(&mut current));
            while chars.peek() == Some(&' ') {
                chars.next();
            }
        }
    }
    if !current.trim().is_empty() {
        lines.push(current);
    }
    if lines.len() != count {
        return Err(rendering_error(
            number,
            format!(
                "its one-line Java sample numbers {count} lines but splits after `; ` into {}: \
                 the lines cannot be told apart",
                lines.len()
            ),
        ));
    }
    Ok(Some(lines))
}

/// `< result >` → `<result>`, `</ result >` → `</result>`, `< br / >` → `<br/>`: whitespace
/// next to a tag's `<`, `/` and `>` removed; text between tags untouched.
fn unspaced_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            out.push(c);
            continue;
        }
        out.push('<');
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&'/') {
            out.push('/');
            chars.next();
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
        }
        // The tag's body up to `>`, with the whitespace before `>` or a closing `/` dropped.
        let mut body = String::new();
        for c in chars.by_ref() {
            if c == '>' {
                let mut trimmed = body.trim_end().to_owned();
                if let Some(before) = trimmed.strip_suffix('/') {
                    trimmed = format!("{}/", before.trim_end());
                }
                out.push_str(&trimmed);
                out.push('>');
                body.clear();
                break;
            }
            body.push(c);
        }
        // An unclosed tag: kept as it was, for the XML parser to report.
        out.push_str(&body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{normalize, numbered_java, unspaced_tags};

    #[test]
    fn a_plain_page_is_left_alone() {
        let page = "请求参数\n\n名称 类型 是否必须 示例值 更多限制 描述\nshop_id Number 必须 1 门店Id\n\
                    请求示例\nreq.setShopId(1L);\n响应示例\n<a_response>\n</a_response>\n";
        assert!(normalize(page).unwrap().is_none());
    }

    #[test]
    fn tags_lose_their_spaces_and_text_keeps_them() {
        assert_eq!(
            unspaced_tags("    < result >a b</ result >< x / >"),
            "    <result>a b</result><x/>"
        );
    }

    #[test]
    fn a_numbered_java_line_splits_into_its_lines() {
        let lines = numbered_java(3, "1 2 3 A a = new A(); a.set(\"x y\"); a.go();")
            .unwrap()
            .unwrap();
        assert_eq!(lines, ["A a = new A();", "a.set(\"x y\");", "a.go();"]);
        assert!(numbered_java(3, "req.setShopId(1L);").unwrap().is_none());
        let error = numbered_java(3, "1 2 A a = new A(); a.set(\"p; q\"); a.go();").unwrap_err();
        assert_eq!(error.line, Some(3));
        assert!(
            error
                .message
                .starts_with("this page is in the table (\"|\") rendering")
        );
    }

    #[test]
    fn rows_become_plain_rows_and_bullets_with_their_page_lines() {
        let page = "请求参数\n\
                    | 名称 | 类型 | 是否必须 | 示例值 | 更多限制 | 描述 |\n\
                    | --- | --- | --- | --- | --- | --- |\n\
                    | ids | Number [] | 必须 | 1,2 | 最大列表长度:5 | 编号 |\n\
                    | └ name | String | 可选 | 可乐 | | 名称\\|别名 |\n";
        let normalized = normalize(page).unwrap().unwrap();
        assert_eq!(
            normalized.text,
            "请求参数\n名称 类型 是否必须 示例值 更多限制 描述\nids Number [] 必须 1,2\n  • 最大列表长度:5\n  • 编号\n\
             \x20 • └ name\n  • String\n  • 可选\n  • 可乐\n  • 名称|别名\n"
        );
        assert_eq!(normalized.page_line(3), 4);
        assert_eq!(normalized.page_line(6), 5);
        let error = normalize("| a | b |\n").unwrap_err();
        assert_eq!(error.line, Some(1));
    }
}
