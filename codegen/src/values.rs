//! Whether a text is a value of a documented type. The one check behind the loader's
//! example validation and the importer's choice between `example` and
//! `mismatched_example`, so the two can never disagree.

use std::fmt;

use crate::spec::EnumSpec;
use crate::types::TypeRef;

/// Why a text is not a value of a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// For a list, the 1-based position of the first item that is not a value.
    pub item: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Some(item) => write!(f, "item {item} of the list: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Why `text` is not a value of `ty` with the documented `enumeration`, if it is not. A
/// list's text is its items, comma-separated (as the pages show them).
pub(crate) fn problem(ty: &TypeRef, enumeration: Option<&EnumSpec>, text: &str) -> Option<Problem> {
    match ty {
        TypeRef::List(item) => text.split(',').enumerate().find_map(|(index, part)| {
            scalar_problem(item, enumeration, part.trim()).map(|message| Problem {
                item: Some(index + 1),
                message,
            })
        }),
        ty => scalar_problem(ty, enumeration, text).map(|message| Problem {
            item: None,
            message,
        }),
    }
}

fn scalar_problem(ty: &TypeRef, enumeration: Option<&EnumSpec>, text: &str) -> Option<String> {
    // One line always: control characters (a line break too) are shown escaped.
    let shown = if text.chars().any(char::is_control) {
        text.escape_debug().to_string()
    } else {
        text.to_owned()
    };
    if let Some(enumeration) = enumeration
        && matches!(ty, TypeRef::Number | TypeRef::String)
    {
        return if enumeration.values.iter().any(|v| v.value == text) {
            None
        } else if *ty == TypeRef::Number && text.parse::<i64>().is_err() {
            Some(format!("`{shown}` is not a Number"))
        } else {
            let values: Vec<&str> = enumeration
                .values
                .iter()
                .map(|v| v.value.as_str())
                .collect();
            Some(format!(
                "`{shown}` is not one of the enum's values ({})",
                values.join(", ")
            ))
        };
    }
    match ty {
        TypeRef::Number => text.parse::<i64>().err().map(|_| {
            format!("`{shown}` is not a Number (an integer from -2^63 to 2^63-1, digits only)")
        }),
        TypeRef::Boolean => (!matches!(text, "true" | "false"))
            .then(|| format!("`{shown}` is not a Boolean (`true` or `false`)")),
        TypeRef::Date => date_problem(text)
            .map(|problem| format!("`{shown}` is not a Date (`yyyy-MM-dd HH:mm:ss`): {problem}")),
        TypeRef::Json => serde_json::from_str::<serde_json::Value>(text)
            .err()
            .map(|error| format!("`{shown}` is not valid JSON: {error}")),
        TypeRef::String
        | TypeRef::Price
        | TypeRef::File
        | TypeRef::Object(_)
        | TypeRef::List(_) => None,
    }
}

/// Why `text` is not a real `yyyy-MM-dd HH:mm:ss` date and time, if it is not.
pub(crate) fn date_problem(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 19
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b' ',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Some("expected digits in that layout".to_owned());
    }
    // Only ASCII digits and separators from here on, so the slices are on char boundaries.
    let number = |from: usize, to: usize| -> u32 {
        text.get(from..to)
            .and_then(|digits| digits.parse().ok())
            .unwrap_or(u32::MAX)
    };
    let (year, month, day) = (number(0, 4), number(5, 7), number(8, 10));
    let (hour, minute, second) = (number(11, 13), number(14, 16), number(17, 19));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Some(format!("there is no month {month}")),
    };
    if day == 0 || day > days {
        return Some(format!("month {month} of {year} has no day {day}"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Some(format!(
            "{hour:02}:{minute:02}:{second:02} is not a time of day (00:00:00 to 23:59:59)"
        ));
    }
    None
}
