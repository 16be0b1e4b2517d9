//! The 错误码解释 (error code explanation) table at the end of a page: a header
//! `错误码 错误描述 解决方案`, then one row per code, then the page's footer (`API工具`,
//! `如何获得此API`, `FAQ`, `返回`, `顶部`).
//!
//! A row is `code description solution`. The code is the first token (codes hold no space).
//! Copies of pages separate the other two cells differently, so they are told apart by
//! evidence, in this order:
//! 1. a tab or a run of two or more spaces separates cells (a copy that kept the table's
//!    cell breaks): split there;
//! 2. otherwise the cells are single-space separated tokens. Text in a Chinese cell holds no
//!    space, so one token is the description and two are description and solution;
//! 3. an English cell starts with a capital letter and holds spaces: in a rest made only of
//!    ASCII, each capitalised word starts a cell (`Invalid parameter Check the parameters`);
//! 4. a rest of more tokens whose one inner token ends a sentence (`。`, `.`, `!`, `！`, `；`,
//!    `;`) splits after it;
//! 5. anything else is ambiguous: an error naming the line, rather than a guess.
//!
//! A line that does not start with a code continues the last cell of the row above it (a cell
//! broken over lines). Empty cells are `None`.

use super::ImportError;
use crate::spec::ErrorSpec;

const SECTION: &str = "错误码解释";
const AFTER: &str = "异常示例";
const FOOTER: [&str; 6] = [
    "API工具",
    "如何获得此API",
    "FAQ",
    "返回",
    "顶部",
    "返回顶部",
];

/// The rows of the page's error table; empty when the page has no table or an empty one.
pub fn parse(text: &str) -> Result<Vec<ErrorSpec>, ImportError> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    // The table follows the error example, like the section finder of `page` does.
    let after = lines
        .iter()
        .position(|(_, l)| l.trim() == AFTER)
        .unwrap_or(0);
    let Some(start) = lines
        .iter()
        .skip(after)
        .position(|(_, l)| l.trim() == SECTION)
        .map(|i| i + after + 1)
    else {
        return Ok(Vec::new());
    };
    let mut rows: Vec<ErrorSpec> = Vec::new();
    let mut row_lines: Vec<usize> = Vec::new();
    for (number, line) in lines.get(start..).unwrap_or_default() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("错误码") {
            continue;
        }
        if FOOTER.contains(&trimmed) {
            break;
        }
        let first = trimmed.split_whitespace().next().unwrap_or_default();
        if is_code(first) {
            rows.push(row(
                *number,
                line.trim_start().trim_end_matches([' ', '\r']),
                first,
            )?);
            row_lines.push(*number);
            continue;
        }
        // A cell continued on its own line: the last cell the row above has.
        let Some(last) = rows.last_mut() else {
            return Err(ImportError::at(
                *number,
                format!(
                    "cannot read `{trimmed}` as a row of the error table (`code description solution`)"
                ),
            ));
        };
        let cell = match (&mut last.solution, &mut last.description) {
            (Some(solution), _) => solution,
            (None, Some(description)) => description,
            (None, None) => last.description.insert(String::new()),
        };
        if !cell.is_empty() {
            cell.push('\n');
        }
        cell.push_str(trimmed);
    }
    // The loader's own checks of the table (unique codes, their characters), at the row's line.
    if let Err(error) = crate::error_table::lower("page", &rows) {
        let line = error
            .path
            .split('.')
            .next()
            .and_then(|segment| super::build::path_index(segment, "errors"))
            .and_then(|index| row_lines.get(index));
        return Err(match line {
            Some(line) => ImportError::at(*line, error.message),
            None => ImportError::page(error.message),
        });
    }
    Ok(rows)
}

/// A first token that is a code: `isv.invalid-parameter`, `isp.x`, `50`, `ORDER_NOT_FOUND`,
/// `isv.item-not-exist:invalid-numIid`; not a word of a continued sentence (`Check`, `请`).
fn is_code(token: &str) -> bool {
    let charset = !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    let shaped = token.contains(['.', '-', '_', ':'])
        || token.chars().all(|c| c.is_ascii_digit())
        || token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    charset && shaped
}

fn row(number: usize, line: &str, code: &str) -> Result<ErrorSpec, ImportError> {
    let rest = line.get(code.len()..).unwrap_or_default();
    let cells = cells(rest).ok_or_else(|| {
        ImportError::at(
            number,
            format!(
                "cannot tell the description from the solution in `{}` (error code `{code}`): \
                 separate the two cells with a tab",
                rest.trim()
            ),
        )
    })?;
    let mut cells = cells.into_iter().map(|c| Some(c).filter(|c| !c.is_empty()));
    let description = cells.next().flatten();
    let solution = cells.next().flatten();
    if let Some(extra) = cells.next().flatten() {
        return Err(ImportError::at(
            number,
            format!(
                "the error code `{code}` has more cells than a description and a solution (`{extra}`)"
            ),
        ));
    }
    Ok(ErrorSpec {
        code: code.to_owned(),
        description,
        solution,
    })
}

