//! Finds the line of a value in a spec's YAML text from its field path
//! (`request[1].fields[0].example`), for errors found after parsing, when serde no longer
//! knows where a value was. It reads the block layout `spec/` uses (the importer's and the
//! hand-written specs'); for anything else (flow style, odd indentation) it gives up, and the
//! error is printed without a line.

/// One step of a field path.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(at) => part.split_at(at),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(tail) = rest.strip_prefix('[') {
            let (index, after) = tail.split_once(']')?;
            out.push(Step::Index(index.parse().ok()?));
            rest = after;
        }
    }
    Some(out)
}

/// A line's indentation and its content after any `- ` sequence markers, with the column
/// where that content starts; `None` for blank lines and comments.
fn content(line: &str) -> Option<(usize, usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let indent = line.len() - trimmed.len();
    let mut rest = trimmed;
    while let Some(after) = rest.strip_prefix("- ") {
        rest = after.trim_start_matches(' ');
    }
    Some((indent, line.len() - rest.len(), rest))
}

/// The 1-based line of the value at `path`.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    // The lines of the current node: [start, end), and whether `start` itself is its first
    // line (a sequence item) or only its key line (a mapping value below it).
    let (mut start, mut end) = (0, lines.len());
    let mut found = None;
    for step in steps(path)? {
        match step {
            Step::Key(key) => {
                // The keys of this mapping sit at the column of its first content.
                let column = (start..end).find_map(|i| content(lines.get(i)?).map(|c| c.1))?;
                let at = (start..end).find(|&i| {
                    lines
                        .get(i)
                        .and_then(|l| content(l))
                        .is_some_and(|(_, col, rest)| {
                            col == column
                                && rest.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
                        })
                })?;
                // The value runs until the next line at this mapping's column or left of it.
                let next = (at + 1..end)
                    .find(|&i| {
                        lines
                            .get(i)
                            .and_then(|l| content(l))
                            .is_some_and(|(indent, col, _)| indent < column || col == column)
                    })
                    .unwrap_or(end);
                found = Some(at);
                start = at;
                end = next;
                // Below the key line, unless the value sits on the key line itself.
                if next > at + 1 {
                    start = at + 1;
                }
            }
            Step::Index(index) => {
                let items: Vec<usize> = {
                    let dash = (start..end).find_map(|i| {
                        let line = lines.get(i)?;
                        let (indent, _, _) = content(line)?;
                        line.get(indent..)?.starts_with("- ").then_some(indent)
                    })?;
                    (start..end)
                        .filter(|&i| {
                            lines.get(i).is_some_and(|line| {
                                line.get(..dash).is_some_and(|pad| pad.trim().is_empty())
                                    && line.get(dash..).is_some_and(|l| l.starts_with("- "))
                            })
                        })
                        .collect()
                };
                let at = *items.get(index)?;
                end = items.get(index + 1).copied().unwrap_or(end);
                start = at;
                found = Some(at);
            }
        }
    }
    found.map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::line_of;

    const SPEC: &str = "\
method: a.b
request:
  - name: shop_id
    type: Number
    example: \"1\"
  - name: pay
    type: Pay
    fields:
      - name: x
        type: Date
        example: \"2024-13-45 99:99:99\"
      - name: y
        example: \"2\"
response:
  root: a_b_response
  fields:
    - name: result
      example: \"3\"
";

    #[test]
    fn finds_nested_values() {
        assert_eq!(line_of(SPEC, "method"), Some(1));
        assert_eq!(line_of(SPEC, "request[0].example"), Some(5));
        assert_eq!(line_of(SPEC, "request[1].fields[0].example"), Some(11));
        assert_eq!(line_of(SPEC, "request[1].fields[1].example"), Some(13));
        assert_eq!(line_of(SPEC, "response.fields[0].example"), Some(18));
        assert_eq!(line_of(SPEC, "request[2].example"), None);
        assert_eq!(line_of(SPEC, "request[0].nothing"), None);
    }
}
