//! The page's 错误码解释 table: validated, and given the constant names users match on.
//!
//! A code is what a user compares with TOP's `sub_code` (or, when numeric, `code`), and it
//! becomes the name of a generated constant, so it must be one token of the characters TOP
//! codes are made of (`isv.invalid-parameter`, `isp.top-remote-connection-timeout`,
//! `isv.item-not-exist:invalid-numIid`, `50`, `ORDER_NOT_FOUND`). Descriptions and solutions
//! are page text: any text, carried as [`PageText`].

use std::collections::BTreeMap;

use crate::error::SpecError;
use crate::ir::{DocumentedError, PageText};
use crate::spec::ErrorSpec;

/// The characters a documented code may hold besides ASCII letters and digits.
const CODE_PUNCTUATION: [char; 4] = ['.', '-', '_', ':'];

/// Validates the table of `file` and lowers it, rows in page order.
pub fn lower(file: &str, errors: &[ErrorSpec]) -> Result<Vec<DocumentedError>, SpecError> {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_constant: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(errors.len());
    for (index, error) in errors.iter().enumerate() {
        let path = format!("errors[{index}].code");
        let fail = |message: String| Err(SpecError::new(file, path.clone(), message));
        let code = error.code.as_str();
        if code.is_empty() {
            return fail("empty: every row of the error table needs its code".to_owned());
        }
        if let Some(bad) = code
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && !CODE_PUNCTUATION.contains(c))
        {
            return fail(format!(
                "`{code}` is not an error code: {bad:?} is not an ASCII letter, digit, `.`, `-`, `_` or `:`"
            ));
        }
        let Some(constant) = constant_name(code) else {
            return fail(format!("`{code}` has no letter or digit to name it by"));
        };
        if syn::parse_str::<syn::Ident>(&constant).is_err() {
            return fail(format!(
                "`{code}` gives the constant `{constant}`, which is not an identifier"
            ));
        }
        if let Some(first) = by_code.insert(code, index) {
            return fail(format!(
                "`{code}` is documented twice (first at errors[{first}])"
            ));
        }
        if let Some(first) = by_constant.insert(constant.clone(), index) {
            let other = errors.get(first).map_or("", |e| e.code.as_str());
            return fail(format!(
                "`{code}` and `{other}` (errors[{first}]) both give the constant `{constant}`"
            ));
        }
        let text = |text: &Option<String>| {
            text.as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(PageText::new)
        };
        out.push(DocumentedError {
            code: code.to_owned(),
            constant,
            description: text(&error.description),
            solution: text(&error.solution),
        });
    }
    Ok(out)
}

/// `isv.invalid-parameter` → `ISV_INVALID_PARAMETER`; a leading digit gets `CODE_` (`50` →
/// `CODE_50`). `None` when the code has no letter or digit.
pub fn constant_name(code: &str) -> Option<String> {
    let mut name = String::with_capacity(code.len() + 5);
    for c in code.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_uppercase());
        } else if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_end_matches('_');
    if name.is_empty() {
        return None;
    }
    Some(if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("CODE_{name}")
    } else {
        name.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::constant_name;

    #[test]
    fn constants_are_screaming_snake_case_of_the_code() {
        assert_eq!(
            constant_name("isv.invalid-parameter").as_deref(),
            Some("ISV_INVALID_PARAMETER")
        );
        assert_eq!(
            constant_name("isv.item-not-exist:invalid-numIid").as_deref(),
            Some("ISV_ITEM_NOT_EXIST_INVALID_NUMIID")
        );
        assert_eq!(constant_name("50").as_deref(), Some("CODE_50"));
        assert_eq!(constant_name("_x__y_").as_deref(), Some("X_Y"));
        assert_eq!(constant_name(".-:"), None);
    }
}