/// The cells of a row after its code, by the rules of the module doc (an empty string for
/// an empty cell); `None` when the evidence does not decide.
fn cells(rest: &str) -> Option<Vec<String>> {
    if rest.contains('\t') {
        // Cell breaks kept as tabs: positions count, so an empty description stays empty.
        let rest = rest.strip_prefix('\t').unwrap_or(rest.trim_start());
        let mut cells: Vec<String> = rest.split('\t').map(|c| c.trim().to_owned()).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        return Some(cells);
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(Vec::new());
    }
    if rest.contains("  ") {
        return Some(
            rest.split("  ")
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .map(str::to_owned)
                .collect(),
        );
    }
    let tokens: Vec<&str> = rest.split(' ').filter(|t| !t.is_empty()).collect();
    if rest.is_ascii() {
        let mut cells: Vec<Vec<&str>> = Vec::new();
        for token in &tokens {
            match cells.last_mut() {
                Some(cell) if !token.starts_with(|c: char| c.is_ascii_uppercase()) => {
                    cell.push(token)
                }
                _ => cells.push(vec![token]),
            }
        }
        return (cells.len() <= 2).then(|| cells.iter().map(|c| c.join(" ")).collect());
    }
    if tokens.len() <= 2 {
        return Some(tokens.iter().map(|t| (*t).to_owned()).collect());
    }
    let ends_sentence = |t: &&str| t.ends_with(['。', '.', '!', '！', '；', ';']);
    let inner = tokens.get(..tokens.len() - 1).unwrap_or_default();
    let mut ends = inner
        .iter()
        .enumerate()
        .filter(|(_, t)| ends_sentence(t))
        .map(|(i, _)| i);
    match (ends.next(), ends.next()) {
        (Some(at), None) => Some(vec![
            tokens.get(..=at).unwrap_or_default().join(" "),
            tokens.get(at + 1..).unwrap_or_default().join(" "),
        ]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{cells, parse};

    fn table(rows: &str) -> String {
        format!(
            "异常示例\n\n<error_response/>\n\n错误码解释\n\n错误码 错误描述 解决方案\n{rows}\nAPI工具\n\n如何获得此API\n"
        )
    }

    #[test]
    fn an_empty_table_or_none_gives_no_rows() {
        assert_eq!(parse(&table("")).unwrap(), []);
        assert_eq!(parse("no table here").unwrap(), []);
    }

    #[test]
    fn cells_are_told_apart_by_evidence() {
        let split = |rest: &str| cells(rest).map(|c| c.join("|"));
        assert_eq!(
            split(" 参数错误 检查参数").as_deref(),
            Some("参数错误|检查参数")
        );
        assert_eq!(split(" 参数错误").as_deref(), Some("参数错误"));
        assert_eq!(split("").as_deref(), Some(""));
        assert_eq!(split("\t\t检查参数").as_deref(), Some("|检查参数"));
        assert_eq!(
            split("\t订单 不存在\t请先 创建订单").as_deref(),
            Some("订单 不存在|请先 创建订单")
        );
        assert_eq!(
            split(" Invalid parameter Check the parameters").as_deref(),
            Some("Invalid parameter|Check the parameters")
        );
        assert_eq!(
            split(" Invalid parameter").as_deref(),
            Some("Invalid parameter")
        );
        assert_eq!(
            split(" 订单不存在。 请检查 order_id").as_deref(),
            Some("订单不存在。|请检查 order_id")
        );
        assert_eq!(split(" 参数 shop_id 错误"), None);
        assert_eq!(split(" Invalid App Key Check it"), None);
    }

    #[test]
    fn rows_continue_and_end_at_the_footer() {
        let rows = parse(&table(
            "isv.a 参数错误 检查参数\n请联系客服\nisv.b\n50 服务错误\nisv.c Bad value",
        ))
        .unwrap();
        let flat: Vec<(&str, Option<&str>, Option<&str>)> = rows
            .iter()
            .map(|r| {
                (
                    r.code.as_str(),
                    r.description.as_deref(),
                    r.solution.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            flat,
            [
                ("isv.a", Some("参数错误"), Some("检查参数\n请联系客服")),
                ("isv.b", None, None),
                ("50", Some("服务错误"), None),
                ("isv.c", Some("Bad value"), None),
            ]
        );
    }

    #[test]
    fn ambiguous_and_unreadable_rows_name_their_line() {
        let error = parse(&table("isv.a 参数 shop_id 错误")).unwrap_err();
        assert_eq!(error.line, Some(8));
        assert!(
            error.message.contains("separate the two cells with a tab"),
            "{error}"
        );
        let error = parse(&table("请先检查")).unwrap_err();
        assert_eq!(error.line, Some(8));
    }
}
